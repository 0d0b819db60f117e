"""A Large-Scale Partnership following its sub-partnerships (linked through ``parent``): their
reporting status (counts per state, never unvalidated values) and their validated figures rolled
up. Each report is on one target of one partnership, so the roll-up counts every report once.
Beside them, the sub-partnerships' SACCORD agreement surveys (the panels' agreement, 1 to 5, with
the LEP model's skills statements; ``pact.support.mapping``), one column per sub-partnership."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet, Sum

from commitments.models import (
    CycleStatusTotal,
    DutyTotal,
    Indicator,
    ReportingCycle,
    ReportStatus,
    Target,
    Unit,
)
from commitments.progress import combined_value
from commitments.summaries import reads as summaries
from pact.support.mapping import selectors as mapping


def sub_partnerships(partnership) -> QuerySet:
    return partnership.children.public().order_by("name")


def status_counts(partnerships: list, cycle: ReportingCycle) -> list[dict]:
    """Per partnership: reports expected, and how many are missing, drafts, submitted,
    validated, returned; counts only, from the maintained totals (two queries, whatever the
    number of partnerships)."""
    ids = [p.pk for p in partnerships]
    expected = dict(
        DutyTotal.objects.filter(partnership__in=ids)
        .values_list("partnership")
        .annotate(n=Sum("expected"))
    )
    found: dict[int, dict] = {
        row["partnership"]: dict(row)
        for row in CycleStatusTotal.objects.filter(cycle=cycle, partnership__in=ids)
        .values("partnership")
        .annotate(
            reports=Sum("reports"),
            draft=Sum("drafts"),
            submitted=Sum("submitted"),
            validated=Sum("validated"),
            returned=Sum("returned"),
        )
    }
    rows = []
    for partnership in partnerships:
        counts = found.get(partnership.pk, {})
        owed = expected.get(partnership.pk, 0)
        rows.append(
            {
                "partnership": partnership,
                "expected": owed,
                "missing": max(0, owed - counts.get("reports", 0)),
                **{status: counts.get(status, 0) for status in ReportStatus.values},
            }
        )
    return rows


def rolled_up(partnerships: list, cycle: ReportingCycle) -> list[dict]:
    """Validated figures of ``cycle`` per indicator over the partnerships' current targets:
    counts and amounts added up, percentages only from their counts (never averaged); from the
    maintained totals per target (``commitments.summaries``), each report counted once."""
    targets = Target.objects.filter(
        commitment__partnership__in=[p.pk for p in partnerships], commitment__is_current=True
    ).values("pk")
    found = summaries.indicator_totals(targets, cycle)
    indicators = Indicator.objects.in_bulk([row["indicator_id"] for row in found])
    rows: list[dict] = []
    for row in found:
        indicator = indicators[row["indicator_id"]]
        total = combined_value(is_percent=indicator.unit == Unit.PERCENT, **row["counters"])
        rows.append({"indicator": indicator, "total": total, "reports": row["reports"]})
    rows.sort(key=_indicator_order)
    return rows


def _indicator_order(row: dict) -> tuple[int, str]:
    indicator: Indicator = row["indicator"]
    return (indicator.position, indicator.code)


def total_of(rows: list[dict], code: str) -> Decimal | None:
    return next((row["total"] for row in rows if row["indicator"].code == code), None)


def figures_by_partnership(partnerships: list, cycle: ReportingCycle) -> list[dict]:
    """Each sub-partnership's own validated figures of ``cycle`` (a few queries per partnership:
    a Large-Scale Partnership has a handful of them)."""
    return [{"partnership": p, "figures": rolled_up([p], cycle)} for p in partnerships]


def agreement_surveys(partnerships: list) -> dict:
    """The latest SACCORD agreement survey of each sub-partnership that has one, side by side:
    ``{"columns": [(partnership, survey)], "rows": [{statement, cells}]}``."""
    latest = mapping.latest_surveys([p.pk for p in partnerships])
    columns = [(p, latest[p.pk]) for p in partnerships if p.pk in latest]
    return {"columns": columns, "rows": mapping.side_by_side(columns) if columns else []}
