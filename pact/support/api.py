"""Read-only public API of support services: funding calls (not the members-only ones),
published library resources and events."""

from __future__ import annotations

import django_filters
from django.contrib.postgres.search import SearchRank
from django.db.models import Count, F, Q
from django.urls import include, path, reverse
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import routers, serializers, viewsets

from pact import access
from pact.support.common import search_query
from pact.support.models import (
    CallStatus,
    Event,
    EventKind,
    EventTranslation,
    FundingCall,
    FundingCallTranslation,
    Resource,
    ResourceKind,
    ResourceTranslation,
)
from partnerships.models import Ecosystem

CALL_EXAMPLE = {
    "slug": "creative-europe-cooperation",
    "title": "Creative Europe: European cooperation projects in the cultural and creative sectors",
    "programme": "Creative Europe",
    "institution": "European Education and Culture Executive Agency (EACEA)",
    "ecosystem": "cultural_creative",
    "status": "open",
    "opens_on": "2026-11-02",
    "deadline": "2027-02-05",
    "funding": "Up to EUR 200,000 (small-scale) to EUR 2 million (large-scale)",
    "summary": "Transnational cooperation of cultural and creative organisations.",
    "eligibility": "Cultural and creative organisations from countries taking part in Creative Europe.",
    "link": "https://ec.europa.eu/info/funding-tenders/opportunities/portal/",
    "url": "https://pact-portal.example.eu/funding/creative-europe-cooperation/",
    "language": "en",
    "translations": [
        {
            "language": "fr",
            "title": "Europe créative : projets de coopération européenne",
            "summary": "Coopération transnationale d'organisations culturelles et créatives.",
            "eligibility": "Organisations culturelles et créatives des pays participants.",
        }
    ],
}
RESOURCE_EXAMPLE = {
    "slug": "kpi-projects-funded",
    "kind": "kpi_example",
    "title": "Projects supported to obtain EU funding: “15 projects”",
    "summary": "Count the projects the partnership helped to apply for funding that obtained it.",
    "body": "",
    "indicator": "projects-funded",
    "indicator_uses": 4,
    "link": "",
    "file_url": None,
    "ecosystem": "",
    "language": "en",
    "partnership": None,
    "published_on": "2025-02-20",
    "url": "https://pact-portal.example.eu/library/kpi-projects-funded/",
    "translations": [],
}
EVENT_EXAMPLE = {
    "slug": "lll-mobility-matchmaking",
    "kind": "matchmaking",
    "title": "Mobility matchmaking: VET exchanges and staff job shadowing",
    "summary": "Regional and local authorities and VET providers meet to match exchanges.",
    "description": "",
    "starts_at": "2027-01-13T10:00:00+01:00",
    "ends_at": "2027-01-13T16:00:00+01:00",
    "location": "Brussels, Belgium",
    "capacity": 60,
    "registered": 1,
    "registration_open": True,
    "is_cancelled": False,
    "ecosystem": "",
    "partnership": "lll-mobility",
    "report": None,
    "url": "https://pact-portal.example.eu/events/lll-mobility-matchmaking/",
    "language": "en",
    "translations": [
        {
            "language": "de",
            "title": "Mobilitäts-Matchmaking: Austausch in der Berufsbildung und Job-Shadowing",
            "summary": "Regionen, Kommunen und Berufsbildungsanbieter vereinbaren Austausche.",
            "description": "",
        }
    ],
}


# --- translations ----------------------------------------------------------------------------------
# Each item lists its translations (separate texts in other content languages, as a declaration's
# translations are listed); its own fields stay the original's, in ``language``.


class EventTranslationSerializer(serializers.ModelSerializer):
    class Meta:
        model = EventTranslation
        fields = ["language", "title", "summary", "description"]


class FundingCallTranslationSerializer(serializers.ModelSerializer):
    class Meta:
        model = FundingCallTranslation
        fields = ["language", "title", "summary", "eligibility"]


class ResourceTranslationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResourceTranslation
        fields = ["language", "title", "summary", "body"]


TRANSLATIONS_HELP = (
    "The texts in other content languages: the fields above are the original's, in `language`."
)


def _examples(name: str, value: dict) -> dict:
    example = [OpenApiExample(name, value=value, response_only=True)]
    return {
        "list": extend_schema(examples=example),
        "retrieve": extend_schema(examples=example),
    }


def _search(queryset, value):
    query = search_query(value)
    if query is None:
        return queryset
    return queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))


def _absolute(serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


# --- funding calls ---------------------------------------------------------------------------------


class FundingCallFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=CallStatus.choices)
    ecosystem = django_filters.ChoiceFilter(choices=Ecosystem.choices)
    programme = django_filters.CharFilter(field_name="programme", lookup_expr="iexact")
    deadline_after = django_filters.DateFilter(field_name="deadline", lookup_expr="gte")
    q = django_filters.CharFilter(method="filter_q", label="Full-text search")

    class Meta:
        model = FundingCall
        fields = ["status", "ecosystem", "programme", "deadline_after", "q"]

    def filter_q(self, queryset, name, value):
        return _search(queryset, value)


class FundingCallSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    translations = FundingCallTranslationSerializer(
        many=True, read_only=True, help_text=TRANSLATIONS_HELP
    )

    class Meta:
        model = FundingCall
        fields = [
            "slug",
            "title",
            "programme",
            "institution",
            "ecosystem",
            "status",
            "opens_on",
            "deadline",
            "funding",
            "summary",
            "eligibility",
            "link",
            "url",
            "language",
            "translations",
        ]

    def get_url(self, call: FundingCall) -> str:
        return _absolute(self, reverse("support:funding_detail", args=[call.slug]))


@extend_schema_view(**_examples("An open call", CALL_EXAMPLE))
class FundingCallViewSet(viewsets.ReadOnlyModelViewSet):
    """Funding calls open to everybody (calls for Pact members only are not in the API)."""

    public_page = True  # anonymous answers are stored whole (pact.kernel.cache.page_cache)

    serializer_class = FundingCallSerializer
    lookup_field = "slug"
    filterset_class = FundingCallFilter
    ordering_fields = ["deadline", "opens_on", "title", "id"]
    ordering = ["deadline", "id"]

    def get_queryset(self):
        return FundingCall.objects.filter(members_only=False).prefetch_related("translations")


# --- library ---------------------------------------------------------------------------------------


class ResourceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ResourceKind.choices)
    ecosystem = django_filters.ChoiceFilter(choices=Ecosystem.choices)
    language = django_filters.CharFilter(field_name="language")
    indicator = django_filters.CharFilter(field_name="indicator__code", label="Indicator code")
    q = django_filters.CharFilter(method="filter_q", label="Full-text search")

    class Meta:
        model = Resource
        fields = ["kind", "ecosystem", "language", "indicator", "q"]

    def filter_q(self, queryset, name, value):
        return _search(queryset, value)


class ResourceSerializer(serializers.ModelSerializer):
    indicator: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    partnership: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    indicator_uses = serializers.IntegerField(read_only=True)
    file_url = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    translations = ResourceTranslationSerializer(
        many=True, read_only=True, help_text=TRANSLATIONS_HELP
    )

    class Meta:
        model = Resource
        fields = [
            "slug",
            "kind",
            "title",
            "summary",
            "body",
            "indicator",
            "indicator_uses",
            "link",
            "file_url",
            "ecosystem",
            "language",
            "partnership",
            "published_on",
            "url",
            "translations",
        ]

    def get_file_url(self, resource: Resource) -> str | None:
        return _absolute(self, resource.file.url) if resource.file else None

    def get_url(self, resource: Resource) -> str:
        return _absolute(self, reverse("support:resource_detail", args=[resource.slug]))


@extend_schema_view(**_examples("A KPI example", RESOURCE_EXAMPLE))
class ResourceViewSet(viewsets.ReadOnlyModelViewSet):
    """Published library resources: good practices, KPI examples, templates, event reports."""

    public_page = True  # anonymous answers are stored whole (pact.kernel.cache.page_cache)

    serializer_class = ResourceSerializer
    lookup_field = "slug"
    filterset_class = ResourceFilter
    ordering_fields = ["published_on", "title", "id"]
    ordering = ["-published_on", "-id"]

    def get_queryset(self):
        return (
            Resource.objects.public()
            .select_related("indicator", "partnership")
            .prefetch_related("translations")
            .annotate(
                indicator_uses=Count(
                    "indicator__targets",
                    filter=Q(indicator__targets__commitment__is_current=True),
                )
            )
        )


# --- events ----------------------------------------------------------------------------------------


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=EventKind.choices)
    ecosystem = django_filters.ChoiceFilter(choices=Ecosystem.choices)
    starts_after = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")
    q = django_filters.CharFilter(method="filter_q", label="Full-text search")

    class Meta:
        model = Event
        fields = ["kind", "ecosystem", "starts_after", "starts_before", "q"]

    def filter_q(self, queryset, name, value):
        return _search(queryset, value)


class EventSerializer(serializers.ModelSerializer):
    partnership: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    report: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    registered = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()
    translations = EventTranslationSerializer(
        many=True, read_only=True, help_text=TRANSLATIONS_HELP
    )

    class Meta:
        model = Event
        fields = [
            "slug",
            "kind",
            "title",
            "summary",
            "description",
            "starts_at",
            "ends_at",
            "location",
            "capacity",
            "registered",
            "registration_open",
            "is_cancelled",
            "ecosystem",
            "partnership",
            "report",
            "url",
            "language",
            "translations",
        ]

    def get_url(self, event: Event) -> str:
        return _absolute(self, reverse("support:event_detail", args=[event.slug]))


@extend_schema_view(**_examples("A matchmaking event", EVENT_EXAMPLE))
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Events with registration: peer learning activities, webinars, matchmaking events. The
    online meeting link is for registered participants only and is not in the API."""

    public_page = True  # anonymous answers are stored whole (pact.kernel.cache.page_cache)

    serializer_class = EventSerializer
    lookup_field = "slug"
    filterset_class = EventFilter
    ordering_fields = ["starts_at", "title", "id"]
    ordering = ["starts_at", "id"]

    def get_queryset(self):
        return (
            access.events_visible_to(self.request.user)
            .select_related("partnership", "report")
            .prefetch_related("translations")
            .annotate(
                registered=Count("registrations", filter=Q(registrations__status="registered"))
            )
        )


router = routers.SimpleRouter()
router.register("funding-calls", FundingCallViewSet, basename="funding-call")
router.register("library", ResourceViewSet, basename="library-resource")
router.register("events", EventViewSet, basename="event")

urlpatterns = [path("", include(router.urls))]
