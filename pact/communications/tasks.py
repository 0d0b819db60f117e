"""Communications tasks: thin, keyed by primary key, safe to run twice."""

from __future__ import annotations

import time

from celery import shared_task

from pact.communications import newsletter
from pact.communications.models import Newsletter, NewsletterStatus

# One task run hands over to a fresh one after this many seconds, well inside the time limits.
TIME_BUDGET_SECONDS = 60


@shared_task(bind=True, acks_late=True, max_retries=8, retry_backoff=True, retry_backoff_max=600)
def deliver_newsletter(self, newsletter_id: int) -> int:
    """Queue the newsletter's mails batch by batch; hand over to a new run when time is up."""
    deadline = time.monotonic() + TIME_BUDGET_SECONDS
    handled = 0
    while True:
        claimed = newsletter.deliver_batch(newsletter_id)
        handled += claimed
        if not claimed:
            newsletter.finish_if_done(newsletter_id)
            return handled
        if time.monotonic() > deadline:
            deliver_newsletter.delay(newsletter_id)
            return handled


@shared_task
def sweep_newsletters() -> int:
    """Restart newsletters still sending (worker killed, broker down): delays, never drops."""
    pks = list(
        Newsletter.objects.filter(status=NewsletterStatus.SENDING).values_list("pk", flat=True)
    )
    for pk in pks:
        deliver_newsletter.delay(pk)
    return len(pks)


@shared_task
def purge_unconfirmed_subscriptions() -> int:
    return newsletter.purge_pending()
