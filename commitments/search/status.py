"""Whether a target is reached, on track or behind (DESIGN.md §9).

A target is reached when its share reached is 1 or more, on track when its share reached is at
least the share of time elapsed between its start and its date, behind otherwise. The share
reached comes from ``progress_shares``: the one function to point at when the progress formula
changes (today: the latest validated value, summed across reporting organisations, or averaged
for percentages, against the way from the baseline to the target; a target with no validated
value has reached nothing yet).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Avg, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import Aggregation, Target
from commitments.results.selectors import validated_reports

REACHED, ON_TRACK, BEHIND = "reached", "on_track", "behind"
STATUS_CHOICES = [
    (REACHED, _("Reached")),
    (ON_TRACK, _("On track")),
    (BEHIND, _("Behind")),
]


def progress_shares(targets: QuerySet[Target]) -> dict[int, Decimal]:
    """Share of the way from baseline to target reached by the latest validated value (one query)."""
    rows = (
        validated_reports()
        .filter(target__in=targets.values("pk"))
        .values(
            "target_id",
            "cycle__year",
            "target__indicator__aggregation",
            "target__baseline",
            "target__target_value",
        )
        .annotate(total=Sum("value"), mean=Avg("value"))
        .order_by("target_id", "cycle__year")
    )
    shares: dict[int, Decimal] = {}
    for row in rows:  # years ascending: the last row of a target is its latest value
        value = row["total"]
        if row["target__indicator__aggregation"] != Aggregation.SUM and row["mean"] is not None:
            value = Decimal(row["mean"])
        if value is None:
            continue
        baseline, goal = row["target__baseline"], row["target__target_value"]
        span = goal - baseline
        if span <= 0:
            shares[row["target_id"]] = Decimal(1) if value >= goal else Decimal(0)
        else:
            shares[row["target_id"]] = (value - baseline) / span
    return shares


def _time_share(start: datetime.date, end: datetime.date, today: datetime.date) -> Decimal:
    if end <= start:
        return Decimal(1)
    elapsed = min(max((today - start).days, 0), (end - start).days)
    return Decimal(elapsed) / Decimal((end - start).days)


def target_statuses(
    targets: QuerySet[Target], today: datetime.date | None = None
) -> dict[int, str]:
    """``{target_id: "reached" | "on_track" | "behind"}`` for ``targets`` (two queries).

    A target starts when its commitment was made (the commitment's creation day).
    """
    today = today or timezone.localdate()
    shares = progress_shares(targets)
    statuses = {}
    rows: Iterable[tuple[int, datetime.date, datetime.datetime]] = targets.values_list(
        "pk", "target_date", "commitment__created_at"
    )
    for pk, target_date, started_at in rows:
        share = shares.get(pk, Decimal(0))
        start = timezone.localdate(started_at)
        if share >= 1:
            statuses[pk] = REACHED
        elif share >= _time_share(start, target_date, today):
            statuses[pk] = ON_TRACK
        else:
            statuses[pk] = BEHIND
    return statuses


def targets_with_status(targets: QuerySet[Target], status: str) -> QuerySet[Target]:
    ids = [pk for pk, found in target_statuses(targets).items() if found == status]
    return targets.filter(pk__in=ids)
