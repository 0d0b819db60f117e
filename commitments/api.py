from django.urls import include, path
from rest_framework import routers, serializers, viewsets

from commitments.models import Indicator


class IndicatorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    definition = serializers.CharField(read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "definition",
            "unit",
            "aggregation",
            "ecosystems",
            "headline",
        ]


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The KPI catalogue: shared indicators so figures add up across the Pact."""

    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    lookup_field = "code"
    filterset_fields = ["unit", "aggregation", "headline"]
    ordering_fields = ["position", "code"]
    ordering = ["position"]


router = routers.SimpleRouter()
router.register("indicators", IndicatorViewSet, basename="indicator")

urlpatterns = [path("", include(router.urls))]
