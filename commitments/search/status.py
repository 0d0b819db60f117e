"""Whether a target is reached, on track or behind (DESIGN.md §9).

A target is reached when its share reached is 1 or more, on track when its share reached is at
least the share of time elapsed between its start and its date, behind otherwise. The share
reached is the one progress formula's (``commitments.progress``, through ``progress_of_targets``);
a target with no validated value has reached nothing yet.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import Target
from commitments.results.selectors import progress_of_targets

REACHED, ON_TRACK, BEHIND = "reached", "on_track", "behind"
STATUS_CHOICES = [
    (REACHED, _("Reached")),
    (ON_TRACK, _("On track")),
    (BEHIND, _("Behind")),
]


def progress_shares(targets: QuerySet[Target]) -> dict[int, Decimal]:
    """Share of each target reached, by the one progress formula (``commitments.progress``: flows
    add up since the target's start, levels take the latest value; shares never averaged)."""
    progress = progress_of_targets(targets.values("pk"))
    return {
        target_id: entry["progress"].share
        for target_id, entry in progress.items()
        if entry["progress"].share is not None
    }


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
