"""Figures read from the summary tables: no reader here sums a report.

Each returns what the former sum over ``ProgressReport.objects.counted()`` returned, so the
pages, the API and open data show the same figures; ``tests/commitments/test_summaries.py``
compares both ways after every kind of change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Sum, When

from commitments.models import (
    Aggregation,
    PledgeReview,
    ReportingCycle,
    ResultRollup,
    Target,
    TargetTotal,
    Unit,
)
from commitments.progress import combined_value, progress_of
from partnerships.models import Partnership

# Dimension names of the results (page parameters, API ``by``) -> roll-up dimensions.
DIMENSIONS = {"kind": "kind", "ecosystem": "ecosystem", "country": "country"}


def rollups(dimension: str = "") -> QuerySet[ResultRollup]:
    """Counted reports' totals per cycle and indicator: overall (``dimension`` "") or per kind,
    ecosystem or country (``key`` is the group)."""
    return ResultRollup.objects.filter(dimension=dimension)


def years_and_statuses() -> set[tuple[int, str]]:
    """``(year, cycle status)`` of every cycle with counted reports."""
    return set(
        ReportingCycle.objects.filter(
            Exists(ResultRollup.objects.filter(cycle=OuterRef("pk"), dimension=""))
        ).values_list("year", "status")
    )


def _total(valued: int, value_sum: Decimal) -> Decimal | None:
    """A group's total as ``Sum("value")`` gave it: None when no report has a value."""
    return value_sum if valued else None


def totals_by_year() -> dict[tuple[int, int], Decimal]:
    """``{(indicator_id, year): total}`` of the summable indicators (years whose reports all
    lack a value have no total)."""
    rows = rollups().filter(indicator__aggregation=Aggregation.SUM, valued__gt=0)
    return {
        (r["indicator"], r["cycle__year"]): r["value_sum"]
        for r in rows.values("indicator", "cycle__year", "value_sum")
    }


def headline_totals(year: int) -> dict[int, Decimal | None]:
    """``{indicator_id: total}`` of the headline summable indicators in ``year``."""
    rows = rollups().filter(
        cycle__year=year, indicator__headline=True, indicator__aggregation=Aggregation.SUM
    )
    found = rows.values_list("indicator", "valued", "value_sum")
    return {indicator: _total(valued, value_sum) for indicator, valued, value_sum in found}


def breakdown(indicator_id: int, year: int, by: str) -> list[dict]:
    """One indicator's totals in one year by kind, ecosystem or country, largest first."""
    rows = (
        rollups(DIMENSIONS[by])
        .filter(indicator_id=indicator_id, cycle__year=year)
        .annotate(total=Case(When(valued__gt=0, then=F("value_sum")), default=None))
        .order_by(F("total").desc(nulls_first=True), "key")
    )
    return [
        {"key": r.key, "total": _total(r.valued, r.value_sum), "reports": r.reports} for r in rows
    ]


def api_rows(*, year: int | None, code: str | None, by: str | None) -> list[dict]:
    """The results API's rows: year, indicator code and unit (and a group), total, reports."""
    rows = rollups(DIMENSIONS[by] if by else "").filter(indicator__aggregation=Aggregation.SUM)
    if year:
        rows = rows.filter(cycle__year=year)
    if code:
        rows = rows.filter(indicator__code=code)
    fields = ["cycle__year", "indicator__code", "indicator__unit"] + (["key"] if by else [])
    found = rows.order_by(*fields).values(*fields, "reports", "valued", "value_sum")
    return [
        {**r, "total": _total(r["valued"], r["value_sum"]), "group": r["key"] if by else None}
        for r in found
    ]


# --- progress of targets ------------------------------------------------------------------------


def counted_targets() -> QuerySet[Target]:
    """Targets whose validated reports count: pledges staff approved, and public partnerships'
    (as ``ProgressReport.objects.counted()``)."""
    return Target.objects.filter(
        Q(commitment__partnership__isnull=True, commitment__review=PledgeReview.APPROVED)
        | Q(commitment__partnership__in=Partnership.objects.public())
    )


def progress_of_targets(
    targets: Iterable[int] | QuerySet, provisional: Callable[[], frozenset[int]]
) -> dict[int, dict]:
    """Progress of each of ``targets`` (ids, or a queryset of ids) that has counted validated
    values, by target id, in one query: the shape ``results.selectors.progress_by_target`` gives.
    ``provisional`` gives the years whose cycle is open (asked only when some target has values).
    """
    ids = targets if isinstance(targets, QuerySet) else list(targets)
    rows = TargetTotal.objects.filter(target__in=counted_targets().filter(pk__in=ids))
    values = rows.values_list(
        "target_id",
        "cycle__year",
        "reports",
        "valued",
        "value_sum",
        "complete",
        "numerator_sum",
        "denominator_sum",
        "target__indicator__unit",
        "target__indicator__kind",
        "target__baseline",
        "target__target_value",
        "target__start_year",
    ).order_by("target_id", "cycle__year")
    series: dict[int, list[tuple[int, Decimal]]] = {}
    about: dict[int, tuple] = {}
    for target_id, year, reports, valued, total, complete, num, den, *facts in values:
        unit, kind, baseline, goal, start = facts
        about[target_id] = (kind, baseline, goal, start)
        value = combined_value(
            is_percent=unit == Unit.PERCENT,
            reports=reports,
            valued=valued,
            value_sum=total,
            complete=complete,
            numerator_sum=num,
            denominator_sum=den,
        )
        entries = series.setdefault(target_id, [])
        if value is not None:
            entries.append((year, value))
    result: dict[int, dict] = {}
    open_years = provisional() if series else frozenset()
    for target_id, points in series.items():
        kind, baseline, goal, start = about[target_id]
        result[target_id] = {
            "series": points,
            "provisional": sorted(y for y, _v in points if y in open_years),
            "latest": points[-1][1] if points else None,
            "year": points[-1][0] if points else None,
            "progress": progress_of(kind, baseline, goal, points, start_year=start),
        }
    return result


def indicator_totals(target_ids: QuerySet, cycle: ReportingCycle) -> list[dict]:
    """Per indicator over ``target_ids`` (counted ones) in ``cycle``: the combined value of the
    one formula (sums; percentages from their counts) and the number of reports."""
    rows = (
        TargetTotal.objects.filter(
            cycle=cycle, target__in=counted_targets().filter(pk__in=target_ids)
        )
        .values("target__indicator")
        .annotate(
            n=Sum("reports"),
            v=Sum("valued"),
            total=Sum("value_sum"),
            c=Sum("complete"),
            num=Sum("numerator_sum"),
            den=Sum("denominator_sum"),
        )
    )
    return [
        {
            "indicator_id": r["target__indicator"],
            "reports": r["n"],
            "counters": {
                "reports": r["n"],
                "valued": r["v"],
                "value_sum": r["total"],
                "complete": r["c"],
                "numerator_sum": r["num"],
                "denominator_sum": r["den"],
            },
        }
        for r in rows
    ]
