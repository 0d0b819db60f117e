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
from django.utils import timezone

from pact.kernel.outbox import sent_marks
from pact.kernel.outbox.claims import (
    CLAIM_TIMEOUT,
    Row,
    claim,
    mark_sent,
    release,
    renew,
)
from pact.models import OutboundEmail

log = logging.getLogger(__name__)

TRANSIENT_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    socket.timeout,
    ConnectionError,
    OSError,
)
# Sent mails are marked in PostgreSQL in groups of this many (or of what went out in this many
# seconds); each is noted in Redis at once (see ``deliver_batch``).
MARK_SENT_EVERY = 50
MARK_SENT_SECONDS = 0.5


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

    Claimed before sending, marked after: each mail the backend took is noted at once, alone, in
    the Redis that never evicts (``sent_marks``: one small write), and marked sent in PostgreSQL
    ``MARK_SENT_EVERY`` at a time (or what went out in ``MARK_SENT_SECONDS``), one UPDATE each,
    which is what keeps 100,000 mails fast. A worker killed anywhere leaves its claim; once the
    claim is stale the next claim of those rows marks the noted ones sent without sending them,
    and sends the rest. So a kill repeats at most the one mail the backend took but that was not
    noted yet (SMTP has that window anyway: a server may accept a mail whose reply never
    arrives). When Redis cannot be reached, each mail is marked in PostgreSQL as it goes
    instead: slower, as safe.

    A transient failure (connection lost, server away) marks what went out, releases the claim on
    the rest and re-raises, so the task's retry resumes where it stopped. A mail the backend
    refuses for good is marked failed and the batch goes on.
    """
    claimed_at = timezone.now()
    rows = claim(list(pks), claimed_at)
    if not rows:
        return 0
    checkpoint("claimed", rows[0][0])
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
                checkpoint("sent", pk)
                if sent_marks.note(pk):
                    sent.append(pk)
                else:  # Redis away: mark this one in PostgreSQL before the next send
                    total += _mark_sent([*sent, pk])
                    sent = []
                checkpoint("noted", pk)
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


_reached: dict[str, int] = {}


def checkpoint(point: str, pk: int) -> None:
    """Drills only (``settings.OUTBOX_DRILL_JOURNAL``): note that this worker reached ``point``
    ("claimed", "sent", "noted") for mail ``pk``; at ``settings.OUTBOX_DRILL_PAUSE_AT``
    ("<point>:<n>": the n-th time it reaches that point) wait ``OUTBOX_DRILL_PAUSE_SECONDS``, so
    a drill kills the worker at that very point."""
    journal = settings.OUTBOX_DRILL_JOURNAL
    if not journal:
        return
    _reached[point] = _reached.get(point, 0) + 1
    with open(journal, "a") as handle:
        handle.write(f"{point} {pk}\n")
    if f"{point}:{_reached[point]}" == settings.OUTBOX_DRILL_PAUSE_AT:
        time.sleep(settings.OUTBOX_DRILL_PAUSE_SECONDS)


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
    return mark_sent(pks)
