"""REST API, write side of declarations: the same services as the pages, with the same rules.

For the coordinator: edit a text section, add and remove commitments with their targets, ask
member organisations to sign, submit (each naming the version read with ``If-Match``). For an
organisation's administrators: sign or decline the text read. For Commission reviewers: comment,
request changes, approve, reject; a decision taken with a token is audited with the token.
Anyone who may not read the version gets 404; who may read it but not act gets 404 as well, so
a write reveals nothing a read does not.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import ProtectedError
from django.urls import path
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from commitments.models import Commitment, Indicator, Unit
from members.models import Organisation
from pact import access
from pact.access import Perm
from pact.kernel.api.plumbing import Conflict, check_if_match
from pact.kernel.audit import log_action
from pact.models import ApiToken
from partnerships.declarations import (
    drafting,
    publication,
    review,
    selectors,
    signatures,
    translations,
)
from partnerships.declarations.api import DETAIL_EXAMPLE, DeclarationDetailSerializer
from partnerships.declarations.common import DeclarationError, Incomplete
from partnerships.models import DeclarationVersion, Section, Signature


def _version(request, slug: str, number: int) -> DeclarationVersion:
    partnership = selectors.get_partnership_for_declaration(request.user, slug)
    version = selectors.get_version_or_404(request.user, partnership, number)
    return version


def _coordinated(request, slug: str, number: int) -> DeclarationVersion:
    version = _version(request, slug, number)
    if not access.can(request.user, Perm.PS_COORDINATE, version.partnership):
        raise exceptions.NotFound()
    return version


def _reviewed(request, slug: str, number: int) -> DeclarationVersion:
    version = _version(request, slug, number)
    if not access.can(request.user, Perm.STAFF_REVIEW):
        raise exceptions.NotFound()
    return version


def _run(call):
    """Run a service, turning its refusals into API errors (400 incomplete, 409 otherwise)."""
    try:
        with transaction.atomic():
            return call()
    except Incomplete as exc:
        raise exceptions.ValidationError(
            {"missing": [f"{section}: {label}" for section, label in exc.missing]}
        ) from None
    except DeclarationError as exc:
        raise Conflict(exc.message) from None
    except ProtectedError:  # a commitment whose targets already have progress reports
        raise Conflict("It has progress reports, so it stays; change it instead.") from None


def _after(status: str = "200") -> OpenApiExample:
    """The response example of every action: the version as it is after the action."""
    return OpenApiExample(
        "The version afterwards", value=DETAIL_EXAMPLE, response_only=True, status_codes=[status]
    )


def _answer(request, version: DeclarationVersion, status: int = 200) -> Response:
    version = DeclarationVersion.objects.select_related("partnership").get(pk=version.pk)
    data = DeclarationDetailSerializer(version, context={"request": request}).data
    response = Response(data, status=status)
    response["ETag"] = f'"{version.pk}-{version.lock_version}"'
    return response


def _audit_token_use(request, version: DeclarationVersion, action: str) -> None:
    """Decisions taken with a token name the token in the audit trail (DESIGN.md §9)."""
    if isinstance(request.auth, ApiToken):
        log_action(
            "pact.api_token.used",
            request.auth,
            request.user,
            {"action": action, "version_id": version.pk, "number": version.number},
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
            _after(),
            OpenApiExample(
                "New objectives",
                value={"objectives": "Upskill 6,000 workers by 2030."},
                request_only=True,
            ),
        ],
    )
    def patch(self, request, slug: str, number: int, section: str):
        version = _coordinated(request, slug, number)
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
        _run(
            lambda: drafting.save_section(
                version, section, dict(body.validated_data), lock_version=read, actor=request.user
            )
        )
        return _answer(request, version)


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
            _after("201"),
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
        version = _coordinated(request, slug, number)
        read = check_if_match(request, version)
        body = CommitmentInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        targets = [dict(t) for t in data.pop("targets")]
        _run(
            lambda: drafting.save_commitment(
                version, None, data=data, targets=targets, lock_version=read, actor=request.user
            )
        )
        return _answer(request, version, status=201)


class CommitmentRemove(APIView):
    """Remove a commitment (and its targets) from the draft; needs ``If-Match``."""

    @extend_schema(request=None, responses=DeclarationDetailSerializer, examples=[_after()])
    def delete(self, request, slug: str, number: int, uid):
        version = _coordinated(request, slug, number)
        commitment = Commitment.objects.filter(declaration_version=version, uid=uid).first()
        if commitment is None:
            raise exceptions.NotFound()
        read = check_if_match(request, version)
        _run(
            lambda: drafting.delete_commitment(
                version, commitment, lock_version=read, actor=request.user
            )
        )
        return _answer(request, version)


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
            _after(),
            OpenApiExample(
                "Two members", value={"organisations": ["org-a", "org-b"]}, request_only=True
            ),
        ],
    )
    def post(self, request, slug: str, number: int):
        version = _coordinated(request, slug, number)
        body = SignatureRequestInput(data=request.data)
        body.is_valid(raise_exception=True)
        organisations = body.validated_data["organisations"]
        _run(lambda: signatures.request_signatures(version, organisations, actor=request.user))
        return _answer(request, version)


class SubmitDeclaration(APIView):
    """Submit the complete, signed draft to the Commission; needs ``If-Match``."""

    @extend_schema(request=None, responses=DeclarationDetailSerializer, examples=[_after()])
    def post(self, request, slug: str, number: int):
        version = _coordinated(request, slug, number)
        read = check_if_match(request, version)
        _run(lambda: review.submit(version, lock_version=read, actor=request.user))
        return _answer(request, version)


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
            _after(),
            OpenApiExample(
                "Sign", value={"sign": True, "content_hash": "9f2c1e…"}, request_only=True
            ),
        ],
    )
    def post(self, request, slug: str, number: int, pk: int):
        version = _version(request, slug, number)
        signature = Signature.objects.filter(version=version, pk=pk).first()
        if signature is None or not access.can(request.user, Perm.ORG_SIGN, signature.organisation):
            raise exceptions.NotFound()
        body = SignInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        _run(
            lambda: signatures.answer_signature(
                signature,
                sign=data["sign"],
                comment=data["comment"],
                content_hash_read=data["content_hash"],
                actor=request.user,
                signer_role=data["signer_role"],
            )
        )
        return _answer(request, version)


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
            _after("201"),
            OpenApiExample(
                "A comment",
                value={"section": "objectives", "body": "Say how many."},
                request_only=True,
            ),
        ],
    )
    def post(self, request, slug: str, number: int):
        version = _reviewed(request, slug, number)
        body = CommentInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        _run(
            lambda: review.add_comment(
                version, section=data["section"], body=data["body"], actor=request.user
            )
        )
        _audit_token_use(request, version, "comment")
        return _answer(request, version, status=201)


class ReviewDecision(APIView):
    """Request changes, approve or reject a submitted version (staff reviewers)."""

    decision = ""

    @extend_schema(
        request=ReasonInput,
        responses=DeclarationDetailSerializer,
        examples=[
            _after(),
            OpenApiExample("A reason", value={"reason": "Targets need dates."}, request_only=True),
        ],
    )
    def post(self, request, slug: str, number: int):
        version = _reviewed(request, slug, number)
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
        _run(actions[self.decision])
        _audit_token_use(request, version, self.decision)
        return _answer(request, version)


# --- translations (the coordinator and reviewing staff) ------------------------------------------------


class TranslationInput(serializers.Serializer):
    language = serializers.CharField(
        max_length=8,
        help_text="A content language other than the original's, not translated yet (`it`, "
        "`sq`, `uk`, ...).",
    )
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


class TranslationAdd(APIView):
    """Add a translation of a published version: a separate, unsigned document with its own
    content hash and PDF; the signed original is unchanged. Every section the original has must
    be translated. An unknown language, the original's or one already translated is a 400 saying
    so (under ``language``)."""

    @extend_schema(
        request=TranslationInput,
        responses={201: DeclarationDetailSerializer},
        examples=[
            _after("201"),
            OpenApiExample(
                "Italian",
                value={
                    "language": "it",
                    "challenges": "Carenza di competenze nelle industrie creative.",
                    "objectives": "- Formare le persone",
                    "ambition": "Una regione in cui le industrie creative prosperano.",
                },
                request_only=True,
            ),
        ],
    )
    def post(self, request, slug: str, number: int):
        version = _version(request, slug, number)
        if not access.can_translate_declaration(request.user, version.partnership):
            raise exceptions.NotFound()
        body = TranslationInput(data=request.data)
        body.is_valid(raise_exception=True)
        texts = dict(body.validated_data)
        language = texts.pop("language")
        try:
            with transaction.atomic():
                translations.save_translation(
                    version, language=language, texts=texts, actor=request.user
                )
        except translations.LanguageRefused as exc:
            raise exceptions.ValidationError({"language": [exc.message]}) from None
        except DeclarationError as exc:
            raise exceptions.ValidationError({"non_field_errors": [exc.message]}) from None
        return _answer(request, version, status=201)


_VERSION = "partnerships/<slug:slug>/declarations/<int:number>/"

urlpatterns = [
    path(
        _VERSION + "sections/<slug:section>/", SectionEdit.as_view(), name="api_declaration_section"
    ),
    path(_VERSION + "commitments/", CommitmentAdd.as_view(), name="api_declaration_commitments"),
    path(
        _VERSION + "commitments/<uuid:uid>/",
        CommitmentRemove.as_view(),
        name="api_declaration_commitment",
    ),
    path(_VERSION + "signatures/", SignaturesRequest.as_view(), name="api_declaration_signatures"),
    path(
        _VERSION + "signatures/<int:pk>/answer/",
        SignatureAnswer.as_view(),
        name="api_declaration_sign",
    ),
    path(_VERSION + "submit/", SubmitDeclaration.as_view(), name="api_declaration_submit"),
    path(_VERSION + "translations/", TranslationAdd.as_view(), name="api_declaration_translations"),
    path(_VERSION + "comments/", CommentAdd.as_view(), name="api_declaration_comment"),
    path(
        _VERSION + "request-changes/",
        ReviewDecision.as_view(decision="request_changes"),
        name="api_declaration_request_changes",
    ),
    path(
        _VERSION + "approve/",
        ReviewDecision.as_view(decision="approve"),
        name="api_declaration_approve",
    ),
    path(
        _VERSION + "reject/",
        ReviewDecision.as_view(decision="reject"),
        name="api_declaration_reject",
    ),
]
