"""Batch delivery of the outbox: claimed once, sent over one connection, marked sent in groups.

Two real workers racing for the same batch: ``tests/drills/test_same_batch_twice.py``.

Also the SQL path of bulk recording (``queue_bulk_emails_sql``): the same rows as the Python path.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.utils import timezone

from pact.communications.models import Notification
from pact.communications.notifications import services as notifications
from pact.kernel.outbox import claims, delivery, queue
from pact.models import OutboundEmail, User
from tests.factories import make_user

pytestmark = pytest.mark.django_db

CONTEXT = {"year": 2025, "closes_on": dt.date(2026, 3, 31), "path": "/reporting/"}


class CountingBackend(locmem.EmailBackend):
    """The test backend, counting the connections made to it."""

    opened = 0

    def open(self):
        CountingBackend.opened += 1
        return super().open()


class FlakyBackend(locmem.EmailBackend):
    """Loses the connection at the message to ``lost@example.org``; refuses ``bad@example.org``."""

    def send_messages(self, messages):
        for message in messages:
            if "lost@example.org" in message.to:
                raise ConnectionError("connection lost")
            if "bad@example.org" in message.to:
                raise ValueError("address refused")
        return super().send_messages(messages)


def recipients(users):
    return (
        User.objects.filter(pk__in=[u.pk for u in users])
        .order_by("pk")
        .values_list("pk", "email", "language")
    )


def record(users, *, prefix="batch:", kind="reminder.opening", template="reporting_opening"):
    queue.queue_bulk_emails_sql(
        recipients=recipients(users),
        template=template,
        context=CONTEXT,
        kind=kind,
        dedupe_prefix=prefix,
    )
    return list(
        OutboundEmail.objects.filter(dedupe_key__startswith=prefix)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def people(n, prefix="p", **extra):
    return [make_user(f"{prefix}{k}@example.org", **extra) for k in range(n)]


def test_a_batch_goes_over_one_connection(settings):
    settings.EMAIL_BACKEND = "tests.core.test_mail_batch.CountingBackend"
    CountingBackend.opened = 0
    pks = record(people(30))
    assert delivery.deliver_batch(pks) == 30
    assert CountingBackend.opened == 1
    assert len(mail.outbox) == 30
    assert not OutboundEmail.objects.filter(pk__in=pks).exclude(status="sent").exists()


def test_it_marks_mails_sent_in_groups_not_one_by_one(monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(delivery, "MARK_SENT_SECONDS", 3600)
    pks = record(people(120))
    groups = -(-len(pks) // delivery.MARK_SENT_EVERY)
    # the claim (a savepoint, the locking SELECT, the undeliverable addresses among them, one
    # UPDATE, the release) and one UPDATE a group
    with django_assert_max_num_queries(5 + groups):
        assert delivery.deliver_batch(pks) == len(pks)
    assert OutboundEmail.objects.filter(pk__in=pks, status="sent").count() == len(pks)


def test_each_recipient_gets_the_mail_in_their_own_language():
    users = [make_user(f"lang{code}@example.org", language=code) for code in ("en", "fr", "de")]
    pks = record(users)
    assert delivery.deliver_batch(pks) == 3
    delivered = {m.to[0]: m for m in mail.outbox}
    for user in users:
        subject, body, _html = queue.render_email("reporting_opening", CONTEXT, user.language)
        assert delivered[user.email].subject == subject
        assert delivered[user.email].body == body
    assert delivered["langfr@example.org"].subject != delivered["langen@example.org"].subject
    assert "Le rapport d'avancement 2025 est ouvert" in delivered["langfr@example.org"].subject


def test_a_sent_or_freshly_claimed_mail_is_not_sent_again():
    pks = record(people(10))
    assert delivery.deliver_batch(pks[:4]) == 4
    OutboundEmail.objects.filter(pk__in=pks[4:7]).update(claimed_at=timezone.now())
    assert delivery.deliver_batch(pks) == 3  # the three never claimed
    assert delivery.deliver_batch(pks) == 0  # a retried task: nothing left for it
    assert len(mail.outbox) == 7
    assert Counter(m.to[0] for m in mail.outbox).most_common(1)[0][1] == 1


def test_a_stale_claim_is_sent_again():
    """A worker killed mid-batch leaves its claim; past the claim timeout another one sends."""
    pks = record(people(5))
    killed_at = timezone.now() - claims.CLAIM_TIMEOUT - dt.timedelta(minutes=1)
    OutboundEmail.objects.filter(pk__in=pks).update(claimed_at=killed_at, attempts=1)
    assert delivery.deliver_batch(pks) == 5
    rows = OutboundEmail.objects.filter(pk__in=pks)
    assert set(rows.values_list("status", "attempts")) == {("sent", 2)}


def test_a_lost_connection_keeps_what_went_out_and_hands_back_the_rest(settings):
    settings.EMAIL_BACKEND = "tests.core.test_mail_batch.FlakyBackend"
    users = [*people(4), make_user("lost@example.org"), *people(5, prefix="q")]
    pks = record(users)
    with pytest.raises(ConnectionError):
        delivery.deliver_batch(pks)
    assert len(mail.outbox) == 4
    rows = OutboundEmail.objects.filter(pk__in=pks)
    assert rows.filter(status="sent").count() == 4
    # the rest is pending and unclaimed: the task's retry takes it at once
    assert rows.filter(status="pending", claimed_at__isnull=True).count() == 6
    assert "connection lost" in rows.get(to_address="lost@example.org").last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert delivery.deliver_batch(pks) == 6
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)


def test_a_refused_mail_fails_alone(settings):
    settings.EMAIL_BACKEND = "tests.core.test_mail_batch.FlakyBackend"
    users = [*people(2), make_user("bad@example.org"), *people(2, prefix="q")]
    pks = record(users)
    assert delivery.deliver_batch(pks) == 4
    assert OutboundEmail.objects.get(to_address="bad@example.org").status == "failed"
    assert len(mail.outbox) == 4


# --- recording in SQL -------------------------------------------------------------------------


def rows_of(prefix):
    mails = {
        (e.recipient_id, e.to_address, e.language, e.kind, e.subject, e.body_text, e.body_html)
        for e in OutboundEmail.objects.filter(dedupe_key__startswith=prefix)
    }
    notes = {
        (n.user_id, n.category, n.kind, n.title, n.link, n.email_id)
        for n in Notification.objects.filter(dedupe_key__startswith=prefix)
    }
    return mails, notes


@pytest.mark.parametrize("kind", ["reminder.opening", "members.bulk_news"])
def test_recording_in_sql_writes_the_rows_the_python_path_writes(kind):
    users = [make_user(language=code) for code in ("en", "fr", "de", "fr")]
    notifications.set_preferences(users[1], {"membership": False})  # in the portal only
    context = {"name": "E", "path": "/reporting/"}
    queue.queue_bulk_emails(
        recipients=list(recipients(users)),
        template="test_message",
        context=context,
        kind=kind,
        dedupe_key=lambda user_id: f"py:{user_id}",
    )
    for _run in range(2):  # the second run records nothing new
        seen = queue.queue_bulk_emails_sql(
            recipients=recipients(users),
            template="test_message",
            context=context,
            kind=kind,
            dedupe_prefix="sql:",
        )
        assert seen == 4
    assert rows_of("sql:") == rows_of("py:")
    mails, notes = rows_of("sql:")
    assert len(notes) == 4
    assert len(mails) == (
        4 if notifications.is_mandatory(notifications.category_for_kind(kind)) else 3
    )
    assert OutboundEmail.objects.filter(dedupe_key__startswith="sql:").values(
        "uid"
    ).distinct().count() == len(mails)


def test_recording_in_sql_for_nobody_records_nothing():
    seen = queue.queue_bulk_emails_sql(
        recipients=User.objects.none().values_list("pk", "email", "language"),
        template="test_message",
        context={},
        kind="reminder.opening",
        dedupe_prefix="none:",
    )
    assert seen == 0
    assert not OutboundEmail.objects.exists()


DEVELOPMENT_BACKEND = "pact.kernel.outbox.files.EmailBackend"


def test_development_mail_is_one_file_per_message(settings, tmp_path):
    """The README's promise: a batch of six reminders is six files, one message in each."""
    configured = (Path(__file__).resolve().parents[2] / "pact" / "settings" / "mail.py").read_text()
    assert f'os.environ.get("EMAIL_BACKEND", "{DEVELOPMENT_BACKEND}")' in configured
    settings.EMAIL_BACKEND = DEVELOPMENT_BACKEND
    settings.EMAIL_FILE_PATH = str(tmp_path)
    pks = record(people(6, prefix="six"))
    assert delivery.deliver_batch(pks) == 6
    files = sorted(tmp_path.iterdir())
    assert len(files) == 6
    separator = b"-" * 79
    recipients_seen = set()
    for path in files:
        content = path.read_bytes()
        assert content.count(separator) == 1, path.name
        recipients_seen.add(next(line for line in content.splitlines() if line.startswith(b"To: ")))
    assert len(recipients_seen) == 6


