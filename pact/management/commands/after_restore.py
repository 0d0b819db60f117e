"""Run once after restoring a database dump (README, "Backup and restore").

The restored data versions are those of the dump, lower than versions the portal already served:
pages, figures and open-data files stored under them would describe a later state of the data. So
this forgets every stored page and figure (only the cache's keys: the broker's queues stay, also
when both share one Redis), removes the open-data files, and moves the data versions past anything
served before. First of all it re-applies the ledger of erasures: a person erased after the dump
was taken is erased again (``pact.site.personal_data.erasure``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from pact.kernel.cache import data_version, scopes
from pact.kernel.cache.forget import forget_stored
from pact.site.personal_data import erasure

# Far beyond any number of changes made between a dump and its restore.
VERSION_JUMP = 1_000_000_000


class Command(BaseCommand):
    help = "After a restore: re-apply the ledger of erasures, clear the page cache and open-data files, move the data versions on."

    def handle(self, *args, **options):
        # Erasures made after the dump are made again first: the cache is cleared after them.
        erased = erasure.reapply_ledger()
        forgotten = forget_stored()
        root = Path(settings.OPEN_DATA_ROOT)
        if root.exists():
            shutil.rmtree(root)
        with connection.cursor() as cursor:
            # The scopes' sequences too (a dump older than them has none: the next migrate
            # creates them, starting from the clock).
            names = [data_version.SEQUENCE, data_version.REPORTING_SEQUENCE, *scopes.sequences()]
            cursor.execute(
                "SELECT n FROM unnest(%s::text[]) AS n WHERE to_regclass(n) IS NOT NULL", [names]
            )
            for (sequence,) in cursor.fetchall():
                cursor.execute(
                    f"SELECT setval('{sequence}', (SELECT last_value FROM {sequence}) + %s)",  # noqa: S608
                    [VERSION_JUMP],
                )
        self.stdout.write(f"Re-applied the ledger of erasures: {erased} person(s) erased again.")
        self.stdout.write(
            f"Forgot {forgotten} cached entries and the open-data files; "
            f"data version now {data_version.current()}."
        )
