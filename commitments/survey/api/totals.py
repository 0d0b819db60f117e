"""The members' survey totals per year and headline indicator, public."""

from __future__ import annotations

from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from commitments.survey import selectors
from commitments.survey.api.examples import TOTAL_EXAMPLE, _shown
from commitments.survey.models import (
    FigureStatus,
)

# --- totals -------------------------------------------------------------------------------------------------


class SurveyTotalSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    indicator = serializers.CharField()
    unit = serializers.CharField()
    total = serializers.DecimalField(max_digits=20, decimal_places=2)
    answers = serializers.IntegerField(
        allow_null=True, help_text="Validated answers summed; null for published totals."
    )
    respondents = serializers.IntegerField()
    invited = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(
        choices=FigureStatus.choices,
        help_text="published: the Commission's totals from before the portal; provisional: the "
        "survey is still open.",
    )
    source = serializers.CharField(allow_blank=True)  # type: ignore[assignment]


class TotalsQuery(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    indicator = serializers.SlugField(required=False, max_length=60)

    def to_internal_value(self, data):
        repeated = [k for k in self.fields if hasattr(data, "getlist") and len(data.getlist(k)) > 1]
        if repeated:
            raise serializers.ValidationError({k: ["Give this parameter once."] for k in repeated})
        return super().to_internal_value(data.dict() if hasattr(data, "dict") else data)


class SurveyTotalsView(APIView):
    """The members' survey totals per year and headline indicator: validated answers only,
    provisional while a survey is open, and the published totals of the years before the portal."""

    public_page = True  # anonymous answers are stored whole (pact.page_cache)
    query_parameters = ("year", "indicator")  # TotalsQuery (pact.kernel.api.parameters)

    @extend_schema(
        parameters=[TotalsQuery],
        responses=SurveyTotalSerializer(many=True),
        examples=[_shown("A published year", TOTAL_EXAMPLE)],
    )
    def get(self, request):
        query = TotalsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        _columns, rows = selectors.open_data_rows()
        data = [
            row
            for row in rows
            if (not params.get("year") or row["year"] == params["year"])
            and (not params.get("indicator") or row["indicator"] == params["indicator"])
        ]
        return Response(SurveyTotalSerializer(data, many=True).data)
