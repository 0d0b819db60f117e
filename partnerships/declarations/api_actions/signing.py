"""An organisation's administrators sign or decline the text they read."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.views import APIView

from pact import access
from pact.access import Perm
from partnerships.declarations import signatures
from partnerships.declarations.api import DeclarationDetailSerializer
from partnerships.declarations.api_actions.common import (
    answer_with,
    example_after,
    run_service,
    version_or_404,
)
from partnerships.models import Signature

# --- the signing organisation ------------------------------------------------------------------------


class SignInput(serializers.Serializer):
    sign = serializers.BooleanField(help_text="true to sign, false to decline.")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    signer_role = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        default="",
        help_text="Your role in the organisation. With your name, it becomes part of the "
        "published declaration and stays there after your account is deleted.",
    )
    content_hash = serializers.CharField(
        max_length=64,
        allow_blank=True,
        help_text="The content hash of the text you read (from the version).",
    )


class SignatureAnswer(APIView):
    """Sign (or decline) for your organisation the text whose ``content_hash`` you read."""

    @extend_schema(
        request=SignInput,
        responses=DeclarationDetailSerializer,
        examples=[
            example_after(),
            OpenApiExample(
                "Sign", value={"sign": True, "content_hash": "9f2c1e…"}, request_only=True
            ),
        ],
    )
    def post(self, request, slug: str, number: int, pk: int):
        version = version_or_404(request, slug, number)
        signature = Signature.objects.filter(version=version, pk=pk).first()
        if signature is None or not access.can(request.user, Perm.ORG_SIGN, signature.organisation):
            raise exceptions.NotFound()
        body = SignInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        run_service(
            lambda: signatures.answer_signature(
                signature,
                sign=data["sign"],
                comment=data["comment"],
                content_hash_read=data["content_hash"],
                actor=request.user,
                signer_role=data["signer_role"],
            )
        )
        return answer_with(request, version)
