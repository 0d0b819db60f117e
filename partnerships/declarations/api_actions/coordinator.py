"""The coordinator's actions: edit a section, add and remove commitments with their targets, ask for
signatures, submit."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.views import APIView

from commitments.models import Commitment, Indicator, Unit
from members.models import Organisation
from pact.kernel.api.plumbing import check_if_match
from partnerships.declarations import drafting, review, signatures
from partnerships.declarations.api import DeclarationDetailSerializer
from partnerships.declarations.api_actions.common import (
    answer_with,
    coordinated_or_404,
    example_after,
    run_service,
)

# --- the coordinator -------------------------------------------------------------------------------


class SectionSerializer(serializers.Serializer):
    language = serializers.CharField(required=False, max_length=10)
    challenges = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    objectives = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    ambition = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    governance_coordination = serializers.CharField(
        required=False, allow_blank=True, max_length=20000
    )
    governance_decision_making = serializers.CharField(
        required=False, allow_blank=True, max_length=20000
    )
    governance_monitoring = serializers.CharField(
        required=False, allow_blank=True, max_length=20000
    )


class SectionEdit(APIView):
    """Change a text section of the draft (``challenges`` with ``language``, ``objectives``,
    ``ambition``, ``governance``); needs ``If-Match`` with the version's ETag."""

    @extend_schema(
        request=SectionSerializer,
        responses=DeclarationDetailSerializer,
        examples=[
            example_after(),
            OpenApiExample(
                "New objectives",
                value={"objectives": "Upskill 6,000 workers by 2030."},
                request_only=True,
            ),
        ],
    )
    def patch(self, request, slug: str, number: int, section: str):
        version = coordinated_or_404(request, slug, number)
        if section not in drafting.TEXT_SECTIONS:
            raise exceptions.NotFound()
        read = check_if_match(request, version)
        body = SectionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        allowed = set(drafting.TEXT_SECTIONS[section])
        extra = set(body.validated_data) - allowed
        if extra:
            raise exceptions.ValidationError(
                {name: ["Not part of this section."] for name in extra}
            )
        run_service(
            lambda: drafting.save_section(
                version, section, dict(body.validated_data), lock_version=read, actor=request.user
            )
        )
        return answer_with(request, version)


class TargetInput(serializers.Serializer):
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())
    unit = serializers.ChoiceField(
        choices=Unit.choices, required=False, allow_blank=True, default=""
    )
    baseline = serializers.DecimalField(max_digits=16, decimal_places=2, default=Decimal(0))
    target_value = serializers.DecimalField(max_digits=16, decimal_places=2)
    target_date = serializers.DateField()
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=300, default=""
    )


class CommitmentInput(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    responsible_organisations = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.all(), many=True, required=False
    )
    targets = TargetInput(many=True, min_length=1, max_length=50)  # type: ignore[call-arg]


class CommitmentAdd(APIView):
    """Add a commitment with its targets to the draft; needs ``If-Match``."""

    @extend_schema(
        request=CommitmentInput,
        responses={201: DeclarationDetailSerializer},
        examples=[
            example_after("201"),
            OpenApiExample(
                "A commitment with one target",
                value={
                    "title": "Train workers in digital skills",
                    "responsible_organisations": ["politecnico-milano"],
                    "targets": [
                        {
                            "indicator": "people-upskilled",
                            "target_value": "5000",
                            "target_date": "2030-12-31",
                        }
                    ],
                },
                request_only=True,
            ),
        ],
    )
    def post(self, request, slug: str, number: int):
        version = coordinated_or_404(request, slug, number)
        read = check_if_match(request, version)
        body = CommitmentInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        targets = [dict(t) for t in data.pop("targets")]
        run_service(
            lambda: drafting.save_commitment(
                version, None, data=data, targets=targets, lock_version=read, actor=request.user
            )
        )
        return answer_with(request, version, status=201)


class CommitmentRemove(APIView):
    """Remove a commitment (and its targets) from the draft; needs ``If-Match``."""

    @extend_schema(request=None, responses=DeclarationDetailSerializer, examples=[example_after()])
    def delete(self, request, slug: str, number: int, uid):
        version = coordinated_or_404(request, slug, number)
        commitment = Commitment.objects.filter(declaration_version=version, uid=uid).first()
        if commitment is None:
            raise exceptions.NotFound()
        read = check_if_match(request, version)
        run_service(
            lambda: drafting.delete_commitment(
                version, commitment, lock_version=read, actor=request.user
            )
        )
        return answer_with(request, version)


class SignatureRequestInput(serializers.Serializer):
    organisations = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.all(), many=True
    )


class SignaturesRequest(APIView):
    """Ask member organisations to sign the draft (their administrators get an email)."""

    @extend_schema(
        request=SignatureRequestInput,
        responses=DeclarationDetailSerializer,
        examples=[
            example_after(),
            OpenApiExample(
                "Two members", value={"organisations": ["org-a", "org-b"]}, request_only=True
            ),
        ],
    )
    def post(self, request, slug: str, number: int):
        version = coordinated_or_404(request, slug, number)
        body = SignatureRequestInput(data=request.data)
        body.is_valid(raise_exception=True)
        organisations = body.validated_data["organisations"]
        run_service(
            lambda: signatures.request_signatures(version, organisations, actor=request.user)
        )
        return answer_with(request, version)


class SubmitDeclaration(APIView):
    """Submit the complete, signed draft to the Commission; needs ``If-Match``."""

    @extend_schema(request=None, responses=DeclarationDetailSerializer, examples=[example_after()])
    def post(self, request, slug: str, number: int):
        version = coordinated_or_404(request, slug, number)
        read = check_if_match(request, version)
        run_service(lambda: review.submit(version, lock_version=read, actor=request.user))
        return answer_with(request, version)
