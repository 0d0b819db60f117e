"""Commitments tasks: thin wrappers around services; each takes primary keys and is safe to run twice."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from pact.kernel.outbox import delivery

log = logging.getLogger(__name__)


@shared_task(name="commitments.tasks.send_due_reminders", acks_late=True)
def send_due_reminders() -> dict[str, int]:
    """Hourly (Celery beat): record and send the reporting reminders the open cycle's schedule calls for."""
    from commitments.monitoring import reminders

    return reminders.run()


@shared_task(name="commitments.tasks.run_cycle_schedule", acks_late=True)
def run_cycle_schedule() -> dict:
    """Hourly (Celery beat, before ``send_due_reminders``): open and close reporting cycles on
    their dates. Safe to run twice."""
    from commitments.monitoring import cycles

    return cycles.run_schedule()


@shared_task(name="commitments.tasks.send_cycle_reminders", acks_late=True)
def send_cycle_reminders(cycle_id: int) -> dict[str, int]:
    """Right after a cycle opens: the opening notice, without waiting for the next beat."""
    from commitments.monitoring import reminders

    return reminders.run(cycle_id=cycle_id)


@shared_task(
    name="commitments.tasks.send_reminder_batch",
    bind=True,
    acks_late=True,
    max_retries=8,
    retry_backoff=True,
    retry_backoff_max=600,
)
def send_reminder_batch(self, pks: list[int]) -> int:
    """Send recorded reminder mails: claimed in one UPDATE, sent over one connection to the mail
    backend (``pact.kernel.outbox.delivery.deliver_batch``). A retry, or the same batch twice, skips what was sent."""
    try:
        return delivery.deliver_batch(pks)
    except delivery.TRANSIENT_ERRORS as exc:
        raise self.retry(exc=exc) from exc


@shared_task(
    name="commitments.tasks.build_export",
    bind=True,
    acks_late=True,
    max_retries=3,
    retry_backoff=True,
)
def build_export(self, pk: int) -> str:
    from commitments.monitoring import exports

    return exports.build(pk)


@shared_task(name="commitments.tasks.sweep_exports")
def sweep_exports() -> int:
    """Re-enqueue exports still waiting (broker was down) or stuck (worker died while building)."""
    from commitments.models import ExportJob

    now = timezone.now()
    waiting = ExportJob.objects.filter(
        status=ExportJob.Status.PENDING, created_at__lt=now - timedelta(minutes=1)
    )
    stuck = ExportJob.objects.filter(
        status=ExportJob.Status.RUNNING, started_at__lt=now - timedelta(minutes=15)
    )
    pks = list(waiting.values_list("pk", flat=True)[:100]) + list(
        stuck.values_list("pk", flat=True)[:100]
    )
    for pk in pks:
        build_export.delay(pk)
    return len(pks)
