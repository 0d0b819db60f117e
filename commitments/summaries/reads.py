"""Figures read from the summary tables: no reader here sums a report.

Each returns what the former sum over ``ProgressReport.objects.counted()`` returned, so the
pages, the API and open data show the same figures; ``tests/commitments/test_summaries.py``
compares both ways after every kind of change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db.models import Case, F, Q, QuerySet, Sum, When

from commitments.models import (
    Aggregation,
    ReportingCycle,
    ResultTotal,
    Target,
    TargetTotal,
    Unit,
)
from commitments.progress import combined_value, progress_of
from partnerships.models import Partnership

# Dimension names of the results (page parameters, API ``by``) -> summary columns.
DIMENSIONS = {"kind": "kind", "ecosystem": "ecosystem", "country": "country"}


def _sums() -> dict:
    """The counters summed over a group, and ``total`` as ``Sum("value")`` was: None when no
    report of the group has a value."""
    return {
        "reports_sum": Sum("reports"),
        "valued_sum": Sum("valued"),
        "total": Case(When(valued_sum__gt=0, then=Sum("value_sum")), default=None),
    }


def result_totals() -> QuerySet[ResultTotal]:
    """The rows of counted reports (``ProgressReport.objects.counted()``), all indicators."""
    return ResultTotal.objects.all()


def summable_totals() -> QuerySet[ResultTotal]:
    return result_totals().filter(indicator__aggregation=Aggregation.SUM)


def years_and_statuses() -> set[tuple[int, str]]:
    """``(year, cycle status)`` of every cycle with counted reports."""
    return set(
        ReportingCycle.objects.filter(
            pk__in=result_totals().values("cycle_id").distinct()
        ).values_list("year", "status")
    )


def grouped(rows: QuerySet[ResultTotal], *fields: str) -> QuerySet:
    """``rows`` grouped by ``fields``, with ``total`` (sum of values, None if none has one) and
    ``reports_sum`` (counted reports)."""
    sums = _sums()
    return (
        rows.values(*fields)
        .annotate(reports_sum=sums["reports_sum"], valued_sum=sums["valued_sum"])
        .annotate(total=sums["total"])
    )


def totals_by_year() -> dict[tuple[int, int], Decimal]:
    """``{(indicator_id, year): total}`` of the summable indicators (years whose reports all
    lack a value have no total)."""
    rows = grouped(summable_totals(), "indicator", "cycle__year")
    return {(r["indicator"], r["cycle__year"]): r["total"] for r in rows if r["total"] is not None}


def headline_totals(year: int) -> dict[int, Decimal | None]:
    """``{indicator_id: total}`` of the headline summable indicators in ``year``."""
    rows = grouped(
        summable_totals().filter(cycle__year=year, indicator__headline=True), "indicator"
    )
    return {r["indicator"]: r["total"] for r in rows}


def breakdown(indicator_id: int, year: int, by: str) -> list[dict]:
    """One indicator's totals in one year by kind, ecosystem or country, largest first."""
    column = DIMENSIONS[by]
    rows = grouped(
        result_totals().filter(indicator_id=indicator_id, cycle__year=year), column
    ).order_by(F("total").desc(nulls_first=True), column)
    return [{"key": r[column], "total": r["total"], "reports": r["reports_sum"]} for r in rows]


def api_rows(*, year: int | None, code: str | None, by: str | None) -> list[dict]:
    """The results API's rows: year, indicator code and unit (and a group), total, reports."""
    rows = summable_totals()
    if year:
        rows = rows.filter(cycle__year=year)
    if code:
        rows = rows.filter(indicator__code=code)
    fields = ["cycle__year", "indicator__code", "indicator__unit"]
    if by:
        fields.append(DIMENSIONS[by])
    return list(grouped(rows, *fields).order_by(*fields))


# --- progress of targets ------------------------------------------------------------------------


def counted_targets() -> QuerySet[Target]:
    """Targets whose validated reports count: pledges', and public partnerships' (as
    ``ProgressReport.objects.counted()``)."""
    return Target.objects.filter(
        Q(commitment__partnership__isnull=True)
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
