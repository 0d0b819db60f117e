"""Reporting cycles, run by staff: creating one, opening it (its reminders start), closing it.
Every transition is audited."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import (
    ProgressReport,
    ReportingCycle,
)
from commitments.reporting.services import ReportingError
from pact.kernel.audit import log_action

# --- cycles ---------------------------------------------------------------------------------------------


def create_cycle(
    *, actor, year: int, opens_on: date, closes_on: date, reminder_days: list[int]
) -> ReportingCycle:
    if closes_on < opens_on:
        raise ReportingError(
            _("The closing date must be on or after the opening date."),
            {"closes_on": [_("The closing date must be on or after the opening date.")]},
        )
    if ReportingCycle.objects.filter(year=year).exists():
        raise ReportingError(
            _("There is already a reporting cycle for %(year)s.") % {"year": year},
            {"year": [_("There is already a reporting cycle for %(year)s.") % {"year": year}]},
        )
    days = sorted({int(d) for d in reminder_days}, reverse=True)
    with transaction.atomic():
        cycle = ReportingCycle.objects.create(
            year=year,
            opens_on=opens_on,
            closes_on=closes_on,
            reminder_days=days,
            created_by=actor,
        )
        log_action(
            "pact.reporting_cycle.created",
            cycle,
            actor,
            {
                "opens_on": opens_on.isoformat(),
                "closes_on": closes_on.isoformat(),
                "reminders": days,
            },
        )
    return cycle


@transaction.atomic
def open_cycle(cycle: ReportingCycle, actor) -> ReportingCycle:
    """scheduled -> open. The opening notice goes out through the reminder task after commit."""
    cycle = ReportingCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != ReportingCycle.Status.SCHEDULED:
        raise ReportingError(_("Only a scheduled cycle can be opened."))
    if ReportingCycle.objects.filter(status=ReportingCycle.Status.OPEN).exists():
        raise ReportingError(_("Another reporting cycle is open. Close it first."))
    cycle.status = ReportingCycle.Status.OPEN
    cycle.opened_at = timezone.now()
    cycle.save(update_fields=["status", "opened_at"])
    log_action("pact.reporting_cycle.opened", cycle, actor, {"year": cycle.year})

    def _notify() -> None:
        from commitments.tasks import send_cycle_reminders

        try:
            send_cycle_reminders.delay(cycle.pk)
        except Exception:  # the hourly beat task sends it anyway
            import logging

            logging.getLogger(__name__).warning("Broker unavailable; reminders wait for beat")

    transaction.on_commit(_notify)
    return cycle


@transaction.atomic
def close_cycle(cycle: ReportingCycle, actor) -> ReportingCycle:
    """open -> closed: from now on the cycle's reports are locked (validation can still go on)."""
    cycle = ReportingCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != ReportingCycle.Status.OPEN:
        raise ReportingError(_("Only an open cycle can be closed."))
    cycle.status = ReportingCycle.Status.CLOSED
    cycle.closed_at = timezone.now()
    cycle.save(update_fields=["status", "closed_at"])
    counts = dict(
        ProgressReport.objects.filter(cycle=cycle).values_list("status").annotate(n=Count("id"))
    )
    log_action("pact.reporting_cycle.closed", cycle, actor, {"year": cycle.year, "reports": counts})
    return cycle
