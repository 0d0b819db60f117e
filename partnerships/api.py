"""Partnerships in the REST API: list with filters and search, detail with parent and children,
and the members of a partnership as far as the caller may see them."""

from __future__ import annotations

import django_filters
from django.contrib.postgres.search import SearchRank
from django.db.models import F, Prefetch
from django.urls import include, path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import routers, serializers, viewsets
from rest_framework.decorators import action

from members.models import Organisation
from pact import access
from pact.access import Perm
from pact.kernel.map import COUNTRIES
from partnerships.directory.selectors import search_query
from partnerships.models import (
    Ecosystem,
    Partnership,
    PartnershipKind,
    PartnershipMembership,
    PartnershipStatus,
)


class PartnershipFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=PartnershipKind.choices)
    ecosystem = django_filters.ChoiceFilter(choices=Ecosystem.choices)
    status = django_filters.ChoiceFilter(choices=PartnershipStatus.choices)
    country = django_filters.ChoiceFilter(
        choices=[(code, code) for code in sorted(COUNTRIES)],
        method="filter_country",
        label="ISO 3166 country code covered",
    )
    region = django_filters.CharFilter(
        method="filter_region", label="NUTS code covered (a prefix matches sub-regions)"
    )
    q = django_filters.CharFilter(method="filter_q", label="Full-text search, best match first")

    class Meta:
        model = Partnership
        fields = ["kind", "ecosystem", "status", "country", "region", "q"]

    def filter_country(self, queryset, name, value):
        return queryset.filter(countries__contains=[value])

    def filter_region(self, queryset, name, value):
        covered = Partnership.regions.through.objects.filter(
            region__code__startswith=value.strip().upper()
        ).values("partnership_id")
        return queryset.filter(pk__in=covered)

    def filter_q(self, queryset, name, value):
        query = search_query(value)
        if query is None:
            return queryset
        return queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )


class PartnershipLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Partnership
        fields = ["slug", "name", "acronym", "kind", "status"]


class PartnershipSerializer(serializers.ModelSerializer):
    coordinator: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    # "parent" is also an attribute of DRF fields in the type stubs; as a serializer field it is fine.
    parent: serializers.SlugRelatedField = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="slug", read_only=True, allow_null=True
    )
    regions: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = Partnership
        fields = [
            "id",
            "slug",
            "name",
            "acronym",
            "kind",
            "ecosystem",
            "shape",
            "countries",
            "regions",
            "status",
            "stage",
            "launched_on",
            "coordinator",
            "parent",
            "member_count",
            "looking_for_members",
        ]


class SummaryTranslationSerializer(serializers.Serializer):
    language = serializers.CharField()
    summary = serializers.CharField()


class PartnershipDetailSerializer(PartnershipSerializer):
    parent = PartnershipLinkSerializer(read_only=True, allow_null=True)  # type: ignore[assignment]
    children = serializers.SerializerMethodField()
    summary_translations = serializers.SerializerMethodField(
        help_text="The short description in other content languages; `summary` is the original, "
        "in `summary_language`."
    )

    class Meta(PartnershipSerializer.Meta):
        fields = [
            *PartnershipSerializer.Meta.fields,
            "summary",
            "website",
            "looking_for",
            "children",
            "summary_language",
            "summary_translations",
        ]

    @extend_schema_field(SummaryTranslationSerializer(many=True))
    def get_summary_translations(self, obj) -> list[dict]:
        translations = obj.summary_translations or {}
        return [
            {"language": code, "summary": text}
            for code, text in sorted(translations.items())
            if code != obj.summary_language and text
        ]

    @extend_schema(responses=PartnershipLinkSerializer(many=True))
    def get_children(self, obj) -> list[dict]:
        children = getattr(obj, "visible_children", None)
        if children is None:
            request = self.context.get("request")
            children = access.partnerships_visible_to(
                getattr(request, "user", None), obj.children.all()
            ).order_by("name")
        return list(PartnershipLinkSerializer(children, many=True).data)


class PartnershipMemberSerializer(serializers.ModelSerializer):
    organisation: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    name = serializers.CharField(source="organisation.name", read_only=True)
    country = serializers.CharField(source="organisation.country.code", read_only=True)

    class Meta:
        model = PartnershipMembership
        fields = ["organisation", "name", "country", "role", "joined_at"]


class PartnershipViewSet(viewsets.ReadOnlyModelViewSet):
    """Partnerships: the public ones, plus the workspaces you belong to (all of them for staff).

    Filter with ``kind``, ``ecosystem``, ``status``, ``country`` (ISO code), ``region`` (NUTS code)
    and ``q`` (full text over name, coordinator, countries, regions, summary and the published
    declaration).
    """

    public_page = True  # anonymous answers are stored whole (pact.kernel.cache.page_cache)

    lookup_field = "slug"
    filterset_class = PartnershipFilter
    ordering_fields = ["name", "launched_on", "created_at", "id"]
    ordering = ["name"]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return PartnershipDetailSerializer
        if self.action == "members":
            return PartnershipMemberSerializer
        return PartnershipSerializer

    def get_queryset(self):
        user = self.request.user
        qs = access.partnerships_visible_to(user).select_related("coordinator", "parent")
        qs = qs.prefetch_related("regions")
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                Prefetch(
                    "children",
                    queryset=access.partnerships_visible_to(user).order_by("name"),
                    to_attr="visible_children",
                )
            )
        return qs

    @extend_schema(responses=PartnershipMemberSerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=None, ordering_fields=["joined_at"])
    def members(self, request, slug=None):
        """Member organisations: the public ones for everybody; all of them, whatever their
        status, for the partnership's own people and staff."""
        partnership = self.get_object()
        memberships = (
            PartnershipMembership.objects.filter(partnership=partnership)
            .select_related("organisation")
            .order_by("role", "organisation__name")
        )
        if not access.can(request.user, Perm.PS_VIEW, partnership):
            memberships = memberships.filter(organisation__in=Organisation.objects.public())
        page = self.paginate_queryset(memberships)
        serializer = PartnershipMemberSerializer(page, many=True)
        return self.get_paginated_response(serializer.data)


router = routers.SimpleRouter()
router.register("partnerships", PartnershipViewSet, basename="partnership")

urlpatterns = [path("", include(router.urls))]
