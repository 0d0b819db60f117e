"""Reporting reminders: the cycle's schedule decides what is due; the outbox makes each mail unique.

A reminder (opening notice, N days before closing, closing day, overdue notice) is recorded once per
cycle in ``ReminderDispatch``; its recipients are chosen in SQL and their mails (and notifications)
written by one ``INSERT ... SELECT`` with the dedupe key ``reminder:<cycle>:<reminder>:<user>``, so a
second beat or a retried task never records anyone the same reminder twice. Sending happens after
commit in batches of ``SEND_BATCH`` (``pact.kernel.outbox.delivery.deliver_batch``: one claim, one connection to the
mail backend, sent mails marked in groups); whatever is still pending is picked up again by the next
run or the outbox sweeper. A worker killed mid-batch leaves its claim, which goes stale after
``CLAIM_TIMEOUT``; only the mails of the group it had not yet marked sent may then go out twice.
"""

from __future__ import annotations

import logging
from datetime import date
from itertools import islice

from django.db import transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from commitments.models import CycleExtension, ReminderDispatch, ReminderKind, ReportingCycle
from commitments.monitoring import notices
from commitments.reporting import selectors
from pact.kernel.outbox import claims, queue
from pact.models import OutboundEmail, User

log = logging.getLogger(__name__)

SEND_BATCH = 500
CLAIM_TIMEOUT = claims.CLAIM_TIMEOUT  # a claim older than this is a dead worker's
TEMPLATES = {
    ReminderKind.OPENING: "reporting_opening",
    ReminderKind.BEFORE: "reporting_before",
    ReminderKind.CLOSING_DAY: "reporting_closing_day",
    ReminderKind.OVERDUE: "reporting_overdue",
}


def due_reminders(cycle: ReportingCycle, today: date) -> list[tuple[str, str, int | None]]:
    """``(key, kind, days_before)`` of the reminders the schedule calls for on ``today``.

    Only the nearest "N days before" reminder is due, so a cycle opened late does not send several
    reminders at once.
    """
    if cycle.status != ReportingCycle.Status.OPEN:
        return []
    due: list[tuple[str, str, int | None]] = [("opening", ReminderKind.OPENING, None)]
    if today < cycle.deadline:
        days_left = (cycle.deadline - today).days
        passed = [d for d in cycle.reminder_days if d > 0 and d >= days_left]
        if passed:
            days = min(passed)
            due.append((f"before-{days}", ReminderKind.BEFORE, days))
    elif today == cycle.deadline:
        due.append(("closing_day", ReminderKind.CLOSING_DAY, None))
    else:
        due.append(("overdue", ReminderKind.OVERDUE, None))
    return due


def recipients(cycle: ReportingCycle, kind: str):
    """People of the organisations concerned: all that owe reports for the opening notice, else
    only those with reports not yet submitted. One row per person, chosen in SQL."""
    if kind == ReminderKind.OPENING:
        orgs = RawSQL(selectors.duty_organisation_ids_sql(), [])  # noqa: S611 - fixed SQL
    else:
        # Only those who have not reported; an organisation whose deadline was extended past the
        # cycle's hears from its extension, not from the cycle's deadline reminders.
        extensions = CycleExtension._meta.db_table
        orgs = RawSQL(  # noqa: S611 - fixed SQL, values are parameters
            f"""SELECT due.organisation_id FROM ({selectors.outstanding_organisation_ids_sql()}) due
                WHERE NOT EXISTS (SELECT 1 FROM {extensions} e WHERE e.cycle_id = %s
                      AND e.organisation_id = due.organisation_id AND e.deadline > %s)""",  # noqa: S608
            [cycle.pk, cycle.pk, cycle.deadline],
        )
    return (
        User.objects.filter(
            is_active=True,
            deleted_at__isnull=True,
            organisation_memberships__organisation_id__in=orgs,
        )
        .distinct()
        .order_by("pk")
        .values_list("pk", "email", "language")
    )


def dedupe_prefix(cycle_id: int, key: str) -> str:
    return f"reminder:{cycle_id}:{key}:"


def record(cycle: ReportingCycle, key: str, kind: str, days_before: int | None) -> ReminderDispatch:
    """Record the reminder's mails once (bulk, deduplicated); enqueue what is pending after commit."""
    with transaction.atomic():
        dispatch, _created = ReminderDispatch.objects.get_or_create(
            cycle=cycle, key=key, defaults={"kind": kind, "days_before": days_before}
        )
        dispatch = ReminderDispatch.objects.select_for_update().get(pk=dispatch.pk)
        if dispatch.recorded_at is None:
            prefix = dedupe_prefix(cycle.pk, key)
            context = {
                "cycle": cycle,
                "year": cycle.year,
                "closes_on": cycle.deadline,  # the deadline, as the mails say
                "days_before": days_before,
                "path": "/reporting/",
                "notice": notices.current(kind),  # staff's own text, if any
            }
            dispatch.recipients = queue.queue_bulk_emails_sql(
                recipients=recipients(cycle, kind),
                template=TEMPLATES[ReminderKind(kind)],
                context=context,
                kind=f"reminder.{kind}",
                dedupe_prefix=prefix,
            )
            dispatch.recorded_at = timezone.now()
            dispatch.save(update_fields=["recipients", "recorded_at"])
        cycle_id = cycle.pk
        transaction.on_commit(lambda: enqueue_pending(cycle_id, key, kind))
    return dispatch


def pending_ids(cycle_id: int, key: str, kind: str):
    stale = timezone.now() - CLAIM_TIMEOUT
    return (
        OutboundEmail.objects.filter(
            kind=f"reminder.{kind}",
            status=OutboundEmail.Status.PENDING,
            dedupe_key__startswith=dedupe_prefix(cycle_id, key),
        )
        .filter(claims.unclaimed_or_stale(stale))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def enqueue_pending(cycle_id: int, key: str, kind: str) -> int:
    """Hand the reminder's unsent mails to the workers, ``SEND_BATCH`` per task."""
    from commitments.tasks import send_reminder_batch

    ids = pending_ids(cycle_id, key, kind).iterator(chunk_size=SEND_BATCH * 4)
    queued = 0
    while batch := list(islice(ids, SEND_BATCH)):
        try:
            send_reminder_batch.delay(batch)
        except Exception:
            log.warning("Could not enqueue %s reminder mails; the sweeper will", len(batch))
        queued += len(batch)
    return queued


def run(today: date | None = None, cycle_id: int | None = None) -> dict[str, int]:
    """Record and send every reminder due today. Safe to run any number of times."""
    today = today or timezone.localdate()
    cycles = ReportingCycle.objects.filter(status=ReportingCycle.Status.OPEN)
    if cycle_id is not None:
        cycles = cycles.filter(pk=cycle_id)
    result: dict[str, int] = {}
    for cycle in cycles:
        for key, kind, days in due_reminders(cycle, today):
            result[f"{cycle.year}:{key}"] = record(cycle, key, kind, days).recipients
    if result:
        log.info("Reporting reminders: %s", result)
    return result
