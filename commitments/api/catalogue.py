"""The KPI catalogue, read-only."""

from __future__ import annotations

from rest_framework import serializers, viewsets

from commitments.models import Indicator
from commitments.results import selectors


class IndicatorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    definition = serializers.CharField(read_only=True)
    uses = serializers.IntegerField(
        read_only=True, help_text="Current targets (published declarations, pledges) using it."
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "definition",
            "unit",
            "aggregation",
            "kind",
            "ecosystems",
            "headline",
            "uses",
        ]


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The KPI catalogue: shared indicators so figures add up across the Pact."""

    public_page = True  # anonymous answers are stored whole (pact.kernel.cache.page_cache)

    queryset = selectors.catalogue_with_uses()
    serializer_class = IndicatorSerializer
    lookup_field = "code"
    filterset_fields = ["unit", "aggregation", "kind", "headline"]
    ordering_fields = ["position", "code"]
    ordering = ["position"]
