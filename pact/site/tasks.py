"""The site's housekeeping tasks (Celery beat). Their names are the ones beat and queued
messages carry since they lived in ``pact.tasks``."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from pact.kernel import health
from pact.site import open_data_files
from pact.site.housekeeping import purge_stale_accounts as purge

log = logging.getLogger(__name__)


@shared_task(name="pact.tasks.purge_stale_accounts")
def purge_stale_accounts() -> dict:
    result = purge(
        unverified_days=settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS,
        invitation_days=settings.INVITATION_VALIDITY_DAYS,
    )
    log.info("Purged %s", result)
    return result


@shared_task(name="pact.tasks.beat_heartbeat", ignore_result=True)
def beat_heartbeat() -> None:
    """Scheduled by beat every half minute: readiness reports beat down when the tick is old."""
    health.record_beat_heartbeat()


@shared_task(name="pact.tasks.build_open_data", ignore_result=True)
def build_open_data() -> str:
    """Write the open-data files of the current data version (beat every 5 minutes, and when a
    download finds them missing); nothing when they are already written."""
    return open_data_files.build()
