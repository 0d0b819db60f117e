"""Reporting cycles, run by staff: creating one, opening it (its reminders start), closing it.
Every transition is audited."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Count
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import (
    NoticeKind,
    NoticeText,
    ProgressReport,
    ReportingCycle,
)
from commitments.reporting import services as reporting_services
from commitments.reporting.selectors import outstanding_organisation_ids_sql
from commitments.reporting.services import ReportingError
from members.models import Organisation
from pact.kernel import schedule
from pact.kernel.audit import log_action
from pact.kernel.outbox import queue
from pact.models import User

AUDIT = "pact.reporting_cycle"

# --- cycles ---------------------------------------------------------------------------------------------


def create_cycle(
    *,
    actor,
    year: int,
    opens_on: date,
    closes_on: date,
    reminder_days: list[int],
    deadline: date | None = None,
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
            deadline=deadline or closes_on,
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
                "deadline": (deadline or closes_on).isoformat(),
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
    """open -> closed: from now on the cycle's reports are locked (validation can still go on).

    The row is taken ``FOR UPDATE``: the close waits for saves in flight (``FOR SHARE``), and the
    saves after it see it closed."""
    cycle = schedule.lock_for_close(cycle)
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


# --- dates, extensions and the schedule -----------------------------------------------------------------


def _check(errors: dict[str, list[str]]) -> None:
    if errors:
        field = next(iter(errors))
        raise ReportingError(errors[field][0], errors)


@transaction.atomic
def update_dates(
    cycle: ReportingCycle,
    actor,
    *,
    opens_on: date,
    deadline: date,
    closes_on: date,
    reminder_days: list[int],
) -> ReportingCycle:
    """Staff edit a cycle's days (DESIGN §9): anything while scheduled; once open, the opening day
    stays, the deadline only moves later and the closing day never into the past; closed: nothing."""
    cycle = schedule.lock_for_close(cycle)
    if cycle.is_closed:
        raise ReportingError(_("This cycle is closed: its dates cannot change any more."))
    _check(schedule.date_errors(opens_on, deadline, closes_on))
    if cycle.is_open:
        if opens_on != cycle.opens_on:
            _check({"opens_on": [_("The cycle is open: its opening day cannot change.")]})
        if deadline != cycle.deadline:
            _check(schedule.check_new_deadline(cycle, deadline, cycle.deadline))
    latest = max([deadline, *cycle.extensions.values_list("deadline", flat=True)], default=deadline)
    if closes_on != cycle.closes_on or closes_on < latest:
        _check(schedule.check_new_closing_day(cycle, closes_on, latest))
    before = {
        "opens_on": cycle.opens_on.isoformat(),
        "deadline": cycle.deadline.isoformat(),
        "closes_on": cycle.closes_on.isoformat(),
        "reminders": list(cycle.reminder_days),
    }
    cycle.opens_on, cycle.deadline, cycle.closes_on = opens_on, deadline, closes_on
    cycle.reminder_days = sorted({int(d) for d in reminder_days}, reverse=True)
    cycle.save(update_fields=["opens_on", "deadline", "closes_on", "reminder_days"])
    log_action(
        "pact.reporting_cycle.dates_changed",
        cycle,
        actor,
        {
            "year": cycle.year,
            "before": before,
            "after": {
                "opens_on": opens_on.isoformat(),
                "deadline": deadline.isoformat(),
                "closes_on": closes_on.isoformat(),
                "reminders": cycle.reminder_days,
            },
        },
    )
    return cycle


def extend_deadline(
    cycle: ReportingCycle,
    actor,
    *,
    deadline: date,
    organisations: list[Organisation] | None = None,
    reason: str = "",
) -> int:
    """Move the deadline for everyone (``organisations`` None) or for the named organisations.

    Never past the closing day (staff move that first), never earlier than the deadline it
    replaces; audited; the people of the organisations concerned that have not reported are told
    by mail. Returns how many organisations got the new deadline (everyone: those owing reports).
    """
    with transaction.atomic():
        window = schedule.lock_for_close(cycle)
        if window.is_closed:
            raise ReportingError(_("This cycle is closed: its deadlines cannot move any more."))
        try:
            organisation_ids = schedule.extend_deadline(
                window,
                actor=actor,
                deadline=deadline,
                organisations=organisations,
                reason=reason,
                audit_prefix="pact.reporting_cycle",
                current_deadline=reporting_services.effective_deadline,
            )
        except schedule.ScheduleError as exc:
            raise ReportingError(exc.message, exc.errors) from None
        told = _tell_extension(window, deadline, organisation_ids)
    return told if organisation_ids is None else len(organisation_ids)


def _tell_extension(
    cycle: ReportingCycle, deadline: date, organisation_ids: list[int] | None
) -> int:
    """Mail the people of the organisations concerned that still owe reports, once per deadline."""
    sql = f"SELECT x.organisation_id FROM ({outstanding_organisation_ids_sql()}) x"  # noqa: S608
    params: list = [cycle.pk]
    if organisation_ids is not None:
        sql += " WHERE x.organisation_id = ANY(%s)"
        params.append(organisation_ids)
    users = (
        User.objects.filter(
            is_active=True,
            deleted_at__isnull=True,
            organisation_memberships__organisation_id__in=RawSQL(sql, params),  # noqa: S611
        )
        .distinct()
        .order_by("pk")
        .values_list("pk", "email", "language")
    )
    key = f"extended-{deadline.isoformat()}"
    told = queue.queue_bulk_emails_sql(
        recipients=users,
        template="reporting_extended",
        context={
            "cycle": cycle,
            "year": cycle.year,
            "deadline": deadline,
            "path": "/reporting/",
            "notice": NoticeText.objects.filter(kind=NoticeKind.EXTENDED).first(),
        },
        kind="reminder.extended",
        dedupe_prefix=f"reminder:{cycle.pk}:{key}:",
    )
    cycle_id = cycle.pk

    def _send() -> None:
        from commitments.monitoring.reminders import enqueue_pending

        enqueue_pending(cycle_id, key, "extended")

    transaction.on_commit(_send)
    return told


def run_schedule(day: date | None = None) -> dict[str, list]:
    """Beat (hourly): close the cycles whose closing day has passed, then open the next one whose
    opening day has come (one open cycle at a time). Idempotent: a second run finds nothing to do.
    Reports past a deadline are flagged late when submitted; the overdue notice goes to those who
    have not reported (``reminders.run``)."""
    day = day or schedule.today()
    done = schedule.advance(
        ReportingCycle.objects.filter(status=ReportingCycle.Status.OPEN),
        audit_prefix=AUDIT,
        day=day,
    )
    if not ReportingCycle.objects.filter(status=ReportingCycle.Status.OPEN).exists():
        due = (
            ReportingCycle.objects.filter(
                status=ReportingCycle.Status.SCHEDULED, opens_on__lte=day, closes_on__gte=day
            )
            .order_by("opens_on", "year")
            .first()
        )
        if due is not None:
            opened = schedule.advance(
                ReportingCycle.objects.filter(pk=due.pk), audit_prefix=AUDIT, day=day
            )
            done["opened"] = opened["opened"]
    return done
