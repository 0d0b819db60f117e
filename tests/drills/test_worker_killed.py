"""Drill: the worker sending a batch of reminders is killed with SIGKILL in the middle of it."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db.models import F

from bench import mailbox
from tests.drills.conftest import age_rows, open_cycle, reporting_people, say, wait_for

PEOPLE = 30


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_finishes_a_killed_batch_once_after_restart(drill):
    from commitments.monitoring import reminders
    from pact.kernel.outbox import delivery
    from pact.kernel.outbox.tasks import sweep_outbox
    from pact.models import OutboundEmail

    cycle = open_cycle()
    _organisation, people, _target = reporting_people(PEOPLE, "killed")
    slow = {
        "EMAIL_BACKEND": "tests.drills.slowmail.EmailBackend",
        "DRILL_MAIL_DELAY": "0.25",
    }
    worker = drill.worker("worker", **slow).start()
    recorded = reminders.run(cycle_id=cycle.pk)
    mails = OutboundEmail.objects.filter(dedupe_key__startswith=f"reminder:{cycle.pk}:")
    assert mails.count() == PEOPLE, recorded
    say(f"reminders recorded for {PEOPLE} people and handed to the worker as one batch")

    journal = drill.base / "sending.log"
    wait_for(lambda: mails.filter(status="sent").count() >= 10, 60, "ten mails sent")
    # Kill while the worker is inside the next send (it has noted the recipient and is waiting).
    sent_before = wait_for(
        lambda: (lambda n: n if journal.read_text().count("\n") == n + 1 else 0)(
            mails.filter(status="sent").count()
        ),
        10,
        "the worker to be in the middle of a send",
        step=0.01,
    )
    worker.kill()
    in_flight = mails.filter(status="pending", claimed_at__isnull=False).count()
    say(
        f"worker killed with SIGKILL mid-batch: {sent_before} sent, {in_flight} claimed in flight, "
        f"{mails.filter(status='pending', claimed_at__isnull=True).count()} not started"
    )
    assert 0 < sent_before < PEOPLE
    assert sum(mailbox.messages(drill.mail).values()) == sent_before

    drill.worker("worker-restarted", **slow).start()
    # The batch's message waits in Redis until its visibility timeout (an hour); the outbox
    # sweeper takes what is still pending sooner. Age the rows past its grace period and past the
    # claim timeout of the mail that was in flight.
    age_rows(OutboundEmail, 5, status="pending")
    OutboundEmail.objects.filter(status="pending", claimed_at__isnull=False).update(
        claimed_at=F("claimed_at") - timedelta(minutes=11)
    )
    started = time.monotonic()
    sweep_outbox.delay()
    wait_for(lambda: not mails.exclude(status="sent").exists(), 90, "every reminder sent")
    seen = mailbox.messages(drill.mail)
    say(
        f"after restart and one sweep: all {PEOPLE} sent in {time.monotonic() - started:.1f} s, "
        f"{sum(seen.values())} messages in the mailbox, duplicates: {mailbox.duplicates(seen)}"
    )
    assert sum(seen.values()) == PEOPLE
    assert mailbox.duplicates(seen) == 0
    assert {to for to, _ in seen} == {p.email for p in people}
    say(
        "note: a kill between the mail server accepting messages and the outbox rows being marked "
        f"sent (marked {delivery.MARK_SENT_EVERY} at a time, or every {delivery.MARK_SENT_SECONDS} s) "
        "would send those messages again after the claim timeout; this drill kills right after "
        "a group was marked, during the next send"
    )
