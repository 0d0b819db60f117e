"""Sending recorded mails: a batch claimed at once and sent over one connection to the mail
backend, marked sent in groups, transient failures handed back to the retry."""

from __future__ import annotations

import json
import logging
import smtplib
import socket
import time
from collections.abc import Iterable

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Case, F, Q, TextField, Value, When
from django.utils import timezone

from pact.kernel.outbox.claims import CLAIM_TIMEOUT, Row, claim, release, renew
from pact.models import OutboundEmail

log = logging.getLogger(__name__)

TRANSIENT_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    socket.timeout,
    ConnectionError,
    OSError,
)
# Sent mails are marked in groups of this many (or of what went out in this many seconds): the
# most that a worker killed at the worst moment may send twice (see ``deliver_batch``).
MARK_SENT_EVERY = 50
MARK_SENT_SECONDS = 0.5
# Mails whose body holds a secret (a confirmation link, a reset link, a code): their bodies are
# cleared once sent, so the outbox keeps no working link (DESIGN.md §9).
SECURITY_KIND_PREFIX = "security."


def deliver(pk: int) -> bool:
    """Claim the mail and send it. Returns True if this call sent it (see ``deliver_batch``)."""
    return deliver_batch([pk]) == 1


def deliver_batch(pks: Iterable[int]) -> int:
    """Claim the pending mails among ``pks`` at once and send them over ONE connection to the
    mail backend. Returns how many this call sent.

    Exclusive: the rows are locked with ``FOR UPDATE SKIP LOCKED``, checked (pending, unclaimed or
    claimed longer than ``CLAIM_TIMEOUT`` ago) and stamped ``claimed_at`` by one UPDATE in the
    same transaction (``claim``), so two workers given the same rows never both get one; a mail
    already sent or claimed by a live worker is skipped, which makes a retried or duplicated task
    harmless.

    Sent mails are marked ``MARK_SENT_EVERY`` at a time (or what went out in
    ``MARK_SENT_SECONDS``), one UPDATE each, instead of one per mail. That is the crash window: a
    worker killed after the backend took a mail but before its group was marked leaves the group
    claimed, and once the claim is stale (``CLAIM_TIMEOUT``) the sweeper or the next reminder run
    sends it again, so a SIGKILL at the worst moment may send up to ``MARK_SENT_EVERY`` mails
    twice. Mails of the batch not yet handed to the backend are sent once. (SMTP has such a window
    anyway: a server may accept a mail whose reply never arrives.)

    A transient failure (connection lost, server away) marks what went out, releases the claim on
    the rest and re-raises, so the task's retry resumes where it stopped. A mail the backend
    refuses for good is marked failed and the batch goes on.
    """
    claimed_at = timezone.now()
    rows = claim(list(pks), claimed_at)
    if not rows:
        return 0
    connection = get_connection()
    position = 0  # rows[:position] are done (sent or failed); the rest are still ours to send
    sent: list[int] = []
    total = 0
    flushed = time.monotonic()
    try:
        connection.open()
        while position < len(rows):
            pk = rows[position][0]
            try:
                connection.send_messages([_message(rows[position])])
            except (*TRANSIENT_ERRORS, SoftTimeLimitExceeded):
                raise
            except Exception as exc:
                OutboundEmail.objects.filter(pk=pk).update(
                    status=OutboundEmail.Status.FAILED, last_error=str(exc)[:2000]
                )
                log.exception("Email %s failed permanently", pk)
            else:
                sent.append(pk)
            position += 1
            if len(sent) >= MARK_SENT_EVERY or time.monotonic() - flushed >= MARK_SENT_SECONDS:
                total += _mark_sent(sent)
                sent = []
                flushed = time.monotonic()
                if timezone.now() - claimed_at > CLAIM_TIMEOUT / 2:
                    claimed_at, rows[position:] = renew(rows[position:], claimed_at)
        total += _mark_sent(sent)
    except BaseException as exc:
        # What went out is marked; the rest is handed back for the retry (or the sweeper).
        total += _mark_sent(sent)
        release([row[0] for row in rows[position:]], claimed_at, exc)
        raise
    finally:
        connection.close()
    return total


def _message(row: Row) -> EmailMultiAlternatives:
    _pk, to_address, subject, body_text, body_html, headers = row
    message = EmailMultiAlternatives(
        subject=subject,
        body=body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to_address],
        headers=json.loads(headers) if headers and headers != "{}" else None,
    )
    if body_html:
        message.attach_alternative(body_html, "text/html")
    return message


def _mark_sent(pks: list[int]) -> int:
    """Mark mails sent; the bodies of security mails (links, codes) are cleared at once."""
    if not pks:
        return 0
    security = Q(kind__startswith=SECURITY_KIND_PREFIX)
    OutboundEmail.objects.filter(pk__in=pks).update(
        status=OutboundEmail.Status.SENT,
        sent_at=timezone.now(),
        body_text=Case(
            When(security, then=Value("")), default=F("body_text"), output_field=TextField()
        ),
        body_html=Case(
            When(security, then=Value("")), default=F("body_html"), output_field=TextField()
        ),
    )
    return len(pks)
