"""The development mail backend: every message in a file of its own, as the README says.

Django's file backend writes all the messages of one connection into one file, so a batch of
reminders sent over one connection landed in a single file. This one closes the file after each
message and names the next one afresh (a counter keeps names unique within the same second).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence
from datetime import datetime

from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.core.mail.message import EmailMessage

_sequence = itertools.count(1)


class EmailBackend(FileBackend):
    _fname: str | None

    def _get_filename(self) -> str:
        if self._fname is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            name = f"{stamp}-{os.getpid()}-{next(_sequence):06d}.log"
            self._fname = os.path.join(self.file_path, name)
        return self._fname

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            sent += super().send_messages([message]) or 0
            # The next message opens a new file.
            self.close()
            self._fname = None
        return sent
