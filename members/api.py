from django.urls import include, path
from django_filters import rest_framework as filters
from rest_framework import routers, serializers, viewsets

from members.directory import selectors
from members.models import Organisation, OrganisationStatus, OrganisationType
from pact import access
from partnerships.models import Ecosystem


class OrganisationSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")

    class Meta:
        model = Organisation
        fields = [
            "id",
            "slug",
            "name",
            "acronym",
            "type",
            "country",
            "nuts_region",
            "website",
            "description",
            "status",
        ]


class OrganisationFilter(filters.FilterSet):
    """The directory's filters: type, country, NUTS region (and the regions inside it), full text."""

    type = filters.ChoiceFilter(choices=OrganisationType.choices)
    country = filters.CharFilter(method="filter_country", help_text="ISO 3166 code, e.g. DE")
    nuts_region = filters.CharFilter(
        method="filter_region", help_text="NUTS 2024 code; matches the regions inside it too"
    )
    status = filters.ChoiceFilter(choices=OrganisationStatus.choices)
    ecosystem = filters.ChoiceFilter(
        choices=Ecosystem.choices,
        method="filter_ecosystem",
        help_text="Industrial ecosystem of one of the organisation's public partnerships",
    )
    q = filters.CharFilter(method="filter_q", help_text="Full-text search (prefix per word)")

    class Meta:
        model = Organisation
        fields = ["type", "country", "nuts_region", "status", "ecosystem", "q"]

    def filter_country(self, queryset, name, value):
        return selectors.filter_organisations(queryset, country=value)

    def filter_region(self, queryset, name, value):
        return selectors.filter_organisations(queryset, region=value)

    def filter_ecosystem(self, queryset, name, value):
        return selectors.filter_organisations(queryset, ecosystem=value)

    def filter_q(self, queryset, name, value):
        return selectors.filter_organisations(queryset, q=value)


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Member organisations: public profiles of active members, plus your own organisations."""

    public_page = True  # anonymous answers are stored whole (pact.kernel.cache.page_cache)

    serializer_class = OrganisationSerializer
    lookup_field = "slug"
    filterset_class = OrganisationFilter
    ordering_fields = ["name", "id"]
    ordering = ["name"]

    def get_queryset(self):
        return access.organisations_visible_to(self.request.user).select_related("nuts_region")


router = routers.SimpleRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")

urlpatterns = [path("", include(router.urls))]
