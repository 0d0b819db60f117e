"""REST API, read side of declarations: published versions for everyone, drafts and change
requests for the partnership's workspace, everything for staff (the same rules as the pages:
``access.can_read_version``); the word diff between two versions is the page's.

Outsiders get 404 on a private partnership's declaration and on any version they may not read,
exactly as for a missing one.
"""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from commitments.models import Commitment, Target
from pact import access
from pact.access import Perm
from partnerships.declarations import selectors
from partnerships.models import DeclarationPdf, DeclarationStatus, DeclarationVersion, Signature

PUBLISHED = (DeclarationStatus.APPROVED, DeclarationStatus.SUPERSEDED)


class DeclarationTargetSerializer(serializers.ModelSerializer):
    indicator: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Target
        fields = [
            "uid",
            "indicator",
            "unit",
            "baseline",
            "target_value",
            "target_date",
            "description",
        ]


class DeclarationCommitmentSerializer(serializers.ModelSerializer):
    responsible_organisations: Any = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    targets = DeclarationTargetSerializer(many=True, read_only=True)

    class Meta:
        model = Commitment
        fields = ["uid", "title", "description", "responsible_organisations", "targets"]


class SignatureSerializer(serializers.ModelSerializer):
    organisation: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Signature
        fields = ["organisation", "organisation_name", "status", "answered_at"]


SECTION_FIELDS = (
    "challenges",
    "objectives",
    "ambition",
    "governance_coordination",
    "governance_decision_making",
    "governance_monitoring",
)


class SectionsSerializer(serializers.Serializer):
    challenges = serializers.CharField()
    objectives = serializers.CharField()
    ambition = serializers.CharField()
    governance_coordination = serializers.CharField()
    governance_decision_making = serializers.CharField()
    governance_monitoring = serializers.CharField()


class DeclarationVersionSerializer(serializers.ModelSerializer):
    """A version in lists: its number, state, language and content hash."""

    partnership: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    is_published = serializers.BooleanField(read_only=True)

    class Meta:
        model = DeclarationVersion
        fields = [
            "partnership",
            "number",
            "status",
            "is_published",
            "language",
            "content_hash",
            "created_at",
            "submitted_at",
            "decided_at",
        ]


class TranslationSerializer(serializers.Serializer):
    language = serializers.CharField()
    content_hash = serializers.CharField()
    sections = SectionsSerializer()
    pdf = serializers.CharField(allow_null=True)


class DeclarationDetailSerializer(DeclarationVersionSerializer):
    """A version whole: its sections, commitments and targets, signatures and PDF."""

    sections = serializers.SerializerMethodField()
    commitments = serializers.SerializerMethodField()
    signatures = serializers.SerializerMethodField()
    pdf = serializers.SerializerMethodField(
        help_text="Address of the published PDF once rendered; null while it is being prepared "
        "and for versions not published."
    )
    lock_version = serializers.IntegerField(read_only=True)
    translations = serializers.SerializerMethodField(
        help_text="Translations of a published version: separate, unsigned documents, each with "
        "its language, its own content hash, its sections and the address of its PDF (null "
        "while it is being prepared). The signed original stays the authoritative text."
    )

    class Meta(DeclarationVersionSerializer.Meta):
        fields = [
            *DeclarationVersionSerializer.Meta.fields,
            "lock_version",
            "sections",
            "commitments",
            "signatures",
            "pdf",
            "translations",
        ]

    @extend_schema(responses=TranslationSerializer(many=True))
    def get_translations(self, version: DeclarationVersion) -> list:
        if not version.is_published:
            return []
        request = self.context.get("request")
        found = []
        for translation in version.translations.order_by("language"):
            pdf = selectors.pdf_of(version, translation)
            address = None
            if pdf is not None and pdf.status == DeclarationPdf.Status.READY:
                url = reverse(
                    "partnerships:declaration_pdf", args=[version.partnership.slug, version.number]
                )
                url += f"?lang={translation.language}"
                address = request.build_absolute_uri(url) if request else url
            found.append(
                {
                    "language": translation.language,
                    "content_hash": translation.content_hash,
                    "sections": {name: getattr(translation, name) for name in SECTION_FIELDS},
                    "pdf": address,
                }
            )
        return found

    @extend_schema(responses=SectionsSerializer)
    def get_sections(self, version: DeclarationVersion) -> dict:
        return {name: getattr(version, name) for name in SECTION_FIELDS}

    @extend_schema(responses=DeclarationCommitmentSerializer(many=True))
    def get_commitments(self, version: DeclarationVersion) -> list:
        return list(
            DeclarationCommitmentSerializer(selectors.commitments_of(version), many=True).data
        )

    @extend_schema(responses=SignatureSerializer(many=True))
    def get_signatures(self, version: DeclarationVersion) -> list:
        return list(SignatureSerializer(selectors.signatures_of(version), many=True).data)

    def get_pdf(self, version: DeclarationVersion) -> str | None:
        if not version.is_published:
            return None
        pdf = selectors.pdf_of(version)
        if pdf is None or pdf.status != DeclarationPdf.Status.READY:
            return None
        address = reverse(
            "partnerships:declaration_pdf", args=[version.partnership.slug, version.number]
        )
        request = self.context.get("request")
        return request.build_absolute_uri(address) if request else address


