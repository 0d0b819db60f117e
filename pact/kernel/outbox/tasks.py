"""The outbox's tasks: send one recorded mail, re-enqueue what is still pending. Both are safe to
run twice; their names are the ones queued messages carry (``pact.tasks.*``)."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from pact.kernel.outbox import claims, delivery, retention
from pact.models import OutboundEmail


@shared_task(
    name="pact.tasks.send_email",
    bind=True,
    acks_late=True,
    max_retries=8,
    retry_backoff=True,
    retry_backoff_max=600,
)
def send_email(self, pk: int) -> bool:
    try:
        return delivery.deliver(pk)
    except delivery.TRANSIENT_ERRORS as exc:
        raise self.retry(exc=exc) from exc


@shared_task(
    name="pact.tasks.send_email_batch",
    bind=True,
    acks_late=True,
    max_retries=8,
    retry_backoff=True,
    retry_backoff_max=600,
)
def send_email_batch(self, pks: list[int]) -> int:
    """Send recorded mails as one batch (one claim, one connection: ``delivery.deliver_batch``)."""
    try:
        return delivery.deliver_batch(pks)
    except delivery.TRANSIENT_ERRORS as exc:
        raise self.retry(exc=exc) from exc


# The sweeper hands pending mails to the workers this many per task, as the reminders do.
SWEEP_BATCH = 500


@shared_task(name="pact.tasks.sweep_outbox")
def sweep_outbox() -> int:
    """Re-enqueue mails still pending (broker was down, worker died): delays work, never drops it.
    In batches of ``SWEEP_BATCH`` per task, so a slow mail server does not undo the batching."""
    stale = timezone.now() - timedelta(minutes=2)
    pks = list(
        OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING, created_at__lt=stale)
        .filter(claims.unclaimed_or_stale(timezone.now() - claims.CLAIM_TIMEOUT))
        .order_by("pk")
        .values_list("pk", flat=True)[:5000]
    )
    for start in range(0, len(pks), SWEEP_BATCH):
        send_email_batch.delay(pks[start : start + SWEEP_BATCH])
    return len(pks)


@shared_task(name="pact.tasks.reduce_outbox_bodies")
def reduce_outbox_bodies() -> int:
    """Nightly: mails older than ``OUTBOX_BODY_RETENTION_DAYS`` keep only their metadata."""
    return retention.reduce_old_bodies()
