"""A development mail backend that takes its time, so a drill can kill a worker in the middle of a
batch: before each message it notes the recipient in ``<EMAIL_FILE_PATH>/../sending.log`` and
waits ``DRILL_MAIL_DELAY`` seconds, then writes the message like Django's file backend."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class EmailBackend(FileBackend):
    def send_messages(self, email_messages):
        delay = float(os.environ.get("DRILL_MAIL_DELAY", "0.2"))
        journal = Path(self.file_path).parent / "sending.log"
        for message in email_messages:
            with journal.open("a") as handle:
                handle.write(f"{','.join(message.to)}\n")
            time.sleep(delay)
        return super().send_messages(email_messages)
