"""REST API: the Pact-wide results (totals per year of the summable indicators)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from commitments.results import comparison, selectors
from commitments.summaries import reads as summaries


class ResultTotalSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    indicator = serializers.CharField()
    unit = serializers.CharField()
    group = serializers.CharField(
        required=False, help_text="Partnership kind, ecosystem or country; only with ``by``."
    )
    total = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    reports = serializers.IntegerField()
    # Percentage indicators only (their ``total`` is null): the counts summed and the share.
    numerator = serializers.DecimalField(
        max_digits=20,
        decimal_places=2,
        allow_null=True,
        required=False,
        help_text="Percentage indicators: the sum of the reports' numerators (null when a report "
        "gave no counts).",
    )
    denominator = serializers.DecimalField(
        max_digits=20,
        decimal_places=2,
        allow_null=True,
        required=False,
        help_text="Percentage indicators: the sum of the reports' denominators.",
    )
    percentage = serializers.DecimalField(
        max_digits=7,
        decimal_places=2,
        allow_null=True,
        required=False,
        help_text="Percentage indicators: 100 x numerator / denominator, never an average.",
    )


class ResultsQuery(serializers.Serializer):
    by = serializers.ChoiceField(choices=list(selectors.BREAKDOWNS), required=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    indicator = serializers.SlugField(required=False, max_length=60)

    def to_internal_value(self, data):
        repeated = [k for k in self.fields if hasattr(data, "getlist") and len(data.getlist(k)) > 1]
        if repeated:
            raise serializers.ValidationError({k: ["Give this parameter once."] for k in repeated})
        # A plain dict, so that an empty parameter is refused rather than read as absent.
        return super().to_internal_value(data.dict() if hasattr(data, "dict") else data)


class ResultsView(APIView):
    """Pact-wide totals per year of the summable indicators, from public validated reports only.

    Percentage indicators are never summed: their rows have a null ``total`` and, when every
    report gave its counts, ``numerator`` and ``denominator`` summed and the ``percentage`` they
    make. ``by`` breaks totals down by partnership ``kind``, ``ecosystem`` or ``country`` of the
    reporting organisation.
    """

    query_parameters = ("by", "year", "indicator")  # ResultsQuery (pact.kernel.api.parameters)

    @extend_schema(parameters=[ResultsQuery], responses=ResultTotalSerializer(many=True))
    def get(self, request):
        query = ResultsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        by = params.get("by")
        # From the maintained totals (commitments.summaries), never a sum over the reports.
        rows = summaries.api_rows(year=params.get("year"), code=params.get("indicator"), by=by)
        data = []
        for row in rows:
            item = {
                "year": row["cycle__year"],
                "indicator": row["indicator__code"],
                "unit": row["indicator__unit"],
                "total": row["total"],
                "reports": row["reports"],
            }
            if by:
                item["group"] = row["group"] or ""
            data.append(item)
        data += comparison.shares(year=params.get("year"), indicator=params.get("indicator"), by=by)
        return Response(ResultTotalSerializer(data, many=True).data)