VERSION_EXAMPLE = {
    "partnership": "promis",
    "number": 1,
    "status": "approved",
    "is_published": True,
    "language": "en",
    "content_hash": "9f2c1e…",
    "created_at": "2026-03-02T09:12:00Z",
    "submitted_at": "2026-03-20T16:40:00Z",
    "decided_at": "2026-04-02T11:05:00Z",
}
DETAIL_EXAMPLE = {
    **VERSION_EXAMPLE,
    "lock_version": 7,
    "sections": {
        "challenges": "<p>Skills gaps in advanced manufacturing.</p>",
        "objectives": "<p>Upskill 5,000 workers by 2030.</p>",
        "ambition": "",
        "governance_coordination": "",
        "governance_decision_making": "",
        "governance_monitoring": "",
    },
    "commitments": [
        {
            "uid": "0b7c…",
            "title": "Train workers in digital skills",
            "description": "",
            "responsible_organisations": ["politecnico-milano"],
            "targets": [
                {
                    "uid": "5e1a…",
                    "indicator": "people-upskilled",
                    "unit": "persons",
                    "baseline": "0.00",
                    "target_value": "5000.00",
                    "target_date": "2030-12-31",
                    "description": "",
                }
            ],
        }
    ],
    "signatures": [
        {
            "organisation": "politecnico-milano",
            "organisation_name": "Politecnico di Milano",
            "status": "signed",
            "answered_at": "2026-03-18T10:00:00Z",
        }
    ],
    "pdf": "https://pact.example/partnerships/promis/declaration/v1/pdf/",
    "translations": [
        {
            "language": "it",
            "content_hash": "4b1d0c…",
            "sections": {
                "challenges": "Carenza di competenze nelle industrie creative.",
                "objectives": "- Formare le persone",
                "ambition": "Una regione in cui le industrie creative prosperano.",
                "governance_coordination": "",
                "governance_decision_making": "",
                "governance_monitoring": "",
            },
            "pdf": "https://pact.example/partnerships/promis/declaration/v1/pdf/?lang=it",
        }
    ],
}


def _partnership(request, slug: str):
    return selectors.get_partnership_for_declaration(request.user, slug)


def _readable(request, partnership):
    versions = DeclarationVersion.objects.filter(partnership=partnership)
    if not access.can(request.user, Perm.PS_VIEW, partnership):
        versions = versions.filter(status__in=PUBLISHED)
    return versions


