"""Individual pledges: an organisation's own commitments with measurable targets, created and
edited by its people. Every change is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments.models import (
    Commitment,
    Indicator,
    Target,
)
from commitments.reporting.services import EditConflict, ReportingError
from pact.kernel.audit import log_action

# --- pledges --------------------------------------------------------------------------------------------


@dataclass
class TargetInput:
    indicator: Indicator
    target_value: Decimal
    target_date: date
    baseline: Decimal = Decimal(0)
    description: str = ""
    pk: int | None = None
    delete: bool = False


def _apply_targets(commitment: Commitment, targets: list[TargetInput]) -> None:
    existing = {t.pk: t for t in commitment.targets.all()}
    position = 0
    for row in targets:
        target = existing.get(row.pk) if row.pk else None
        if row.delete:
            if target is not None:
                if target.reports.exists():
                    raise ReportingError(
                        _("A target with progress reports cannot be removed."),
                        {"targets": [_("A target with progress reports cannot be removed.")]},
                    )
                target.delete()
            continue
        if target is None:
            target = Target(commitment=commitment)
        elif target.indicator_id != row.indicator.pk and target.reports.exists():
            raise ReportingError(
                _("The indicator of a target with progress reports cannot change."),
                {"targets": [_("The indicator of a target with progress reports cannot change.")]},
            )
        target.indicator = row.indicator
        target.unit = row.indicator.unit
        target.baseline = row.baseline
        target.target_value = row.target_value
        target.target_date = row.target_date
        target.description = row.description
        target.position = position
        position += 1
        target.save()
    if position == 0:
        raise ReportingError(
            _("A pledge needs at least one measurable target."),
            {"targets": [_("A pledge needs at least one measurable target.")]},
        )


@transaction.atomic
def create_pledge(
    *, organisation, actor, title: str, description: str, targets: list[TargetInput]
) -> Commitment:
    """An organisation's individual pledge: current at once, so it is reported on in the next cycle."""
    pledge = Commitment.objects.create(
        organisation=organisation,
        title=title,
        description=description,
        is_current=True,
        position=Commitment.objects.filter(organisation=organisation).count(),
    )
    _apply_targets(pledge, targets)
    log_action(
        "pact.pledge.created",
        pledge,
        actor,
        {"title": title, "targets": len([t for t in targets if not t.delete])},
    )
    return pledge


@transaction.atomic
def update_pledge(
    pledge: Commitment,
    *,
    actor,
    lock_version: int,
    title: str,
    description: str,
    targets: list[TargetInput],
) -> Commitment:
    locked = Commitment.objects.select_for_update().get(pk=pledge.pk)
    if locked.lock_version != lock_version:
        raise EditConflict(
            str(
                gettext_lazy(
                    "Someone else changed this pledge while you were editing it. Nothing was "
                    "saved: your text is kept below. Check the current version, then save again."
                )
            )
        )
    locked.title = title
    locked.description = description
    locked.lock_version += 1
    locked.updated_at = timezone.now()
    locked.save()
    _apply_targets(locked, targets)
    log_action("pact.pledge.updated", locked, actor, {"title": title})
    return locked
