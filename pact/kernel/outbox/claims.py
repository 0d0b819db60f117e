"""Claims on mails to send: taken by compare-and-set under ``FOR UPDATE SKIP LOCKED``, renewed while
a batch runs, released when it stops; a claim older than ``CLAIM_TIMEOUT`` is a dead worker's."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import redis
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Case, F, Q, TextField, Value, When
from django.utils import timezone

from pact.kernel.outbox import sent_marks
from pact.models import OutboundEmail, UndeliverableAddress

log = logging.getLogger(__name__)

# Mails whose body holds a secret (a confirmation link, a reset link, a code): their bodies are
# cleared once sent, so the outbox keeps no working link (DESIGN.md §9).
SECURITY_KIND_PREFIX = "security."

# A claim older than this is taken to be a dead worker's, and its mails are sent again. Far longer
# than a batch takes; a batch still running at half of it renews its claim.
CLAIM_TIMEOUT = timedelta(minutes=10)

Row = tuple[int, str, str, str, str, str]  # id, to_address, subject, body_text, body_html, headers


def claim(pks: list[int], now: datetime) -> list[Row]:
    """Claim the pending, unclaimed (or stale) rows among ``pks``, in id order.

    The rows are locked by primary key only (``FOR UPDATE SKIP LOCKED``: rows another worker is
    claiming are skipped, not waited for), checked here, and stamped with one UPDATE, all in one
    transaction. The status is deliberately not in the SQL: with it, PostgreSQL may scan the
    partial index of pending mails for every batch (it does when its statistics predate the
    reminder's 100,000 new rows), which makes each batch cost as much as all pending mails.
    """
    if not pks:
        return []
    table = OutboundEmail._meta.db_table
    stale = now - CLAIM_TIMEOUT
    with transaction.atomic(), db_connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, status, claimed_at, to_address, subject, body_text, body_html,"  # noqa: S608
            f" headers::text FROM {table} WHERE id = ANY(%s) ORDER BY id FOR UPDATE SKIP LOCKED",
            [pks],
        )
        rows = []
        reclaimed = []  # a dead worker's: it may have sent some of them (``sent_marks``)
        for pk, status, claimed_at, *mail in cursor.fetchall():
            if status == OutboundEmail.Status.PENDING and (
                claimed_at is None or claimed_at < stale
            ):
                rows.append((pk, *mail))
                if claimed_at is not None:
                    reclaimed.append(pk)
        if reclaimed:
            try:
                went_out = sent_marks.noted(reclaimed)
            except redis.RedisError as error:
                # Cannot tell which went out: leave them for a claim when Redis is back.
                log.warning(
                    "sent marks unavailable, %s reclaimed mails wait: %s", len(reclaimed), error
                )
                went_out = set(reclaimed)
                reclaimed = []
            mark_sent([pk for pk in reclaimed if pk in went_out])
            rows = [row for row in rows if row[0] not in went_out]
        # Addresses the mail service reported as bouncing or complaining get nothing more.
        cursor.execute(
            f"SELECT address FROM {UndeliverableAddress._meta.db_table}"  # noqa: S608
            " WHERE address = ANY(%s)",
            [sorted({row[1].lower() for row in rows})],
        )
        undeliverable = {address for (address,) in cursor.fetchall()}
        if undeliverable:
            skipped = [row[0] for row in rows if row[1].lower() in undeliverable]
            OutboundEmail.objects.filter(pk__in=skipped).update(
                status=OutboundEmail.Status.FAILED, last_error="undeliverable address"
            )
            rows = [row for row in rows if row[1].lower() not in undeliverable]
        if rows:
            cursor.execute(
                f"UPDATE {table} SET claimed_at = %s, attempts = attempts + 1"  # noqa: S608
                " WHERE id = ANY(%s)",
                [now, [row[0] for row in rows]],
            )
    return rows


def renew(rows: list[Row], claimed_at: datetime) -> tuple[datetime, list[Row]]:
    """Extend the claim on the rows still to send; keep only those whose claim is still ours
    (by primary key and our claim's time only, for the reason given in ``claim``)."""
    now = timezone.now()
    with db_connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {OutboundEmail._meta.db_table} SET claimed_at = %s"  # noqa: S608 - table name
            " WHERE id = ANY(%s) AND claimed_at = %s RETURNING id",
            [now, [row[0] for row in rows], claimed_at],
        )
        kept = {pk for (pk,) in cursor.fetchall()}
    return now, [row for row in rows if row[0] in kept]


def release(pks: list[int], claimed_at: datetime, exc: BaseException) -> None:
    """Give back the claim on mails not sent, so a retry takes them at once (not after a timeout).
    Only rows still claimed by this call (same claim time) are touched."""
    if pks:
        OutboundEmail.objects.filter(pk__in=pks, claimed_at=claimed_at).update(
            claimed_at=None, last_error=str(exc)[:2000]
        )


def mark_sent(pks: list[int]) -> int:
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


def unclaimed_or_stale(stale):
    return Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)
