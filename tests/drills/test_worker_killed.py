"""Drill: the worker sending a batch of reminders is killed with SIGKILL at each deterministic
point of a mail's sending: after the claim, after the backend took a mail (before it was noted),
and after it was noted but before its group was marked sent in the database. After a restart and
one sweep every reminder is sent, and each kill repeated at most the one mail in flight."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db.models import F

from bench import mailbox
from tests.drills.conftest import age_rows, open_cycle, reporting_people, say, wait_for

PEOPLE = 30
KILL_AT = 10  # the n-th time the worker reaches the point

# point -> how many mails the kill may send twice
POINTS = {"claimed": 0, "sent": 1, "noted": 0}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("point", list(POINTS))
def test_it_finishes_a_killed_batch_after_restart_repeating_at_most_one_mail(drill, point):
    from commitments.monitoring import reminders
    from pact.kernel.outbox import claims
    from pact.kernel.outbox.tasks import sweep_outbox
    from pact.models import OutboundEmail

    cycle = open_cycle()
    _organisation, people, _target = reporting_people(PEOPLE, f"killed-{point}")
    journal = drill.base / "outbox-points.log"
    journal.touch()
    nth = 1 if point == "claimed" else KILL_AT
    worker = drill.worker(
        "worker",
        OUTBOX_DRILL_JOURNAL=str(journal),
        OUTBOX_DRILL_PAUSE_AT=f"{point}:{nth}",
        OUTBOX_DRILL_PAUSE_SECONDS="120",
    ).start()
    recorded = reminders.run(cycle_id=cycle.pk)
    mails = OutboundEmail.objects.filter(dedupe_key__startswith=f"reminder:{cycle.pk}:")
    assert mails.count() == PEOPLE, recorded

    wait_for(
        lambda: [line.split()[0] for line in journal.read_text().splitlines()].count(point) >= nth,
        60,
        f"the worker to stop at {point} #{nth}",
        step=0.01,
    )
    worker.kill()
    delivered = sum(mailbox.messages(drill.mail).values())
    say(
        f"worker killed with SIGKILL at {point} #{nth}: {delivered} in the mailbox, "
        f"{mails.filter(status='sent').count()} marked sent"
    )

    drill.worker("worker-restarted").start()
    # The batch's message waits in Redis until its visibility timeout (an hour); the outbox
    # sweeper takes what is still pending sooner once the rows are past its grace period and the
    # dead worker's claim is stale.
    age_rows(OutboundEmail, 5, status="pending")
    OutboundEmail.objects.filter(status="pending", claimed_at__isnull=False).update(
        claimed_at=F("claimed_at") - claims.CLAIM_TIMEOUT - timedelta(minutes=1)
    )
    started = time.monotonic()
    sweep_outbox.delay()
    wait_for(lambda: not mails.exclude(status="sent").exists(), 90, "every reminder sent")
    seen = mailbox.messages(drill.mail)
    repeats = sum(seen.values()) - PEOPLE
    say(
        f"after restart and one sweep: all {PEOPLE} sent in {time.monotonic() - started:.1f} s, "
        f"{sum(seen.values())} messages in the mailbox, repeats: {repeats}"
    )
    assert {to for to, _ in seen} == {p.email for p in people}
    assert repeats == POINTS[point]
    assert repeats <= 1
