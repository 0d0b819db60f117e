"""``celery beat`` for the portal with one entry, the hourly reminder run, due every second.

    python -m tests.drills.fastbeat <schedule file>

The drill starts two of these at once, as a botched deployment would start beat twice.
"""

from __future__ import annotations

import sys

from pact.celery import app


def main(schedule_file: str) -> None:
    app.conf.beat_schedule = {
        "send-reporting-reminders": {
            "task": "commitments.tasks.send_due_reminders",
            "schedule": 1.0,
        }
    }
    app.Beat(schedule=schedule_file, loglevel="INFO", max_interval=1).run()


if __name__ == "__main__":
    main(sys.argv[1])
