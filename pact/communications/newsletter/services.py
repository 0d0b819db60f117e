"""The newsletter: double opt-in subscriptions, one-click unsubscribe, and sending once per recipient.

Tokens are signed with ``django.core.signing`` (the project's secret key and a salt per purpose):

* a confirmation link expires after ``NEWSLETTER_CONFIRMATION_DAYS`` and is bound to the
  subscription's secret, which changes at every (re)subscription, so an old link cannot be replayed;
* an unsubscribe link never expires (RFC 8058: it must keep working in old mails) and using it
  twice is harmless.

Sending snapshots the confirmed subscribers into ``NewsletterDelivery`` rows; workers claim rows
with ``SELECT ... FOR UPDATE SKIP LOCKED`` and queue each mail with the outbox dedupe key
``newsletter:<id>:<subscriber>``, so a recipient gets one mail however often the task runs.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.core import signing
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
    new_secret,
)
from pact.communications.newsletter import languages
from pact.communications.newsletter.languages import newsletter_context
from pact.kernel.assurance import Assurance
from pact.kernel.audit import log_action
from pact.kernel.outbox.queue import queue_email
from pact.kernel.texts import interface_language_for

CONFIRM_SALT = "pact.communications.newsletter.confirm"
UNSUBSCRIBE_SALT = "pact.communications.newsletter.unsubscribe"
CONFIRMATION_DAYS = getattr(settings, "NEWSLETTER_CONFIRMATION_DAYS", 7)
# Unconfirmed requests are deleted after this many days (privacy notice).
PENDING_RETENTION_DAYS = getattr(settings, "NEWSLETTER_PENDING_RETENTION_DAYS", 30)
# A new confirmation mail for the same address at most this often (no mail bombing).
RESEND_AFTER = timedelta(minutes=5)
BATCH_SIZE = getattr(settings, "NEWSLETTER_BATCH_SIZE", 200)


class TokenResult(enum.Enum):
    DONE = "done"
    ALREADY = "already"
    EXPIRED = "expired"
    INVALID = "invalid"


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


def absolute(path: str) -> str:
    return settings.SITE_URL + path


# --- tokens -----------------------------------------------------------------------------------


def confirmation_token(subscription: NewsletterSubscription) -> str:
    return signing.dumps({"id": subscription.pk, "s": subscription.secret}, salt=CONFIRM_SALT)


def unsubscribe_token(subscription: NewsletterSubscription) -> str:
    return signing.dumps({"id": subscription.pk}, salt=UNSUBSCRIBE_SALT)


def confirmation_url(subscription: NewsletterSubscription) -> str:
    return absolute(
        reverse("communications:newsletter_confirm", args=[confirmation_token(subscription)])
    )


def unsubscribe_url(subscription: NewsletterSubscription) -> str:
    return absolute(
        reverse("communications:newsletter_unsubscribe", args=[unsubscribe_token(subscription)])
    )


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 / RFC 8058 headers: mail clients offer (and POST) a one-click unsubscribe."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _load(token: str, salt: str, max_age: timedelta | None) -> tuple[TokenResult | None, dict]:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        return TokenResult.EXPIRED, {}
    except signing.BadSignature:
        return TokenResult.INVALID, {}
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        return TokenResult.INVALID, {}
    return None, data


def subscription_for_confirmation(
    token: str,
) -> tuple[TokenResult | None, NewsletterSubscription | None]:
    """Check a confirmation link without using it (for the page that shows the button)."""
    failure, data = _load(token, CONFIRM_SALT, timedelta(days=CONFIRMATION_DAYS))
    if failure:
        return failure, None
    subscription = NewsletterSubscription.objects.filter(pk=data["id"]).first()
    if subscription is None or subscription.secret != data.get("s"):
        return TokenResult.INVALID, None
    if subscription.status == SubscriptionStatus.CONFIRMED:
        return TokenResult.ALREADY, subscription
    if subscription.status != SubscriptionStatus.PENDING:
        return TokenResult.INVALID, None
    return None, subscription


def subscription_for_unsubscribe(
    token: str,
) -> tuple[TokenResult | None, NewsletterSubscription | None]:
    failure, data = _load(token, UNSUBSCRIBE_SALT, None)
    if failure:
        return failure, None
    subscription = NewsletterSubscription.objects.filter(pk=data["id"]).first()
    if subscription is None:
        return TokenResult.INVALID, None
    if subscription.status == SubscriptionStatus.UNSUBSCRIBED:
        return TokenResult.ALREADY, subscription
    return None, subscription


# --- subscribing ------------------------------------------------------------------------------


def _send_confirmation(subscription: NewsletterSubscription) -> None:
    queue_email(
        to=subscription.email,
        template="communications_newsletter_confirm",
        context={
            "confirm_url": confirmation_url(subscription),
            "days": CONFIRMATION_DAYS,
        },
        kind="communications_newsletter_confirm",
        language=subscription.language,
    )


@transaction.atomic
def subscribe(email: str, *, language: str, user=None) -> NewsletterSubscription:
    """Ask for the newsletter: records a pending subscription and mails a confirmation link.

    Nothing is sent to an address that is already subscribed, and a new link at most every few
    minutes; the page says the same in every case so it reveals nobody's subscription.
    """
    email = email.strip().lower()
    now = timezone.now()
    user = user if getattr(user, "is_authenticated", False) else None
    linked_user = user if user is not None and user.email.lower() == email else None
    subscription: NewsletterSubscription | None = (
        NewsletterSubscription.objects.select_for_update().filter(email__iexact=email).first()
    )
    if subscription is None:
        subscription = NewsletterSubscription.objects.create(
            email=email, language=language, user=linked_user, requested_at=now
        )
    elif subscription.status == SubscriptionStatus.CONFIRMED:
        return subscription
    elif subscription.status == SubscriptionStatus.PENDING:
        if now - subscription.requested_at < RESEND_AFTER:
            return subscription
        subscription.requested_at = now
        subscription.language = language
        subscription.save(update_fields=["requested_at", "language"])
    else:
        subscription.status = SubscriptionStatus.PENDING
        subscription.secret = new_secret()
        subscription.requested_at = now
        subscription.unsubscribed_at = None
        subscription.language = language
        if linked_user is not None:
            subscription.user = linked_user
        subscription.save()
    log_action("pact.newsletter.subscription_requested", subscription, user)
    _send_confirmation(subscription)
    return subscription


@transaction.atomic
def confirm(token: str) -> tuple[TokenResult, NewsletterSubscription | None]:
    """Use a confirmation link (once, before it expires)."""
    failure, subscription = subscription_for_confirmation(token)
    if failure is not None or subscription is None:
        return failure or TokenResult.INVALID, subscription
    updated = NewsletterSubscription.objects.filter(
        pk=subscription.pk, status=SubscriptionStatus.PENDING, secret=subscription.secret
    ).update(status=SubscriptionStatus.CONFIRMED, confirmed_at=timezone.now())
    if not updated:
        return TokenResult.INVALID, None
    subscription.refresh_from_db()
    log_action("pact.newsletter.subscription_confirmed", subscription, subscription.user)
    return TokenResult.DONE, subscription


@transaction.atomic
def unsubscribe(token: str) -> tuple[TokenResult, NewsletterSubscription | None]:
    """Use an unsubscribe link: from the page's button or a mail client's one-click POST."""
    failure, subscription = subscription_for_unsubscribe(token)
    if failure is not None or subscription is None:
        return failure or TokenResult.INVALID, subscription
    return _unsubscribe(subscription, actor=subscription.user), subscription


def _unsubscribe(subscription: NewsletterSubscription, *, actor) -> TokenResult:
    updated = (
        NewsletterSubscription.objects.filter(pk=subscription.pk)
        .exclude(status=SubscriptionStatus.UNSUBSCRIBED)
        .update(status=SubscriptionStatus.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    )
    if not updated:
        return TokenResult.ALREADY
    subscription.refresh_from_db()
    log_action("pact.newsletter.unsubscribed", subscription, actor)
    return TokenResult.DONE


@transaction.atomic
def unsubscribe_own(subscription: NewsletterSubscription, *, actor) -> TokenResult:
    """A signed-in person stops their own subscription from the newsletter page (nobody else's:
    others follow the link in the mail)."""
    if subscription.user_id is None or subscription.user_id != getattr(actor, "pk", None):
        raise access.Refused("newsletter.own")
    return _unsubscribe(subscription, actor=actor)


@transaction.atomic
def subscribe_supporter(user) -> NewsletterSubscription:
    """A supporter gets the newsletter by default. Their account's address was verified at sign-up,
    so the subscription is confirmed at once (no second opt-in); every newsletter carries the
    one-click unsubscribe link, which works signed out."""
    email = user.email.strip().lower()
    subscription = (
        NewsletterSubscription.objects.select_for_update().filter(email__iexact=email).first()
    )
    now = timezone.now()
    if subscription is None:
        subscription = NewsletterSubscription.objects.create(
            email=email,
            user=user,
            language=user.language,
            status=SubscriptionStatus.CONFIRMED,
            requested_at=now,
            confirmed_at=now,
        )
    elif subscription.status == SubscriptionStatus.CONFIRMED:
        return subscription
    else:
        subscription.status = SubscriptionStatus.CONFIRMED
        subscription.secret = new_secret()
        subscription.user = user
        subscription.requested_at = now
        subscription.confirmed_at = now
        subscription.unsubscribed_at = None
        subscription.save()
    log_action("pact.newsletter.subscription_confirmed", subscription, user, {"via": "supporter"})
    return subscription


def purge_pending(days: int = PENDING_RETENTION_DAYS) -> int:
    """Delete requests never confirmed after ``days``: we keep no address that did not opt in."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = NewsletterSubscription.objects.filter(
        status=SubscriptionStatus.PENDING, requested_at__lt=cutoff
    ).delete()
    return deleted


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
