"""Reporting reminders: due by the cycle's schedule, recorded in bulk, sent once per person and kind."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.mail.backends import locmem
from django.db.models import F
from django.utils import timezone

from commitments import tasks
from commitments.models import ReminderDispatch
from commitments.monitoring import reminders
from pact.kernel.outbox import claims, delivery
from pact.models import OutboundEmail
from tests.commitments.conftest import make_report
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


def add_reporters(r, n: int) -> list:
    """``n`` more organisations responsible for the shared commitment, one person each."""
    people = []
    for i in range(n):
        person = make_user(f"reporter{i}@example.org", language="fr" if i % 2 else "en")
        r.people.commitment.responsible_organisations.add(
            make_organisation(f"Reporting Org {i}", admin=person)
        )
        people.append(person)
    return people


def run_beat(capture):
    with capture(execute=True):
        tasks.send_due_reminders.delay()


def sent_to(mailoutbox) -> Counter:
    return Counter((m.to[0], m.subject) for m in mailoutbox)


def test_it_sends_each_reminder_once_even_when_beat_runs_twice(
    reporting, mailoutbox, django_capture_on_commit_callbacks
):
    r = reporting
    r.cycle.deadline = timezone.localdate() + dt.timedelta(days=10)  # "14 days before" is due
    r.cycle.save()
    make_report(r.events, r.world.coordinator_org, r.cycle, "3", status="submitted")
    run_beat(django_capture_on_commit_callbacks)
    run_beat(django_capture_on_commit_callbacks)
    counts = sent_to(mailoutbox)
    assert all(n == 1 for n in counts.values()), counts
    recipients = Counter(to for to, _subject in counts)
    # the member organisation's two people get the opening notice and the reminder
    assert recipients["member@example.org"] == 2 and recipients["contributor@example.org"] == 2
    # the coordinator's organisation has submitted everything: opening notice only
    assert recipients["coordinator@example.org"] == 1
    assert recipients["outsider@example.org"] == 0
    assert set(ReminderDispatch.objects.values_list("key", flat=True)) == {"opening", "before-14"}
    keys = set(OutboundEmail.objects.values_list("dedupe_key", flat=True))
    assert f"reminder:{r.cycle.pk}:opening:{r.world.member.pk}" in keys


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing runs after it in the worker, not even the claim's release."""


def test_it_sends_the_rest_after_a_worker_dies_mid_batch(
    reporting, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    r = reporting
    people = add_reporters(r, 20)
    real_send = locmem.EmailBackend.send_messages

    def dying_send(self, messages):
        if len(mailoutbox) >= 11:  # the second half of the batch never gets sent
            raise WorkerKilled
        return real_send(self, messages)

    with monkeypatch.context() as patch:
        patch.setattr(locmem.EmailBackend, "send_messages", dying_send)
        patch.setattr(delivery, "MARK_SENT_EVERY", 1)  # killed between two marks: nothing unmarked
        patch.setattr(delivery, "release", lambda *args: None)  # a killed worker releases nothing
        with pytest.raises(WorkerKilled):
            run_beat(django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 11
    claimed = OutboundEmail.objects.filter(status="pending", claimed_at__isnull=False)
    assert claimed.count() == 12
    run_beat(django_capture_on_commit_callbacks)  # the dead worker's claim is not stale yet
    assert len(mailoutbox) == 11
    claimed.update(claimed_at=F("claimed_at") - claims.CLAIM_TIMEOUT - dt.timedelta(minutes=1))
    run_beat(django_capture_on_commit_callbacks)  # the next beat picks up what is pending
    run_beat(django_capture_on_commit_callbacks)
    counts = Counter(m.to[0] for m in mailoutbox)
    expected = {p.email for p in people} | {
        "member@example.org",
        "contributor@example.org",
        "coordinator@example.org",
    }
    assert set(counts) == expected
    assert all(n == 1 for n in counts.values()), counts
    assert not OutboundEmail.objects.filter(status="pending").exists()
    # a retried batch task sends nothing twice
    pks = list(OutboundEmail.objects.values_list("pk", flat=True))
    assert tasks.send_reminder_batch.delay(pks).get() == 0
    assert len(mailoutbox) == len(expected)


def test_it_records_many_recipients_with_a_constant_number_of_queries(
    reporting, django_assert_max_num_queries
):
    r = reporting
    add_reporters(r, 40)
    with django_assert_max_num_queries(12):
        dispatch = reminders.record(r.cycle, "opening", "opening", None)
    assert dispatch.recipients == 43
    assert OutboundEmail.objects.filter(kind="reminder.opening").count() == 43
    languages = set(OutboundEmail.objects.values_list("language", flat=True))
    assert languages == {"en", "fr"}


def test_it_follows_the_cycle_schedule(reporting):
    cycle = reporting.cycle
    cycle.deadline = dt.date(2026, 3, 31)  # reminders count to the deadline
    cycle.reminder_days = [14, 3]

    def keys(day):
        return [key for key, _kind, _days in reminders.due_reminders(cycle, day)]

    assert keys(dt.date(2026, 3, 1)) == ["opening"]
    assert keys(dt.date(2026, 3, 17)) == ["opening", "before-14"]
    assert keys(dt.date(2026, 3, 29)) == ["opening", "before-3"]
    assert keys(dt.date(2026, 3, 31)) == ["opening", "closing_day"]
    assert keys(dt.date(2026, 4, 2)) == ["opening", "overdue"]
    cycle.status = "closed"
    assert keys(dt.date(2026, 4, 2)) == []


def test_it_shows_people_the_reminders_sent_to_them(
    reporting, login, django_capture_on_commit_callbacks
):
    run_beat(django_capture_on_commit_callbacks)
    page = login(reporting.world.member).get("/dashboard/")
    assert "Reporting reminders sent to me" in page.text
    assert "progress reporting is open" in page.text