class DeclarationVersionList(generics.ListAPIView):
    """The declaration versions of a partnership you may read, newest first: published ones for
    everyone, drafts and change requests for the partnership's workspace, all for staff."""

    serializer_class = DeclarationVersionSerializer
    filterset_fields = ["status"]
    ordering_fields = ["number"]
    ordering = ["-number"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DeclarationVersion.objects.none()
        partnership = _partnership(self.request, self.kwargs["slug"])
        return _readable(self.request, partnership).select_related("partnership")

    @extend_schema(
        examples=[OpenApiExample("A published version", value=VERSION_EXAMPLE, response_only=True)]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _version(request, slug: str, number: int) -> DeclarationVersion:
    partnership = _partnership(request, slug)
    return selectors.get_version_or_404(request.user, partnership, number)


class DeclarationVersionDetail(APIView):
    """One declaration version whole; its ETag names the version read (for ``If-Match``)."""

    @extend_schema(
        responses=DeclarationDetailSerializer,
        examples=[OpenApiExample("A published version", value=DETAIL_EXAMPLE, response_only=True)],
    )
    def get(self, request, slug: str, number: int):
        version = _version(request, slug, number)
        data = DeclarationDetailSerializer(version, context={"request": request}).data
        response = Response(data)
        response["ETag"] = f'"{version.pk}-{version.lock_version}"'
        return response


class SectionDiffSerializer(serializers.Serializer):
    section = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    changed = serializers.BooleanField()
    html = serializers.CharField(help_text="The text with <del> and <ins> around changed words.")


class DeclarationDiffSerializer(serializers.Serializer):
    old = serializers.IntegerField(help_text="Number of the older version.")
    new = serializers.IntegerField(help_text="Number of this version.")
    language_changed = serializers.BooleanField()
    sections = SectionDiffSerializer(many=True)


DIFF_EXAMPLE = {
    "old": 1,
    "new": 2,
    "language_changed": False,
    "sections": [
        {
            "section": "objectives",
            "label": "Key objectives",
            "changed": True,
            "html": "Upskill <del>5,000</del><ins>6,000</ins> workers by 2030.",
        }
    ],
}


class DeclarationDiff(APIView):
    """What changed, word by word, from an older version (``against``, by default the version
    submitted before) to this one: the same diff as the page."""

    query_parameters = ("against",)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "against", int, description="Number of the older version (default: previous)."
            )
        ],
        responses=DeclarationDiffSerializer,
        examples=[OpenApiExample("A changed objective", value=DIFF_EXAMPLE, response_only=True)],
    )
    def get(self, request, slug: str, number: int):
        partnership = _partnership(request, slug)
        version = selectors.get_version_or_404(request.user, partnership, number)
        against = request.query_params.get("against")
        old: DeclarationVersion | None
        if against is not None:
            if not against.isdigit():
                raise exceptions.ValidationError({"against": ["Must be a version number."]})
            old = selectors.get_version_or_404(request.user, partnership, int(against))
        else:
            old = selectors.previous_submitted(version)
            if old is None or not access.can_read_version(request.user, old):
                raise exceptions.NotFound("There is no earlier version to compare with.")
        old.partnership = partnership
        sections = [
            {"section": d.section, "label": d.label, "changed": d.changed, "html": str(d.html)}
            for d in selectors.diff_versions(old, version)
        ]
        data = {
            "old": old.number,
            "new": version.number,
            "language_changed": selectors.language_changed(old, version),
            "sections": sections,
        }
        return Response(DeclarationDiffSerializer(data).data)


urlpatterns = [
    path(
        "partnerships/<slug:slug>/declarations/",
        DeclarationVersionList.as_view(),
        name="api_declarations",
    ),
    path(
        "partnerships/<slug:slug>/declarations/<int:number>/",
        DeclarationVersionDetail.as_view(),
        name="api_declaration",
    ),
    path(
        "partnerships/<slug:slug>/declarations/<int:number>/diff/",
        DeclarationDiff.as_view(),
        name="api_declaration_diff",
    ),
]
