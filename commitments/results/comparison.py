"""Figures beside the yearly totals: what was pledged, the change from one year to the next, and
Pact-wide shares of the percentage indicators computed from the reported counts.

- *Pledged*: over the current public targets (``Commitment.objects.public()``) of a summable
  indicator, what they set out to achieve: ``target - baseline`` for a flow (its progress is the
  sum of yearly values), the target itself for a level; "by" is the latest target date.
- *Achieved so far*, beside it: a flow's yearly totals added up; a level's latest year only
  (levels are never added up across years).
- *Shares*: a percentage indicator's yearly share is 100 x the sum of numerators / the sum of
  denominators, only when every report of the group gave its counts (never an average).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import ExtractYear

from commitments.models import Aggregation, Commitment, IndicatorKind, Target, Unit
from commitments.progress import HUNDRED
from commitments.results import selectors
from pact.kernel.cache.data_version import remembered


def pledged_totals() -> dict[int, dict]:
    """``{indicator_id: {"pledged": Decimal, "by": year, "targets": n}}`` for summable indicators
    (kept until the public data changes)."""
    return remembered("pledged-totals", _pledged_totals, scope=selectors.FIGURES)


def _pledged_totals() -> dict[int, dict]:
    flow = Q(indicator__kind=IndicatorKind.FLOW)
    rows = (
        Target.objects.filter(
            commitment__in=Commitment.objects.public(),
            indicator__aggregation=Aggregation.SUM,
        )
        .values("indicator_id")
        .annotate(
            flows=Sum(F("target_value") - F("baseline"), filter=flow),
            levels=Sum("target_value", filter=~flow),
            by=Max(ExtractYear("target_date")),
            targets=Count("id"),
        )
    )
    return {
        row["indicator_id"]: {
            "pledged": max(Decimal(0), (row["flows"] or 0) + (row["levels"] or 0)),
            "by": row["by"],
            "targets": row["targets"],
        }
        for row in rows
    }


def achieved_so_far(indicator, totals: dict[tuple[int, int], Decimal], years: list[int]):
    """A flow's yearly totals added up; a level's latest year's total (with that year)."""
    present = [(y, totals[(indicator.pk, y)]) for y in sorted(years) if (indicator.pk, y) in totals]
    if not present:
        return None, None
    if indicator.kind == IndicatorKind.LEVEL:
        return present[-1][1], present[-1][0]
    return sum((v for _y, v in present), Decimal(0)), present[-1][0]


def change(current: Decimal | None, previous: Decimal | None) -> dict | None:
    """The change from ``previous`` to ``current``: difference and percent (none from zero)."""
    if current is None or previous is None:
        return None
    difference = current - previous
    percent = (HUNDRED * difference / previous).quantize(Decimal("1")) if previous else None
    return {"difference": difference, "percent": percent, "up": difference > 0}


def year_on_year(table: list[dict], year: int | None, years: list[int]) -> dict:
    """For the results page: the year before ``year`` with figures, and each row's change."""
    earlier = [y for y in years if year is not None and y < year]
    previous = max(earlier) if earlier else None
    rows = []
    if previous is not None:
        for row in table:
            cells = dict(row["cells"])
            rows.append(
                {
                    "indicator": row["indicator"],
                    "current": cells.get(year),
                    "previous": cells.get(previous),
                    "change": change(cells.get(year), cells.get(previous)),
                }
            )
    return {"previous": previous, "rows": rows}


def pledged_rows(summable: list, totals: dict, years: list[int]) -> list[dict]:
    """Per summable indicator with targets: pledged (by when) beside achieved so far."""
    pledged = pledged_totals()
    rows = []
    for indicator in summable:
        entry = pledged.get(indicator.pk)
        if not entry:
            continue
        achieved, through = achieved_so_far(indicator, totals, years)
        rows.append({"indicator": indicator, **entry, "achieved": achieved, "through": through})
    return rows


def shares(*, year: int | None = None, indicator: str | None = None, by: str | None = None):
    """Rows of the percentage indicators per year (and group): counts summed and the share they
    make, for the results API. ``numerator``, ``denominator`` and ``percentage`` are None when a
    report of the group gave no counts (the share would be a guess)."""
    qs = selectors.public_reports().filter(
        target__indicator__aggregation=Aggregation.NONE, target__indicator__unit=Unit.PERCENT
    )
    if year:
        qs = qs.filter(cycle__year=year)
    if indicator:
        qs = qs.filter(target__indicator__code=indicator)
    fields = ["cycle__year", "target__indicator__code", "target__indicator__unit"]
    if by:
        fields.append(selectors.BREAKDOWNS[by])
    counted = Q(numerator__isnull=False, denominator__gt=0)
    rows = (
        qs.values(*fields)
        .annotate(
            reports=Count("id"),
            with_counts=Count("id", filter=counted),
            num=Sum("numerator", filter=counted),
            den=Sum("denominator", filter=counted),
        )
        .order_by(*fields)
    )
    for row in rows:
        complete = row["with_counts"] == row["reports"] and row["den"]
        item = {
            "year": row["cycle__year"],
            "indicator": row["target__indicator__code"],
            "unit": row["target__indicator__unit"],
            "total": None,
            "reports": row["reports"],
            "numerator": row["num"] if complete else None,
            "denominator": row["den"] if complete else None,
            "percentage": (HUNDRED * row["num"] / row["den"]).quantize(Decimal("0.01"))
            if complete
            else None,
        }
        if by:
            item["group"] = row[selectors.BREAKDOWNS[by]] or ""
        yield item
