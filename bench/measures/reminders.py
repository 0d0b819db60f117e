"""Stage ``reminders``: the opening notice of a reporting cycle to every recipient (100,000 by
default) through real Celery workers, counted in the mail folder: how long, and no duplicates."""

from __future__ import annotations

import shutil
import time

from bench import fixtures, mailbox
from bench.config import CONFIG, GOALS
from bench.servers import CeleryWorker, fresh_mail_dir
from bench.stages import results, stage
from commitments.models import ReminderDispatch
from commitments.tasks import send_cycle_reminders
from pact.models import OutboundEmail


@stage("reminders")
def reminders_run() -> None:
    cycle = fixtures.open_cycle()
    fixtures.only_opening_notice_due(cycle)
    people = fixtures.top_up_recipients(cycle, CONFIG["reminder_recipients"])
    prefix = f"reminder:{cycle.pk}:"
    # A reminder is recorded once per cycle: forget the previous bench run's, in this database.
    ReminderDispatch.objects.filter(cycle=cycle).delete()
    OutboundEmail.objects.filter(dedupe_key__startswith=prefix).delete()
    mail = fresh_mail_dir()
    mine = OutboundEmail.objects.filter(dedupe_key__startswith=prefix)
    with CeleryWorker(CONFIG["celery_workers"], "reminders"):
        started = time.monotonic()
        send_cycle_reminders.delay(cycle.pk)
        deadline = started + CONFIG["reminder_timeout_s"]
        recorded = 0
        complete = False
        while time.monotonic() < deadline:
            time.sleep(1)
            if ReminderDispatch.objects.filter(cycle=cycle, recorded_at__isnull=False).exists():
                recorded = mine.count()
                if not mine.filter(status=OutboundEmail.Status.PENDING).exists():
                    complete = True
                    break
        elapsed = time.monotonic() - started
        sent = mine.filter(status=OutboundEmail.Status.SENT).count()
    per_message = mailbox.messages(mail)
    messages = sum(per_message.values())
    duplicates = mailbox.duplicates(per_message)
    results["reminders"] = {
        **people,
        "worker_processes": CONFIG["celery_workers"],
        "recorded": recorded,
        "sent": sent,
        "messages_in_mailbox": messages,
        "distinct_addresses": len({to for to, _ in per_message}),
        "reminders_due": list(
            ReminderDispatch.objects.filter(cycle=cycle).values_list("key", flat=True)
        ),
        "duplicates": duplicates,
        "complete": complete,
        "seconds": round(elapsed, 1),
        "per_second": round(sent / elapsed, 1) if elapsed else None,
        # Stopped at the time limit: how long all of them would take at the rate measured.
        "projected_s": None if complete or not sent else round(recorded / (sent / elapsed), 1),
        "goal_s": GOALS["reminders_s"],
        "ok": complete and duplicates == 0 and elapsed < GOALS["reminders_s"],
    }
    shutil.rmtree(mail, ignore_errors=True)
