"""Drill: Celery beat is started twice, so the hourly reminder run fires twice as often."""

from __future__ import annotations

import re
import sys
import time

import pytest

from bench import mailbox
from tests.drills.conftest import open_cycle, reporting_people, say, wait_for

PEOPLE = 25
BEATING_SECONDS = 5


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_sends_each_reminder_once_with_two_beats(drill):
    from pact.models import OutboundEmail

    cycle = open_cycle()
    _organisation, people, _target = reporting_people(PEOPLE, "beat")
    worker = drill.worker("worker", concurrency=2).start()
    beats = [
        drill.process(
            f"beat-{k}",
            [sys.executable, "-m", "tests.drills.fastbeat", str(drill.base / f"beat-{k}.db")],
        ).start(ready=b"beat: Starting")
        for k in range(2)
    ]
    say(f"two beats running, each firing the reminder run every second, for {BEATING_SECONDS} s")
    time.sleep(BEATING_SECONDS)
    for beat in beats:
        beat.stop()
    fired = [beat.log().count(b"Scheduler: Sending due task") for beat in beats]
    mails = OutboundEmail.objects.filter(dedupe_key__startswith=f"reminder:{cycle.pk}:")
    wait_for(
        lambda: mails.exists() and not mails.exclude(status="sent").exists(),
        60,
        "the reminders sent",
    )
    runs = len(re.findall(rb"send_due_reminders\[[^\]]+\] succeeded", worker.log()))
    seen = mailbox.messages(drill.mail)
    say(
        f"beats fired {fired[0]} and {fired[1]} times; the worker ran the reminder task "
        f"{runs} times; {mails.count()} mails recorded, {sum(seen.values())} "
        f"delivered, duplicates: {mailbox.duplicates(seen)}"
    )
    assert all(n >= 2 for n in fired), fired
    assert mails.count() == PEOPLE
    assert sum(seen.values()) == PEOPLE
    assert mailbox.duplicates(seen) == 0
    assert {to for to, _ in seen} == {p.email for p in people}
