"""Logs as JSON lines with the request's id, and error reporting through Sentry when configured."""

from __future__ import annotations

import os

from pact.settings.env import PRODUCTION

# --- Logging -------------------------------------------------------------------------------------
# JSON lines with the request's id (pact.kernel.logs); LOG_FORMAT=plain for a developer's terminal.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "pact.kernel.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "pact.kernel.logs.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "pact.kernel.logs.ConsoleHandler",
            "formatter": "plain" if LOG_FORMAT == "plain" else "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
# The worker and beat log through the same handler (JSON) instead of Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Error reporting: Sentry when a DSN is configured, without personal data.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get(
            "SENTRY_ENVIRONMENT", "production" if PRODUCTION else "development"
        ),
        release=os.environ.get("SENTRY_RELEASE") or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
