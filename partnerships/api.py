from django.urls import include, path
from rest_framework import routers, serializers, viewsets

from pact import access
from partnerships.models import Partnership


class PartnershipSerializer(serializers.ModelSerializer):
    coordinator: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
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
            "status",
            "launched_on",
            "coordinator",
        ]


class PartnershipViewSet(viewsets.ReadOnlyModelViewSet):
    """Partnerships: the public ones, plus the workspaces you belong to."""

    serializer_class = PartnershipSerializer
    lookup_field = "slug"
    filterset_fields = ["kind", "ecosystem", "status"]
    ordering_fields = ["name", "launched_on", "id"]
    ordering = ["name"]

    def get_queryset(self):
        return access.partnerships_visible_to(self.request.user).select_related("coordinator")


router = routers.SimpleRouter()
router.register("partnerships", PartnershipViewSet, basename="partnership")

urlpatterns = [path("", include(router.urls))]
