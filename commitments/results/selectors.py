"""Reads for the Pact-wide results: totals come from public, validated reports only, each traceable
to the reports behind it; and a partnership's progress on its page."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from commitments.models import (
    Aggregation,
    Indicator,
    ProgressReport,
    Target,
)
from pact.kernel.cache.data_version import remembered

# --- public results --------------------------------------------------------------------------------


def public_reports() -> QuerySet[ProgressReport]:
    """What the Pact-wide totals sum: ``ProgressReport.objects.counted()`` (validated reports of
    public partnerships and of pledges, whatever the organisation's later status)."""
    return ProgressReport.objects.counted()


def validated_reports() -> QuerySet[ProgressReport]:
    return public_reports()


def result_years() -> list[int]:
    return remembered("result-years", _result_years)


def _result_years() -> list[int]:
    return list(
        public_reports().order_by("-cycle__year").values_list("cycle__year", flat=True).distinct()
    )


def headline_totals() -> list[dict]:
    """Latest year's totals of the headline summable indicators (kept until public data changes)."""
    return remembered("headline-totals", _headline_totals)


def _headline_totals() -> list[dict]:
    latest = public_reports().order_by("-cycle__year").values_list("cycle__year", flat=True).first()
    if latest is None:
        return []
    rows = (
        public_reports()
        .filter(
            cycle__year=latest,
            target__indicator__headline=True,
            target__indicator__aggregation=Aggregation.SUM,
        )
        .values("target__indicator")
        .annotate(total=Sum("value"))
    )
    totals = {row["target__indicator"]: row["total"] for row in rows}
    indicators = Indicator.objects.filter(pk__in=totals)
    return [{"indicator": i, "total": totals[i.pk], "year": latest} for i in indicators]


def totals_by_year() -> dict[tuple[int, int], Decimal]:
    """``{(indicator_id, year): total}`` over public validated reports of summable indicators.

    Sums every public report: kept until the public data changes (``remembered``).
    """
    return remembered("totals-by-year", _totals_by_year)


def _totals_by_year() -> dict[tuple[int, int], Decimal]:
    rows = (
        public_reports()
        .filter(target__indicator__aggregation=Aggregation.SUM)
        .values("target__indicator", "cycle__year")
        .annotate(total=Sum("value"))
    )
    return {(r["target__indicator"], r["cycle__year"]): r["total"] for r in rows}


BREAKDOWNS = {
    "kind": "target__commitment__partnership__kind",
    "ecosystem": "target__commitment__partnership__ecosystem",
    "country": "organisation__country",
}


def breakdown(indicator: Indicator, year: int, by: str) -> list[dict]:
    """Totals of one summable indicator in one year, grouped (kept until public data changes)."""
    return remembered(
        f"breakdown:{indicator.pk}:{year}:{by}", lambda: _breakdown(indicator, year, by)
    )


def _breakdown(indicator: Indicator, year: int, by: str) -> list[dict]:
    """Totals of one summable indicator in one year, grouped by partnership kind, ecosystem or country."""
    if not indicator.is_summable:
        return []
    # Pledges have no partnership: their kind and ecosystem read as "" like a partnership's blank.
    rows = (
        public_reports()
        .filter(target__indicator=indicator, cycle__year=year)
        .annotate(group=Coalesce(BREAKDOWNS[by], Value("")))
        .values("group")
        .annotate(total=Sum("value"), reports=Count("id"))
        .order_by("-total", "group")
    )
    return [{"key": r["group"], "total": r["total"], "reports": r["reports"]} for r in rows]


def drilldown(filters: dict) -> QuerySet[ProgressReport]:
    """The public validated reports behind a total; ``filters`` use the results page's parameters."""
    qs = public_reports()
    if filters.get("year"):
        qs = qs.filter(cycle__year=filters["year"])
    if filters.get("indicator"):
        qs = qs.filter(target__indicator__code=filters["indicator"])
    if "kind" in filters:
        kind = filters["kind"]
        qs = qs.filter(
            Q(target__commitment__partnership__isnull=True)
            if kind == ""
            else Q(target__commitment__partnership__kind=kind)
        )
    if "ecosystem" in filters:
        eco = filters["ecosystem"]
        qs = qs.filter(
            Q(target__commitment__partnership__isnull=True)
            | Q(target__commitment__partnership__ecosystem="")
            if eco == ""
            else Q(target__commitment__partnership__ecosystem=eco)
        )
    if filters.get("country"):
        qs = qs.filter(organisation__country=filters["country"])
    if filters.get("partnership"):
        qs = qs.filter(target__commitment__partnership__slug=filters["partnership"])
    return qs.select_related(
        "organisation", "cycle", "target__indicator", "target__commitment__partnership"
    ).order_by("-cycle__year", "organisation__name", "pk")


def percent_results(year: int) -> QuerySet[ProgressReport]:
    """Non-summable (percentage) indicators are shown per target, never added up."""
    return drilldown({"year": year}).filter(target__indicator__aggregation=Aggregation.NONE)


def open_data_results():
    columns = ["year", "indicator", "unit", "total"]
    rows = (
        public_reports()
        .filter(target__indicator__aggregation=Aggregation.SUM)
        .values("cycle__year", "target__indicator__code", "target__indicator__unit")
        .annotate(total=Sum("value"))
        .order_by("cycle__year", "target__indicator__code")
    )
    return columns, (
        {
            "year": r["cycle__year"],
            "indicator": r["target__indicator__code"],
            "unit": r["target__indicator__unit"],
            "total": r["total"],
        }
        for r in rows
    )


def catalogue_with_uses() -> QuerySet[Indicator]:
    """The KPI catalogue with how many current targets (published declarations, pledges) use each."""
    return Indicator.objects.annotate(
        uses=Count("targets", filter=Q(targets__commitment__is_current=True))
    ).order_by("position", "code")


# --- the public partnership page -------------------------------------------------------------------


def partnership_progress(partnership) -> dict[int, dict]:
    """Per target of the partnership's current commitments: validated values per year and the latest.

    Returns ``{target_id: {"series": [(year, value), ...], "latest": value, "year": year}}``; values
    of several organisations reporting on the same target are summed for summable indicators and
    averaged for percentages, which are never added up.
    """
    known = getattr(partnership, "_validated_progress", None)
    if known is not None:  # the page asks from several places: sum once per request
        return known
    rows = (
        validated_reports()
        .filter(target__commitment__partnership=partnership, target__commitment__is_current=True)
        .values("target_id", "cycle__year", "target__indicator__aggregation")
        .annotate(total=Sum("value"), mean=Avg("value"))
        .order_by("target_id", "cycle__year")
    )
    progress: dict[int, dict] = {}
    for row in rows:
        value = row["total"]
        if row["target__indicator__aggregation"] != Aggregation.SUM and row["mean"] is not None:
            value = Decimal(row["mean"]).quantize(Decimal("0.01"))
        entry = progress.setdefault(row["target_id"], {"series": []})
        entry["series"].append((row["cycle__year"], value))
        entry["latest"], entry["year"] = value, row["cycle__year"]
    partnership._validated_progress = progress
    return progress


def current_targets(partnership) -> list[Target]:
    return list(
        Target.objects.filter(commitment__partnership=partnership, commitment__is_current=True)
        .select_related("indicator", "commitment")
        .order_by("commitment__position", "commitment_id", "position", "id")
    )
