"""Commission reviewers comment, request changes, approve or reject."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from partnerships.declarations import publication, review
from partnerships.declarations.api import DeclarationDetailSerializer
from partnerships.declarations.api_actions.common import (
    answer_with,
    audit_token_use,
    example_after,
    reviewed_or_404,
    run_service,
)
from partnerships.models import Section

# --- Commission reviewers ----------------------------------------------------------------------------


class CommentInput(serializers.Serializer):
    section = serializers.ChoiceField(choices=Section.choices)
    body = serializers.CharField(max_length=5000)


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class CommentAdd(APIView):
    """Comment on a section of a submitted version (staff reviewers)."""

    @extend_schema(
        request=CommentInput,
        responses={201: DeclarationDetailSerializer},
        examples=[
            example_after("201"),
            OpenApiExample(
                "A comment",
                value={"section": "objectives", "body": "Say how many."},
                request_only=True,
            ),
        ],
    )
    def post(self, request, slug: str, number: int):
        version = reviewed_or_404(request, slug, number)
        body = CommentInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        run_service(
            lambda: review.add_comment(
                version, section=data["section"], body=data["body"], actor=request.user
            )
        )
        audit_token_use(request, version, "comment")
        return answer_with(request, version, status=201)


class ReviewDecision(APIView):
    """Request changes, approve or reject a submitted version (staff reviewers)."""

    decision = ""

    @extend_schema(
        request=ReasonInput,
        responses=DeclarationDetailSerializer,
        examples=[
            example_after(),
            OpenApiExample("A reason", value={"reason": "Targets need dates."}, request_only=True),
        ],
    )
    def post(self, request, slug: str, number: int):
        version = reviewed_or_404(request, slug, number)
        body = ReasonInput(data=request.data)
        body.is_valid(raise_exception=True)
        reason = body.validated_data["reason"]
        actions = {
            "request_changes": lambda: review.request_changes(
                version, reason=reason, actor=request.user
            ),
            "approve": lambda: publication.approve(version, actor=request.user, note=reason),
            "reject": lambda: review.reject(version, reason=reason, actor=request.user),
        }
        run_service(actions[self.decision])
        audit_token_use(request, version, self.decision)
        return answer_with(request, version)
