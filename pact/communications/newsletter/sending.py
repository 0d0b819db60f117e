"""Composing and sending a newsletter: a draft with its translations, a test to oneself, and
sending once per recipient.

Sending snapshots the confirmed subscribers into ``NewsletterDelivery`` rows; workers claim rows
with ``SELECT ... FOR UPDATE SKIP LOCKED`` and queue each mail with the outbox dedupe key
``newsletter:<id>:<subscriber>``, so a recipient gets one mail however often the task runs.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pact import access
from pact.access import Perm
from pact.communications.models import (
    NewsItem,
    Newsletter,
    NewsletterDelivery,
    NewsletterStatus,
    NewsletterSubscription,
    SubscriptionStatus,
)
from pact.communications.newsletter import languages
from pact.communications.newsletter.languages import newsletter_context
from pact.communications.newsletter.services import (
    BATCH_SIZE,
    absolute,
    unsubscribe_headers,
    unsubscribe_url,
)
from pact.kernel.assurance import Assurance
from pact.kernel.audit import log_action
from pact.kernel.outbox.queue import queue_email
from pact.kernel.texts import interface_language_for


class NewsletterError(Exception):
    """A refused newsletter operation; the message is shown to the person."""


class StaleVersion(NewsletterError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this newsletter while you were editing it. Your text is "
                "kept below: reload the page and apply your change again."
            )
        )


# --- composing and sending ---------------------------------------------------------------------


def _checked(language: str, subject: str, translations) -> list[languages.Row]:
    try:
        return languages.checked(language, subject, translations)
    except languages.LanguageError as exc:
        raise NewsletterError(" ".join(exc.messages)) from None


@transaction.atomic
def create_newsletter(
    *,
    actor,
    subject: str,
    introduction: str,
    news_items: list[NewsItem],
    language: str = "en",
    translations: Sequence[languages.Row] = (),
    sign_in: Assurance | None = None,
) -> Newsletter:
    """A draft in ``language`` with its ``translations`` (``languages.checked`` rules), written by
    Commission staff (``access.Refused`` for anyone else)."""
    access.require_to_act(actor, Perm.STAFF, sign_in=sign_in)
    rows = _checked(language, subject, translations)
    newsletter = Newsletter.objects.create(
        subject=subject.strip(), introduction=introduction, language=language, created_by=actor
    )
    newsletter.news_items.set(news_items)
    languages.store(newsletter, rows)
    log_action(
        "pact.newsletter.created",
        newsletter,
        actor,
        {"subject": newsletter.subject, "items": [i.pk for i in news_items]},
    )
    return newsletter


@transaction.atomic
def update_newsletter(
    newsletter: Newsletter,
    *,
    actor,
    lock_version: int,
    subject: str,
    introduction: str,
    news_items: list[NewsItem],
    language: str | None = None,
    translations: Sequence[languages.Row] | None = None,
    sign_in: Assurance | None = None,
) -> Newsletter:
    """Save an edit made on ``lock_version``; ``translations`` (when given) replace the old."""
    access.require_to_act(actor, Perm.STAFF, sign_in=sign_in)
    language = language or newsletter.language
    rows = _checked(
        language,
        subject,
        languages.rows_of(newsletter) if translations is None else translations,
    )
    updated = Newsletter.objects.filter(
        pk=newsletter.pk, lock_version=lock_version, status=NewsletterStatus.DRAFT
    ).update(
        subject=subject.strip(),
        introduction=introduction,
        language=language,
        lock_version=F("lock_version") + 1,
        updated_at=timezone.now(),
    )
    if not updated:
        newsletter.refresh_from_db()
        if newsletter.status != NewsletterStatus.DRAFT:
            raise NewsletterError(_("This newsletter is being sent or was sent; it cannot change."))
        raise StaleVersion()
    newsletter.news_items.set(news_items)
    languages.store(newsletter, rows)
    newsletter.refresh_from_db()
    log_action(
        "pact.newsletter.updated",
        newsletter,
        actor,
        {"subject": newsletter.subject, "items": [i.pk for i in news_items]},
    )
    return newsletter


def send_test(newsletter: Newsletter, *, actor, sign_in: Assurance | None = None) -> None:
    """Send the newsletter to the staff member themself, marked as a test."""
    access.require_to_act(actor, Perm.STAFF, sign_in=sign_in)
    context = {
        **newsletter_context(newsletter, actor.language),
        "is_test": True,
        "unsubscribe_url": absolute(reverse("communications:newsletter_subscribe")),
    }
    queue_email(
        to=actor.email,
        template="communications_newsletter",
        context=context,
        kind="communications_newsletter_test",
        language=actor.language,
    )
    Newsletter.objects.filter(pk=newsletter.pk).update(test_sent_at=timezone.now())
    log_action("pact.newsletter.test_sent", newsletter, actor, {"to": "self"})


@transaction.atomic
def start_sending(newsletter: Newsletter, *, actor, sign_in: Assurance | None = None) -> Newsletter:
    """Snapshot the confirmed subscribers and hand the sending to Celery (after commit).

    Only a draft with at least one news item can be sent, and only once: the status moves from
    draft to sending by compare-and-set.
    """
    access.require_to_act(actor, Perm.STAFF, sign_in=sign_in)
    from pact.communications.tasks import deliver_newsletter

    if not newsletter.news_items.exists():
        raise NewsletterError(_("Select at least one news item before sending."))
    now = timezone.now()
    started = Newsletter.objects.filter(pk=newsletter.pk, status=NewsletterStatus.DRAFT).update(
        status=NewsletterStatus.SENDING, send_requested_at=now, sent_by=actor
    )
    if not started:
        raise NewsletterError(_("This newsletter is already being sent or was sent."))
    subscriber_ids = NewsletterSubscription.objects.filter(
        status=SubscriptionStatus.CONFIRMED
    ).values_list("pk", flat=True)
    batch: list[NewsletterDelivery] = []
    total = 0
    for subscription_id in subscriber_ids.iterator(chunk_size=5000):
        batch.append(
            NewsletterDelivery(newsletter_id=newsletter.pk, subscription_id=subscription_id)
        )
        if len(batch) >= 5000:
            NewsletterDelivery.objects.bulk_create(batch, ignore_conflicts=True)
            total += len(batch)
            batch = []
    if batch:
        NewsletterDelivery.objects.bulk_create(batch, ignore_conflicts=True)
        total += len(batch)
    Newsletter.objects.filter(pk=newsletter.pk).update(recipient_count=total)
    newsletter.refresh_from_db()
    log_action(
        "pact.newsletter.send_started",
        newsletter,
        actor,
        {"recipients": newsletter.recipient_count},
    )
    transaction.on_commit(lambda: _enqueue(deliver_newsletter, newsletter.pk))
    return newsletter


def _enqueue(task, pk: int) -> None:
    try:
        task.delay(pk)
    except Exception:  # broker down: the sweeper picks the newsletter up again
        import logging

        logging.getLogger(__name__).warning("Broker unavailable; newsletter %s waits", pk)


def deliver_batch(newsletter_id: int, batch_size: int | None = None) -> int:
    """Queue the mails of up to ``batch_size`` recipients not yet handled. Returns how many were claimed.

    Rows are claimed with ``FOR UPDATE SKIP LOCKED`` so two workers never take the same row, and
    the outbox dedupe key stops a second mail should a row ever be handled twice.
    """
    newsletter = Newsletter.objects.filter(pk=newsletter_id).first()
    if newsletter is None or newsletter.status != NewsletterStatus.SENDING:
        return 0
    contexts: dict[str, dict] = {}  # one per language, built when a recipient needs it
    with transaction.atomic():
        rows = list(
            NewsletterDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(newsletter_id=newsletter_id, queued_at=None)
            .select_related("subscription")
            .order_by("pk")[: batch_size or BATCH_SIZE]
        )
        now = timezone.now()
        for row in rows:
            subscription = row.subscription
            row.queued_at = now
            if subscription is None or subscription.status != SubscriptionStatus.CONFIRMED:
                continue  # unsubscribed (or deleted their account) since sending started
            url = unsubscribe_url(subscription)
            reader = subscription.language
            if reader not in contexts:
                contexts[reader] = newsletter_context(newsletter, reader)
            row.email = queue_email(
                to=subscription.email,
                template="communications_newsletter",
                context={**contexts[reader], "unsubscribe_url": url, "is_test": False},
                kind="communications_newsletter",
                dedupe_key=f"newsletter:{newsletter_id}:{subscription.pk}",
                headers=unsubscribe_headers(url),
                # The mail's labels: the reader's language if the interface speaks it.
                language=interface_language_for(reader),
            )
        NewsletterDelivery.objects.bulk_update(rows, ["queued_at", "email"])
    return len(rows)


@transaction.atomic
def finish_if_done(newsletter_id: int) -> bool:
    """Mark the newsletter sent once every recipient's mail is queued (compare-and-set, once)."""
    if NewsletterDelivery.objects.filter(newsletter_id=newsletter_id, queued_at=None).exists():
        return False
    finished = Newsletter.objects.filter(pk=newsletter_id, status=NewsletterStatus.SENDING).update(
        status=NewsletterStatus.SENT, finished_at=timezone.now()
    )
    if finished:
        newsletter = Newsletter.objects.get(pk=newsletter_id)
        log_action(
            "pact.newsletter.sent", newsletter, None, {"recipients": newsletter.recipient_count}
        )
    return bool(finished)
