"""Core tasks: thin wrappers around services. Each takes primary keys and is safe to run twice."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from pact.kernel.outbox import queue as mail
from pact.models import OutboundEmail

log = logging.getLogger(__name__)


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
        return mail.deliver(pk)
    except mail.TRANSIENT_ERRORS as exc:
        raise self.retry(exc=exc) from exc


@shared_task(name="pact.tasks.sweep_outbox")
def sweep_outbox() -> int:
    """Re-enqueue mails still pending (broker was down, worker died): delays work, never drops it."""
    stale = timezone.now() - timedelta(minutes=2)
    pks = list(
        OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING, created_at__lt=stale)
        .filter(mail.models_q_unclaimed(timezone.now() - timedelta(minutes=10)))
        .values_list("pk", flat=True)[:5000]
    )
    for pk in pks:
        send_email.delay(pk)
    return len(pks)


@shared_task(name="pact.tasks.purge_stale_accounts")
def purge_stale_accounts() -> dict:
    from pact.services import purge_stale_accounts as purge

    result = purge(
        unverified_days=settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS,
        invitation_days=settings.INVITATION_VALIDITY_DAYS,
    )
    log.info("Purged %s", result)
    return result
