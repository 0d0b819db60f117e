"""Mail: recorded in the outbox first, rendered in the recipient's language, sent once by Celery."""

from __future__ import annotations

import logging
import smtplib
import socket
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from pact.models import OutboundEmail

log = logging.getLogger(__name__)

TRANSIENT_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    socket.timeout,
    ConnectionError,
    OSError,
)


def queue_email(
    *,
    to,
    template: str,
    context: dict | None = None,
    kind: str,
    dedupe_key: str | None = None,
    headers: dict | None = None,
    language: str | None = None,
) -> OutboundEmail | None:
    """Record a mail to a user (or an address) and enqueue its sending after commit.

    ``template`` names ``templates/email/<template>.txt`` (and an optional ``.html``) whose first
    line is the subject. With a ``dedupe_key`` the mail is recorded at most once: a second call
    returns ``None``.

    A mail to a user is also a notification in their notification centre (title: the subject,
    link: ``context["link"]``). When the user chose "in the portal only" for the mail's category
    the notification is recorded but no mail, and ``None`` is returned.
    """
    from pact.communications import notifications
    from pact.models import User

    user = to if isinstance(to, User) else None
    if user is not None and user.deleted_at is not None:
        return None  # a deleted account has no address any more
    address = user.email if user else str(to)
    language = (user.language if user else None) or language or settings.LANGUAGE_CODE
    ctx = {"site_url": settings.SITE_URL, "recipient": user, **(context or {})}
    with translation.override(language):
        text = render_to_string(f"email/{template}.txt", ctx).strip()
        subject, _, body = text.partition("\n")
        try:
            html: str = render_to_string(f"email/{template}.html", ctx)
        except Exception:
            html = ""
    send = user is None or notifications.wants_email(user, notifications.category_for_kind(kind))
    email: OutboundEmail | None = None
    try:
        with transaction.atomic():
            if send:
                email = OutboundEmail.objects.create(
                    kind=kind,
                    dedupe_key=dedupe_key,
                    recipient=user,
                    to_address=address,
                    language=language,
                    subject=(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject.strip())[:300],
                    body_text=body.strip() + "\n",
                    body_html=html,
                    headers=headers or {},
                )
            if user is not None:
                notifications.record(
                    user=user,
                    kind=kind,
                    title=subject,
                    link=notifications.link_from_context(ctx),
                    dedupe_key=dedupe_key,
                    email=email,
                )
    except IntegrityError:
        if dedupe_key is None:
            raise
        return None
    if email is None:
        return None
    enqueue_email(email.pk)
    return email


def render_email(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Subject (with the site prefix), text body and HTML body (or "") of a mail in ``language``."""
    ctx = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        text = render_to_string(f"email/{template}.txt", ctx).strip()
        subject, _, body = text.partition("\n")
        html: str
        try:
            html = render_to_string(f"email/{template}.html", ctx)
        except TemplateDoesNotExist:
            html = ""
    prefixed = (settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject.strip())[:300]
    return prefixed, body.strip() + "\n", html


def queue_bulk_emails(
    *,
    recipients: Iterable[tuple[int, str, str]],
    template: str,
    context: dict,
    kind: str,
    dedupe_key: Callable[[int], str],
    batch_size: int = 2000,
) -> int:
    """Record one mail per recipient ``(user_id, address, language)``, many rows per INSERT.

    The text must not depend on the recipient: each language is rendered once. Rows whose
    ``dedupe_key`` exists already are skipped by the database, so calling this twice records
    nothing new. Nothing is enqueued here: the caller enqueues the pending rows after commit,
    and ``pact.tasks.sweep_outbox`` covers a crash in between. Returns the recipients seen.
    """
    from pact.communications import notifications

    link = notifications.link_from_context(context)
    rendered: dict[str, tuple[str, str, str]] = {}
    batch: list[OutboundEmail] = []
    seen = 0
    for user_id, address, language in recipients:
        language = language or settings.LANGUAGE_CODE
        if language not in rendered:
            rendered[language] = render_email(template, context, language)
        subject, body, html = rendered[language]
        batch.append(
            OutboundEmail(
                kind=kind,
                dedupe_key=dedupe_key(user_id),
                recipient_id=user_id,
                to_address=address,
                language=language,
                subject=subject,
                body_text=body,
                body_html=html,
            )
        )
        seen += 1
        if len(batch) >= batch_size:
            # Each mail is also a notification; people who chose "portal only" get no mail.
            batch = notifications.record_for_bulk(batch, kind=kind, link=link)
            OutboundEmail.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        batch = notifications.record_for_bulk(batch, kind=kind, link=link)
        OutboundEmail.objects.bulk_create(batch, ignore_conflicts=True)
    return seen


def enqueue_email(pk: int) -> None:
    from pact.tasks import send_email

    def _send() -> None:
        try:
            send_email.delay(pk)
        except Exception:
            log.warning("Broker unavailable; email %s stays pending for the sweeper", pk)

    transaction.on_commit(_send)


def deliver(pk: int) -> bool:
    """Claim the mail by compare-and-set and send it. Returns True if this call sent it.

    The claim expires after 10 minutes so a worker killed mid-send does not strand the mail; the
    cost is that such a mail may, rarely, go out twice, which SMTP cannot rule out anyway.
    """
    now = timezone.now()
    stale = now - timedelta(minutes=10)
    claimed = (
        OutboundEmail.objects.filter(pk=pk, status=OutboundEmail.Status.PENDING)
        .filter(models_q_unclaimed(stale))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    email = OutboundEmail.objects.get(pk=pk)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to_address],
        headers=email.headers or None,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except TRANSIENT_ERRORS as exc:
        OutboundEmail.objects.filter(pk=pk).update(claimed_at=None, last_error=str(exc)[:2000])
        raise
    except Exception as exc:
        OutboundEmail.objects.filter(pk=pk).update(
            status=OutboundEmail.Status.FAILED, last_error=str(exc)[:2000]
        )
        log.exception("Email %s failed permanently", pk)
        return False
    OutboundEmail.objects.filter(pk=pk).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now()
    )
    return True


def models_q_unclaimed(stale):
    from django.db.models import Q

    return Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)
