"""Stage ``mail_kills`` (issue 16): a mail run whose Celery worker is killed with SIGKILL at
``KILLS`` random moments, restarted each time; how many mails arrive twice.

The outbox claims a mail before sending it and notes it right after, so a kill can repeat at most
the mail each worker process had in flight (the drill in ``make test`` kills at each deterministic
point; this stage kills wherever the moment falls). After each kill the dead worker's claims are
made stale (what ten minutes would do), the worker restarts and the pending mails are handed out
again in batches, as the sweeper does. At the end every mail is sent and
the mailbox is counted: duplicates against the most the design allows (kills x processes).
"""

from __future__ import annotations

import os
import random
import signal
import time
import uuid
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from bench import mailbox
from bench.config import CONFIG, env_float
from bench.servers import CeleryWorker, fresh_mail_dir
from bench.stages import log, results, stage
from pact.kernel.outbox import claims
from pact.kernel.outbox.tasks import send_email_batch, sweep_outbox
from pact.models import OutboundEmail

KILLS = int(env_float("BENCH_KILLS", 20))
MAILS = int(env_float("BENCH_KILL_MAILS", 60_000))  # enough that every kill lands mid-run
BATCH = 500
FINISH_TIMEOUT_S = 600


def _record(run: str) -> None:
    created = timezone.now() - timedelta(minutes=10)  # past the sweeper's grace period
    rows = [
        OutboundEmail(
            kind="bench.kill",
            dedupe_key=f"bench-kill:{run}:{n}",
            to_address=f"kill-{run}-{n}@mail-kills.bench.invalid",
            language="en",
            subject=f"Bench mail {n}",
            body_text="A mail of the worker-kill measure.",
            created_at=created,
        )
        for n in range(MAILS)
    ]
    OutboundEmail.objects.bulk_create(rows, batch_size=2000)


def _after_a_death(mine) -> None:
    """What time would do for a dead worker: its claims go stale (CLAIM_TIMEOUT)."""
    mine.filter(status=OutboundEmail.Status.PENDING, claimed_at__isnull=False).update(
        claimed_at=F("claimed_at") - claims.CLAIM_TIMEOUT - timedelta(minutes=1)
    )


def _hand_out(mine) -> None:
    pks = list(mine.filter(status=OutboundEmail.Status.PENDING).values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        send_email_batch.delay(pks[start : start + BATCH])


def _kill(worker: CeleryWorker) -> None:
    assert worker.proc is not None
    os.killpg(worker.proc.pid, signal.SIGKILL)
    worker.proc.wait()


@stage("mail_kills")
def mail_kills() -> None:
    run = uuid.uuid4().hex[:8]
    OutboundEmail.objects.filter(kind="bench.kill").delete()  # an interrupted run's
    mail = fresh_mail_dir()
    _record(run)
    mine = OutboundEmail.objects.filter(dedupe_key__startswith=f"bench-kill:{run}:")
    processes = CONFIG["celery_workers"]
    rng = random.Random()
    kills_while_sending = 0
    started = time.monotonic()
    worker = CeleryWorker(processes, f"kills-{run}").__enter__()
    _hand_out(mine)
    for n in range(KILLS):
        time.sleep(rng.uniform(0.2, 2.0))
        pending = mine.filter(status=OutboundEmail.Status.PENDING).exists()
        kills_while_sending += pending
        _kill(worker)
        _after_a_death(mine)
        log(f"kill {n + 1}/{KILLS}: {'mails pending' if pending else 'all sent'}")
        # The restarted worker purges the queue; what is still pending is handed out again, as
        # the sweeper does 5,000 a minute (here all at once, so that the next kill lands while
        # mails are going out).
        worker = CeleryWorker(processes, f"kills-{run}-{n + 1}").__enter__()
        _hand_out(mine)
    deadline = time.monotonic() + FINISH_TIMEOUT_S
    while mine.filter(status=OutboundEmail.Status.PENDING).exists():
        if time.monotonic() > deadline:
            break
        time.sleep(10)
        sweep_outbox.delay()
    elapsed = time.monotonic() - started
    worker.__exit__()
    seen = mailbox.messages(mail)
    duplicates = mailbox.duplicates(seen)
    left = mine.filter(status=OutboundEmail.Status.PENDING).count()
    results["mail_kills"] = {
        "mails": MAILS,
        "kills": KILLS,
        "kills_while_mails_were_pending": kills_while_sending,
        "worker_processes": processes,
        "messages_in_mailbox": sum(seen.values()),
        "distinct_recipients": len({to for to, _ in seen}),
        "duplicates": duplicates,
        "most_the_design_allows": kills_while_sending * processes,
        "left_pending": left,
        "seconds": round(elapsed, 1),
        "ok": left == 0 and duplicates <= kills_while_sending * processes,
    }
    mine.delete()
