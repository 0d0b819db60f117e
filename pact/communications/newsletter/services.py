"""The newsletter's subscribers: double opt-in subscriptions and one-click unsubscribe (composing
and sending an issue is ``sending``).

Tokens are signed with ``django.core.signing`` (the project's secret key and a salt per purpose):

* a confirmation link expires after ``NEWSLETTER_CONFIRMATION_DAYS`` and is bound to the
  subscription's secret, which changes at every (re)subscription, so an old link cannot be replayed;
* an unsubscribe link never expires (RFC 8058: it must keep working in old mails) and using it
  twice is harmless.
"""

from __future__ import annotations

import enum
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from pact import access
from pact.communications.models import NewsletterSubscription, SubscriptionStatus, new_secret
from pact.kernel.audit import log_action
from pact.kernel.outbox.queue import queue_email

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
        if subscription.via_supporter and linked_user is not None:
            # The supporter asks for the newsletter itself: it stays when the support stops.
            subscription.via_supporter = False
            subscription.save(update_fields=["via_supporter"])
            log_action("pact.newsletter.subscription_requested", subscription, user)
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
    ).update(status=SubscriptionStatus.CONFIRMED, confirmed_at=timezone.now(), via_supporter=False)
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


def _unsubscribe(
    subscription: NewsletterSubscription, *, actor, data: dict | None = None
) -> TokenResult:
    updated = (
        NewsletterSubscription.objects.filter(pk=subscription.pk)
        .exclude(status=SubscriptionStatus.UNSUBSCRIBED)
        .update(status=SubscriptionStatus.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    )
    if not updated:
        return TokenResult.ALREADY
    subscription.refresh_from_db()
    log_action("pact.newsletter.unsubscribed", subscription, actor, data)
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
    one-click unsubscribe link, which works signed out.

    The subscription is marked as the support's (``via_supporter``), so stopping the support stops
    it, unless the person had asked for the newsletter themselves: one already confirmed stays as
    it is, and their own request waiting for its confirmation (made signed in) is confirmed as
    theirs."""
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
            via_supporter=True,
        )
    elif subscription.status == SubscriptionStatus.CONFIRMED:
        return subscription
    else:
        # Their own waiting request (made signed in) stays theirs; anyone may type an address.
        subscription.via_supporter = not (
            subscription.status == SubscriptionStatus.PENDING and subscription.user_id == user.pk
        )
        subscription.status = SubscriptionStatus.CONFIRMED
        subscription.secret = new_secret()
        subscription.user = user
        subscription.requested_at = now
        subscription.confirmed_at = now
        subscription.unsubscribed_at = None
        subscription.save()
    log_action("pact.newsletter.subscription_confirmed", subscription, user, {"via": "supporter"})
    return subscription


@transaction.atomic
def stop_supporter_subscription(user) -> bool:
    """The person stopped supporting: the newsletter that came with the support stops too (one
    they asked for themselves goes on). Returns whether it stopped."""
    subscription = (
        NewsletterSubscription.objects.select_for_update()
        .filter(Q(user=user) | Q(email__iexact=user.email))
        .filter(status=SubscriptionStatus.CONFIRMED, via_supporter=True)
        .first()
    )
    if subscription is None:
        return False
    return _unsubscribe(subscription, actor=user, data={"via": "supporter"}) is TokenResult.DONE


def purge_pending(days: int = PENDING_RETENTION_DAYS) -> int:
    """Delete requests never confirmed after ``days``: we keep no address that did not opt in."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = NewsletterSubscription.objects.filter(
        status=SubscriptionStatus.PENDING, requested_at__lt=cutoff
    ).delete()
    return deleted
