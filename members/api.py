from django.urls import include, path
from rest_framework import routers, serializers, viewsets

from members.models import Organisation
from pact import access


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


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Member organisations: public profiles of active members, plus your own organisations."""

    serializer_class = OrganisationSerializer
    lookup_field = "slug"
    filterset_fields = ["type", "country", "status"]
    ordering_fields = ["name", "id"]
    ordering = ["name"]

    def get_queryset(self):
        return access.organisations_visible_to(self.request.user).select_related("nuts_region")


router = routers.SimpleRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")

urlpatterns = [path("", include(router.urls))]
