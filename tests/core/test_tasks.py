"""Celery task names outlive a deployment: queued messages and the beat schedule name them.

A worker finds tasks by autodiscovery, not through what a test happens to have imported, so the
registry is read from a fresh process that starts the way ``celery -A pact worker`` does.
"""

import json
import subprocess
import sys

from django.conf import settings

# The names tasks were queued under before the code moved; a task keeps its name when its module
# moves (``@shared_task(name=...)``), so messages already in Redis still find it.
STABLE_NAMES = {
    "commitments.survey.tasks.run_schedule",
    "pact.tasks.send_email",
    "pact.tasks.sweep_outbox",
    "pact.tasks.send_email_batch",
    "pact.tasks.purge_stale_accounts",
    "pact.tasks.reduce_outbox_bodies",
    "pact.tasks.beat_heartbeat",
    "pact.tasks.build_open_data",
    "partnerships.tasks.render_pdf",
    "partnerships.tasks.repair_pdf",
    "partnerships.tasks.sweep_pdfs",
    "partnerships.tasks.weekly_review_digest",
    "commitments.tasks.send_due_reminders",
    "commitments.tasks.run_cycle_schedule",
    "commitments.tasks.send_cycle_reminders",
    "commitments.tasks.send_reminder_batch",
    "commitments.tasks.build_export",
    "commitments.tasks.sweep_exports",
    "pact.communications.tasks.deliver_newsletter",
    "pact.communications.tasks.sweep_newsletters",
    "pact.communications.tasks.purge_unconfirmed_subscriptions",
}

WORKER_REGISTRY = """
import json, django
django.setup()
from pact.celery import app
app.loader.import_default_modules()
print(json.dumps(sorted(name for name in app.tasks if not name.startswith("celery."))))
"""


def _worker_registry() -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", WORKER_REGISTRY],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_a_worker_registers_every_task_under_its_stable_name_and_beat_names_only_those():
    registered = _worker_registry()
    assert not STABLE_NAMES - registered, "tasks a queued message may name are gone"
    assert not registered - STABLE_NAMES, "a new task: add its name to STABLE_NAMES"
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert not scheduled - registered, "beat names a task no worker has"
