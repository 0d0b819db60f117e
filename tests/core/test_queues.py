"""Celery queues by kind: PDFs, mail and the rest each have their own queue and worker processes,
so a run of 100,000 mails never delays a declaration's PDF."""

import sys

from django.conf import settings

from pact import devservices
from pact.celery import app
from tests.core.test_tasks import STABLE_NAMES

PDF = {"partnerships.tasks.render_pdf", "partnerships.tasks.repair_pdf"}
MAIL = {
    "pact.tasks.send_email",
    "pact.tasks.send_email_batch",
    "commitments.tasks.send_due_reminders",
    "commitments.tasks.send_cycle_reminders",
    "commitments.tasks.send_reminder_batch",
    "pact.communications.tasks.deliver_newsletter",
    "partnerships.tasks.weekly_review_digest",
}


def _queue_of(name: str) -> str:
    return app.amqp.router.route({}, name)["queue"].name


def test_each_task_is_routed_to_the_queue_of_its_kind():
    assert set(settings.PACT_QUEUES) == {"default", "pdf", "mail"}
    for name in STABLE_NAMES:
        expected = "pdf" if name in PDF else "mail" if name in MAIL else "default"
        assert _queue_of(name) == expected, name


def test_a_worker_started_without_a_queue_consumes_all_of_them():
    # Tests, drills and the benchmark start one worker without -Q: it must see every queue.
    assert {queue.name for queue in app.amqp.queues.values()} == set(settings.PACT_QUEUES)


def test_make_run_starts_a_worker_per_queue_and_beat():
    commands = devservices.portal_commands(sys.executable)
    workers = {name: cmd for name, cmd in commands.items() if name.startswith("worker-")}
    assert {cmd[cmd.index("-Q") + 1] for cmd in workers.values()} == set(settings.PACT_QUEUES)
    assert "beat" in commands and "web" in commands
