"""The site's housekeeping task (nightly, Celery beat). Its name is the one beat and queued
messages carry since it lived in ``pact.tasks``."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

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
