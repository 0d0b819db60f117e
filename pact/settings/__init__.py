"""Settings for Pact Portal, read from the environment (12-factor).

Development defaults are safe for a laptop; with ``PACT_ENV=production`` the portal refuses to
start without a real ``SECRET_KEY`` and ``ALLOWED_HOSTS``.

One package by topic, read in this order: ``env`` (the environment helpers and the kind of run),
this module (apps, middleware, database, Redis, Celery, static files and the portal's own
settings), ``accounts``, ``mail``, ``languages``, ``security``, ``api``, ``logs``; last, what
tests change.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

from pact.settings.env import BASE_DIR, TESTING, envbool, envint, envlist
from pact.settings.env import DEBUG as DEBUG  # a setting itself
from pact.settings.env import PACT_ENV as PACT_ENV  # a setting itself
from pact.settings.env import PRODUCTION as PRODUCTION

_DEV_SECRET = "dev-only-secret-key-not-for-production-use-0123456789abcdefghijkl"
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")

if PRODUCTION:
    if (
        len(SECRET_KEY) < 50
        or SECRET_KEY == _DEV_SECRET
        or SECRET_KEY.startswith("django-insecure")
    ):
        raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 50 characters.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS to the host names the portal answers on.")

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", SITE_URL)

INSTALLED_APPS = [
    "pact",
    "members",
    "partnerships",
    "commitments",
    "commitments.survey",
    "pact.communications",
    "pact.support",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "pact.sso",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "django_htmx",
    "csp",
]

MIDDLEWARE = [
    "pact.kernel.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache: an unknown API query parameter is a 400 whatever is stored.
    "pact.kernel.api.parameters.UnknownParameterMiddleware",
    # Before the page cache too: an unknown ?lang= is a 400, a known one is part of the key.
    "pact.kernel.language.LanguageParameterMiddleware",
    "pact.kernel.cache.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the body (the CSRF check included); after the locale, for its message.
    "pact.kernel.middleware.RequestBodyLimitMiddleware",
    "pact.kernel.input_guard.InputGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pact.kernel.middleware.IdleSessionMiddleware",
    "pact.kernel.assurance.AssuranceMiddleware",
    "pact.kernel.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pact.kernel.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "pact.urls"
WSGI_APPLICATION = "pact.wsgi.application"
AUTH_USER_MODEL = "pact.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pact.site.context_processors.portal",
            ],
        },
    },
]

# --- Database and cache ----------------------------------------------------------------------
# Two roles (pact.kernel.db_roles): DATABASE_URL is the application's (web, workers, beat: rows
# only, the audit log read and appended to); DATABASE_OWNER_URL owns the tables and is what
# migrate, flush and the test harness's resets use. Unset, the owner is DATABASE_URL's user (one
# role, as before the split; `make run` and `make test` always set both).
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pact")
DATABASE_OWNER_URL = os.environ.get("DATABASE_OWNER_URL") or DATABASE_URL
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60))
}
DATABASE_APPLICATION = dj_database_url.parse(DATABASE_URL)
DATABASE_OWNER = dj_database_url.parse(DATABASE_OWNER_URL)
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Two Redis: REDIS_URL is the Celery broker and the counters (beat heartbeat, throttles), run
# without eviction; CACHE_REDIS_URL is the page and fragment cache, run with maxmemory and
# allkeys-lru so it can never fill the broker's memory. Unset, the cache shares REDIS_URL (CI's one
# Redis). The "counters" alias is for counters that must not be evicted.
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL") or REDIS_URL
_REDIS_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_REDIS_URL,
        "KEY_PREFIX": "pact",
        "OPTIONS": _REDIS_OPTIONS,
    },
    "counters": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "pact-counters",
        "OPTIONS": _REDIS_OPTIONS,
    },
}

# Whole public pages for anonymous visitors (pact.kernel.cache.page_cache): stored until the public data
# version changes (read from PostgreSQL at most every PAGE_CACHE_VERSION_TTL seconds per process)
# and at most PAGE_CACHE_TIMEOUT seconds.
PAGE_CACHE_ENABLED = envbool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_TIMEOUT = envint("PAGE_CACHE_TIMEOUT", 300)
PAGE_CACHE_VERSION_TTL = float(os.environ.get("PAGE_CACHE_VERSION_TTL", "1.0"))
PAGE_CACHE_KEY_PREFIX = os.environ.get("PAGE_CACHE_KEY_PREFIX", "")  # tests: one per test
# Figures kept in Redis until the data they read changes (data_version.remembered); off: computed
# at every request (the benchmark switches it off with the page cache to measure the work).
REMEMBERED_FIGURES_ENABLED = envbool("REMEMBERED_FIGURES_ENABLED", True)
# Many requests missing the same page or figures at once: one computes under a lock held at most
# this long, the others wait at most SINGLE_FLIGHT_WAIT_SECONDS for it (or get the previous copy).
SINGLE_FLIGHT_LOCK_SECONDS = envint("SINGLE_FLIGHT_LOCK_SECONDS", 10)
SINGLE_FLIGHT_WAIT_SECONDS = float(os.environ.get("SINGLE_FLIGHT_WAIT_SECONDS", "2.0"))

# --- Celery ------------------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
# Limits' counters (pact.kernel.counters) live in the broker's Redis, which never evicts.
COUNTERS_REDIS_URL = os.environ.get("COUNTERS_REDIS_URL", CELERY_BROKER_URL)
COUNTERS_KEY_PREFIX = ""  # tests: one per test
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Brussels"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2}
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
# Queues by kind, each with its own worker processes (docker-compose, make run), so that a run of
# 100,000 mails never delays a declaration's PDF. A worker started without -Q consumes all three
# (tests, drills); the staff health page shows the depth of each.
PACT_QUEUES = ("default", "pdf", "mail")
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = [Queue(name, routing_key=name) for name in PACT_QUEUES]
CELERY_TASK_ROUTES = {
    # Rendering documents: slow, CPU-bound.
    "partnerships.tasks.render_pdf": {"queue": "pdf"},
    "partnerships.tasks.repair_pdf": {"queue": "pdf"},
    # Mail: sending, and the tasks that write mails by the thousand.
    "pact.tasks.send_email": {"queue": "mail"},
    "pact.tasks.send_email_batch": {"queue": "mail"},
    "commitments.tasks.send_due_reminders": {"queue": "mail"},
    "commitments.tasks.send_cycle_reminders": {"queue": "mail"},
    "commitments.tasks.send_reminder_batch": {"queue": "mail"},
    "pact.communications.tasks.deliver_newsletter": {"queue": "mail"},
    "partnerships.tasks.weekly_review_digest": {"queue": "mail"},
    # Everything else (sweepers, exports, schedules, housekeeping) goes to "default".
}
CELERY_BEAT_SCHEDULE = {
    "beat-heartbeat": {"task": "pact.tasks.beat_heartbeat", "schedule": 30.0},
    "sweep-outbox": {"task": "pact.tasks.sweep_outbox", "schedule": 60.0},
    "build-open-data": {"task": "pact.tasks.build_open_data", "schedule": 300.0},
    "purge-stale-accounts": {
        "task": "pact.tasks.purge_stale_accounts",
        "schedule": crontab(hour=3, minute=15),
    },
    "reduce-outbox-bodies": {
        "task": "pact.tasks.reduce_outbox_bodies",
        "schedule": crontab(hour=3, minute=45),
    },
}
# Apps add their periodic tasks here (see each app's tasks.py); kept in one place for review.
CELERY_BEAT_SCHEDULE.update(
    {
        "sweep-declaration-pdfs": {"task": "partnerships.tasks.sweep_pdfs", "schedule": 60.0},
        "send-reporting-reminders": {
            "task": "commitments.tasks.send_due_reminders",
            "schedule": crontab(minute=5),
        },
        "sweep-monitoring-exports": {"task": "commitments.tasks.sweep_exports", "schedule": 60.0},
        "reporting-cycle-schedule": {
            "task": "commitments.tasks.run_cycle_schedule",
            "schedule": crontab(minute=3),
        },
        "run-survey-schedule": {
            "task": "commitments.survey.tasks.run_schedule",
            "schedule": crontab(minute=10),
        },
        "weekly-review-digest": {
            "task": "partnerships.tasks.weekly_review_digest",
            "schedule": crontab(day_of_week="mon", hour=7, minute=0),
        },
        "sweep-newsletters": {
            "task": "pact.communications.tasks.sweep_newsletters",
            "schedule": 120.0,
        },
        "purge-unconfirmed-newsletter-subscriptions": {
            "task": "pact.communications.tasks.purge_unconfirmed_subscriptions",
            "schedule": crontab(hour=3, minute=30),
        },
    }
)

# --- Static and media ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / ".devdata" / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / ".devdata" / "media"))
# Open-data files, one folder per data version, written by the worker and served by the web
# process: a directory both see (inside the media volume in docker-compose).
OPEN_DATA_ROOT = Path(os.environ.get("OPEN_DATA_ROOT", MEDIA_ROOT / "open-data"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The whole request body, file parts and chunked bodies included (RequestBodyLimitMiddleware):
# the same figure as the proxy's client_max_body_size (deploy/nginx.conf, 10m), so a body is
# refused alike with or without the proxy; above every single upload's own limit (5 MB at most).
REQUEST_BODY_MAX_BYTES = envint("REQUEST_BODY_MAX_BYTES", 10 * 1024 * 1024)
LOGO_MAX_BYTES = 2 * 1024 * 1024
EVIDENCE_MAX_BYTES = 5 * 1024 * 1024

# --- Portal ----------------------------------------------------------------------------------------
# Readiness reports beat down when its heartbeat (every 30 s) is older than this many seconds.
BEAT_HEARTBEAT_MAX_AGE = envint("BEAT_HEARTBEAT_MAX_AGE", 180)
CHARTER_VERSION = "2020-11"
PDF_RENDER_TIME_LIMIT = envint("PDF_RENDER_TIME_LIMIT", 60)
# The benchmark (make bench) adds a baseline view at /bench/ping; never set in production.
PACT_BENCH = envbool("PACT_BENCH", False)
UNVERIFIED_ACCOUNT_RETENTION_DAYS = envint("UNVERIFIED_ACCOUNT_RETENTION_DAYS", 30)
INVITATION_VALIDITY_DAYS = envint("INVITATION_VALIDITY_DAYS", 30)
# Outbox bodies are kept this long, then only the mails' metadata (DESIGN.md §9).
OUTBOX_BODY_RETENTION_DAYS = envint("OUTBOX_BODY_RETENTION_DAYS", 90)
# The ledger of erasures is also appended to this file, kept apart from the database backups, so
# that `manage.py after_restore` re-applies erasures made after the dump it restores.
ERASURE_LEDGER_PATH = Path(
    os.environ.get("ERASURE_LEDGER_PATH", BASE_DIR / ".devdata" / "erasure-ledger.jsonl")
)

# The topics, each in its own module.
from pact.settings.accounts import *  # noqa: E402, F403
from pact.settings.api import *  # noqa: E402, F403
from pact.settings.api import REST_FRAMEWORK  # noqa: E402  (tests change it below)
from pact.settings.languages import *  # noqa: E402, F403
from pact.settings.logs import *  # noqa: E402, F403
from pact.settings.mail import *  # noqa: E402, F403
from pact.settings.security import *  # noqa: E402, F403

if TESTING:
    # Unit tests run tasks in-process when their transaction commits; browser tests and fault
    # drills start a real worker instead (tests/browser, bench/).
    CELERY_TASK_ALWAYS_EAGER = True
    # A test that changes data and then looks at a public page sees the change at once.
    PAGE_CACHE_VERSION_TTL = 0.0
    CELERY_TASK_EAGER_PROPAGATES = True
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ACCOUNT_RATE_LIMITS = False  # type: ignore[assignment]
    SIGNIN_LIMITS = {}
    MAIL_SEND_LIMITS = {}  # tests of these limits set their own
    # No rate limit in tests (the throttle classes read the rates per request; tests that check
    # throttling set a low rate with override_settings).
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": None, "user": None}
