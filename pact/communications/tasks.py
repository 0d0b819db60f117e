"""Communications tasks: thin, keyed by primary key, safe to run twice."""

from __future__ import annotations

import time
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from pact.communications.models import Newsletter, NewsletterStatus
from pact.communications.newsletter import sending
from pact.communications.newsletter import services as newsletter

# One task run hands over to a fresh one after this many seconds, well inside the time limits.
TIME_BUDGET_SECONDS = 60


@shared_task(
    name="pact.communications.tasks.deliver_newsletter",
    bind=True,
    acks_late=True,
    max_retries=8,
    retry_backoff=True,
    retry_backoff_max=600,
)
def deliver_newsletter(self, newsletter_id: int) -> int:
    """Queue the newsletter's mails batch by batch; hand over to a new run when time is up."""
    deadline = time.monotonic() + TIME_BUDGET_SECONDS
    handled = 0
    while True:
        claimed = sending.deliver_batch(newsletter_id)
        handled += claimed
        if not claimed:
            sending.finish_if_done(newsletter_id)
            return handled
        if time.monotonic() > deadline:
            deliver_newsletter.delay(newsletter_id)
            return handled


@shared_task(name="pact.communications.tasks.sweep_newsletters")
def sweep_newsletters() -> int:
    """Restart newsletters still sending (worker killed, broker down): delays, never drops."""
    # Leave a newsletter alone for its first minutes: its own task is still on it.
    started_before = timezone.now() - timedelta(minutes=2)
    pks = list(
        Newsletter.objects.filter(
            status=NewsletterStatus.SENDING, send_requested_at__lt=started_before
        ).values_list("pk", flat=True)
    )
    for pk in pks:
        deliver_newsletter.delay(pk)
    return len(pks)


@shared_task(name="pact.communications.tasks.purge_unconfirmed_subscriptions")
def purge_unconfirmed_subscriptions() -> int:
    return newsletter.purge_pending()