# --- claimed before sending, noted after: a killed worker repeats at most one mail ------------------


def _kill_after(monkeypatch, n: int, *, at: str) -> None:
    """Die at ``at`` ("sent": after the backend took mail n, before it was noted; "noted": after
    it was noted, before its group was marked in the database)."""
    real_checkpoint, real_mark_sent = delivery.checkpoint, delivery._mark_sent
    dead = []

    def checkpoint(point, pk):
        real_checkpoint(point, pk)
        if point == at and len(mail.outbox) == n:
            dead.append(pk)
            raise SystemExit("killed")

    def mark_sent(pks):  # a SIGKILL runs no clean-up: nothing is marked once dead
        return 0 if dead else real_mark_sent(pks)

    monkeypatch.setattr(delivery, "checkpoint", checkpoint)
    monkeypatch.setattr(delivery, "_mark_sent", mark_sent)
    monkeypatch.setattr(delivery, "release", lambda *args: None)


def _after_the_claim_timeout(pks):
    OutboundEmail.objects.filter(pk__in=pks, status="pending").update(
        claimed_at=timezone.now() - claims.CLAIM_TIMEOUT - dt.timedelta(minutes=1)
    )


@pytest.mark.parametrize(("at", "repeats"), [("sent", 1), ("noted", 0)])
def test_a_worker_killed_mid_batch_repeats_at_most_one_mail(monkeypatch, at, repeats):
    monkeypatch.setattr(delivery, "MARK_SENT_SECONDS", 3600)  # groups of MARK_SENT_EVERY
    pks = record(people(30))
    _kill_after(monkeypatch, 12, at=at)
    with pytest.raises(SystemExit):
        delivery.deliver_batch(pks)
    assert OutboundEmail.objects.filter(pk__in=pks, status="sent").count() == 0  # none marked yet
    monkeypatch.undo()
    _after_the_claim_timeout(pks)
    delivery.deliver_batch(pks)
    counts = Counter(m.to[0] for m in mail.outbox)
    assert set(counts) == {f"p{k}@example.org" for k in range(30)}
    assert sum(counts.values()) == 30 + repeats
    assert OutboundEmail.objects.filter(pk__in=pks, status="sent").count() == 30


def test_without_redis_each_mail_is_marked_as_it_goes(settings, monkeypatch):
    settings.COUNTERS_REDIS_URL = "redis://127.0.0.1:1/0"
    monkeypatch.setattr(delivery, "MARK_SENT_SECONDS", 3600)
    pks = record(people(5))
    _kill_after(monkeypatch, 3, at="noted")
    with pytest.raises(SystemExit):
        delivery.deliver_batch(pks)
    assert OutboundEmail.objects.filter(pk__in=pks, status="sent").count() == 3


def test_the_sweeper_hands_pending_mails_over_in_batches(monkeypatch):
    from pact.kernel.outbox import tasks

    pks = record(people(7))
    OutboundEmail.objects.filter(pk__in=pks).update(
        created_at=timezone.now() - dt.timedelta(minutes=5)
    )
    monkeypatch.setattr(tasks, "SWEEP_BATCH", 3)
    handed: list[list[int]] = []
    monkeypatch.setattr(tasks.send_email_batch, "delay", handed.append)
    monkeypatch.setattr(tasks.send_email, "delay", lambda pk: handed.append([pk]))
    assert tasks.sweep_outbox() == 7
    assert handed == [pks[0:3], pks[3:6], pks[6:7]]
