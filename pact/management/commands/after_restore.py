"""Run once after restoring a database dump (README, "Backup and restore").

The restored data versions are those of the dump, lower than versions the portal already served:
pages, figures and open-data files stored under them would describe a later state of the data. So
this forgets every stored page and figure (only the cache's keys: the broker's queues stay, also
when both share one Redis), removes the open-data files, and moves the data versions past anything
served before.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import redis
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from pact.kernel.cache import data_version

# Far beyond any number of changes made between a dump and its restore.
VERSION_JUMP = 1_000_000_000


class Command(BaseCommand):
    help = "After a restore: clear the page cache and open-data files, move the data versions on."

    def handle(self, *args, **options):
        prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
        client = redis.Redis.from_url(settings.CACHE_REDIS_URL)
        forgotten = 0
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            forgotten += client.delete(key)
        root = Path(settings.OPEN_DATA_ROOT)
        if root.exists():
            shutil.rmtree(root)
        with connection.cursor() as cursor:
            for sequence in (data_version.SEQUENCE, data_version.REPORTING_SEQUENCE):
                cursor.execute(
                    f"SELECT setval('{sequence}', (SELECT last_value FROM {sequence}) + %s)",  # noqa: S608
                    [VERSION_JUMP],
                )
        self.stdout.write(
            f"Forgot {forgotten} cached entries and the open-data files; "
            f"data version now {data_version.current()}."
        )
