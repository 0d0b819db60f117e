"""The outbox's tasks: send one recorded mail, re-enqueue what is still pending. Both are safe to
run twice; their names are the ones queued messages carry (``pact.tasks.*``)."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from pact.kernel.outbox import claims, delivery
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


@shared_task(name="pact.tasks.sweep_outbox")
def sweep_outbox() -> int:
    """Re-enqueue mails still pending (broker was down, worker died): delays work, never drops it."""
    stale = timezone.now() - timedelta(minutes=2)
    pks = list(
        OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING, created_at__lt=stale)
        .filter(claims.unclaimed_or_stale(timezone.now() - timedelta(minutes=10)))
        .values_list("pk", flat=True)[:5000]
    )
    for pk in pks:
        send_email.delay(pk)
    return len(pks)
