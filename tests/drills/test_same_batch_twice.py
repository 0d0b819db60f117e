"""Drill: two worker processes are handed the same reminder batch at the same moment."""

from __future__ import annotations

import pytest

from bench import mailbox
from tests.drills.conftest import open_cycle, reporting_people, say, wait_for

PEOPLE = 200


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_given_the_same_batch_send_each_mail_once(drill):
    from commitments.monitoring import reminders
    from commitments.tasks import send_reminder_batch
    from pact.models import OutboundEmail

    cycle = open_cycle()
    _organisation, people, _target = reporting_people(PEOPLE, "twice")
    # Slow enough per message that both processes are inside the batch at the same time.
    slow = {"EMAIL_BACKEND": "tests.drills.slowmail.EmailBackend", "DRILL_MAIL_DELAY": "0.005"}
    worker = drill.worker("worker", concurrency=2, **slow).start()
    reminders.run(cycle_id=cycle.pk)  # records the mails and enqueues them as one batch
    mails = OutboundEmail.objects.filter(dedupe_key__startswith=f"reminder:{cycle.pk}:")
    pks = list(mails.order_by("pk").values_list("pk", flat=True))
    assert len(pks) == PEOPLE
    send_reminder_batch.delay(pks)  # the same batch again, as a duplicated or retried task
    send_reminder_batch.delay(pks)
    wait_for(lambda: not mails.exclude(status="sent").exists(), 90, "every reminder sent")
    wait_for(lambda: worker.log().count(b"send_reminder_batch") >= 6, 30, "the three tasks done")
    seen = mailbox.messages(drill.mail)
    sent_by_task = [
        int(line.rsplit(b":", 1)[1])
        for line in worker.log().splitlines()
        if b"send_reminder_batch" in line and b"succeeded" in line
    ]
    say(
        f"three tasks with the same {PEOPLE} mails on two processes sent {sent_by_task}; "
        f"{sum(seen.values())} messages in the mailbox, duplicates: {mailbox.duplicates(seen)}"
    )
    assert sum(sent_by_task) == PEOPLE
    assert sum(seen.values()) == PEOPLE
    assert mailbox.duplicates(seen) == 0
    assert {to for to, _ in seen} == {p.email for p in people}
