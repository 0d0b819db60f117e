"""Settings for Pact Portal, read from the environment (12-factor).

Development defaults are safe for a laptop; with ``PACT_ENV=production`` the portal refuses to
start without a real ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _oidc_origin(url: str) -> list[str]:
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


PACT_ENV = os.environ.get("PACT_ENV", "development")
PRODUCTION = PACT_ENV == "production"
# pytest sets PYTEST_VERSION in the environment of the tests it runs.
TESTING = envbool("PACT_TESTING", "PYTEST_VERSION" in os.environ)
DEBUG = envbool("DEBUG", not PRODUCTION and not TESTING)

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

# --- Accounts (django-allauth) -----------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Pact Portal] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "change_password": "5/m/user",
}
ACCOUNT_ADAPTER = "pact.site.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "pact.site.adapters.SignupForm"}
# Failed password sign-ins (pact.kernel.signin_limits; allauth's "login_failed" above is left to
# second-factor codes): (failures, seconds) per client IP and address and per IP, which slow that
# IP, and per address from anywhere, a ceiling only the reset link or a known browser gets past.
SIGNIN_LIMITS: dict[str, tuple[int, int]] = {
    "ip_address": (5, 300),
    "ip": (10, 60),
    "address": (30, 3600),
}
# Sign-up also asks the person's name (shown wherever a person is shown).
ACCOUNT_SIGNUP_FORM_CLASS = "pact.site.signup.SignupForm"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Pact Portal"
# One 30-second step either side: a code typed as the step turns over, or read from a phone whose
# clock is a little off, is accepted on the first try (allauth's default, 0, refused it).
MFA_TOTP_TOLERANCE = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Sessions rotate on login (Django does this) and end after an idle period.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 12 * 3600)
SESSION_IDLE_TIMEOUT = envint("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Sign-in through an OpenID Connect provider such as EU Login (pact.sso) ---------------------
# Off unless OIDC_SERVER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set. The redirect URI to
# register with the provider is SITE_URL + /accounts/oidc/<OIDC_PROVIDER_ID>/login/callback/.
OIDC_SERVER_URL = os.environ.get("OIDC_SERVER_URL", "").rstrip("/")
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_PROVIDER_ID = os.environ.get("OIDC_PROVIDER_ID", "eulogin")
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "EU Login")  # "Sign in with EU Login"
# The provider's acr values that mean the person used a second factor there.
OIDC_MFA_ACR_VALUES = envlist("OIDC_MFA_ACR_VALUES")
OIDC_ENABLED = bool(OIDC_SERVER_URL and OIDC_CLIENT_ID and OIDC_CLIENT_SECRET)
SOCIALACCOUNT_ADAPTER = "pact.sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": OIDC_PROVIDER_ID,
                "name": OIDC_PROVIDER_NAME,
                "client_id": OIDC_CLIENT_ID,
                "secret": OIDC_CLIENT_SECRET,
                "settings": {"server_url": OIDC_SERVER_URL},
            }
        ]
        if OIDC_ENABLED
        else [],
    }
}
# A provider identity links to the account with the same address when the provider says the
# address is verified (pact.sso.linking adds the rules for unverified addresses and staff).
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False

# --- Mail ----------------------------------------------------------------------------------------
# Development mail: one file per message in EMAIL_FILE_PATH (Django's file backend puts a batch in one).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "pact.kernel.outbox.files.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / ".devdata" / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Pact Portal <no-reply@pact-portal.example.eu>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every mail the outbox queues to a person is also a notification: the outbox (in the kernel, which
# imports no app) calls the functions of this module (see pact.kernel.outbox.notices).
OUTBOX_NOTIFIER = "pact.communications.notifications.outbox"
# The mail service's bounce and complaint notifications (/mail/events/) carry this shared secret
# as "Authorization: Bearer <token>"; unset, the route answers 404.
MAIL_EVENTS_TOKEN = os.environ.get("MAIL_EVENTS_TOKEN", "")
# Drills only: the outbox notes in this file each point it reaches ("claimed", "sent", "noted")
# and waits OUTBOX_DRILL_PAUSE_SECONDS at OUTBOX_DRILL_PAUSE_AT, so a drill kills it right there.
OUTBOX_DRILL_JOURNAL = os.environ.get("OUTBOX_DRILL_JOURNAL", "")
OUTBOX_DRILL_PAUSE_AT = os.environ.get("OUTBOX_DRILL_PAUSE_AT", "")
OUTBOX_DRILL_PAUSE_SECONDS = float(os.environ.get("OUTBOX_DRILL_PAUSE_SECONDS", "0") or 0)
# Mail a person sends to others by pressing a button (invitations, contact requests, signature
# requests sent again): at most this many per person and per partnership (or organisation) in
# each window of seconds. System mail is not limited (DESIGN.md §9).
MAIL_SEND_LIMITS = {
    "person": [(20, 3600), (60, 86400)],
    "group": [(40, 3600), (120, 86400)],
}

# --- Internationalisation ----------------------------------------------------------------------
LANGUAGE_CODE = "en"
# Interface languages: English, French and German ship complete. Another is switched on by
# configuration (PACT_INTERFACE_LANGUAGES=en,fr,de,it) once locale/<code>/LC_MESSAGES/django.po
# translates at least INTERFACE_COMPLETENESS of the catalogue: tests/i18n checks every configured
# one, so no page claims a language it does not speak (README: "Adding an interface language").
INTERFACE_COMPLETENESS = 0.95
_INTERFACE_NAMES = {"en": "English", "fr": "Français", "de": "Deutsch"}


def _interface_languages(codes: list[str]) -> list[tuple[str, str]]:
    from django.conf.locale import LANG_INFO

    chosen = [code.lower() for code in codes]
    if LANGUAGE_CODE not in chosen:
        raise ImproperlyConfigured(f"PACT_INTERFACE_LANGUAGES must include {LANGUAGE_CODE}")
    unknown = [code for code in chosen if code not in _INTERFACE_NAMES and code not in LANG_INFO]
    if unknown:
        raise ImproperlyConfigured(f"Unknown interface language: {', '.join(unknown)}")
    return [
        (code, _INTERFACE_NAMES.get(code) or LANG_INFO[code].get("name_local", code))
        for code in chosen
    ]


LANGUAGES = _interface_languages(envlist("PACT_INTERFACE_LANGUAGES", "en,fr,de"))
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date style per language (6 December 2026 / 6 décembre 2026 / 6. Dezember 2026).
FORMAT_MODULE_PATH = ["pact.kernel.formats"]
# Languages content may be written in (texts staff and members write, organisations' preferred
# language): the 24 official languages of the EU and those of the candidate countries. A separate
# list from LANGUAGES, the languages of the interface. Read through pact.kernel.texts, never frozen into
# migrations, so a language can be added here alone.
CONTENT_LANGUAGES = [
    ("bg", _("Bulgarian")),
    ("cs", _("Czech")),
    ("da", _("Danish")),
    ("de", _("German")),
    ("el", _("Greek")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("et", _("Estonian")),
    ("fi", _("Finnish")),
    ("fr", _("French")),
    ("ga", _("Irish")),
    ("hr", _("Croatian")),
    ("hu", _("Hungarian")),
    ("it", _("Italian")),
    ("lt", _("Lithuanian")),
    ("lv", _("Latvian")),
    ("mt", _("Maltese")),
    ("nl", _("Dutch")),
    ("pl", _("Polish")),
    ("pt", _("Portuguese")),
    ("ro", _("Romanian")),
    ("sk", _("Slovak")),
    ("sl", _("Slovenian")),
    ("sv", _("Swedish")),
    # Candidate countries (Albania, Bosnia and Herzegovina, Georgia, Moldova, Montenegro, North
    # Macedonia, Serbia, Türkiye, Ukraine) and Kosovo*. Moldova's official language is Romanian,
    # already listed (no separate "ro-MD": one code per language, not per country). Montenegrin has
    # no two-letter code: ISO 639-3 "cnr", what BCP 47 uses in lang attributes. Croatian and
    # Serbian-in-Latin-script are not split by script either.
    ("sq", _("Albanian")),
    ("bs", _("Bosnian")),
    ("ka", _("Georgian")),
    ("mk", _("Macedonian")),
    ("cnr", _("Montenegrin")),
    ("sr", _("Serbian")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

COUNTRIES_OVERRIDE = {"XK": _("Kosovo*")}

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

# --- Security --------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Proxies of ours in front of the application: the client's address is read from X-Forwarded-For
# only as far as they wrote it (pact.kernel.client_ip), for throttles and sign-in limits alike.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        # Signing in and out with the identity provider: a form whose answer redirects there.
        "form-action": ["'self'", *_oidc_origin(OIDC_SERVER_URL if OIDC_ENABLED else "")],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- REST framework ----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "pact.kernel.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["pact.kernel.api.auth.ReadOnlyTokenScope"],
    "DEFAULT_FILTER_BACKENDS": [
        "pact.kernel.api.plumbing.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "pact.kernel.api.plumbing.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "pact.kernel.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "pact.kernel.api.plumbing.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "pact.kernel.api.auth.AnonRateThrottle",
        "pact.kernel.api.auth.UserRateThrottle",
    ],
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # NUL characters in text are refused with 400 (pact.kernel.input_guard).
    "DEFAULT_PARSER_CLASSES": [
        "pact.kernel.input_guard.JSONParser",
        "pact.kernel.input_guard.FormParser",
        "pact.kernel.input_guard.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "120/min"),
        "user": os.environ.get("API_THROTTLE_USER", "600/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Pact Portal API",
    "DESCRIPTION": "Partnerships, declarations, commitments and progress of the EU Pact for Skills.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # The documentation page ships its own copy of Swagger UI: no CDN, works offline and under CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status": name each choice set so the schema stays readable.
    "ENUM_NAME_OVERRIDES": {
        "PartnershipStatusEnum": "partnerships.models.PartnershipStatus",
        "OrganisationStatusEnum": "members.models.OrganisationStatus",
        "ReportStatusEnum": "commitments.models.ReportStatus",
        "EcosystemEnum": "pact.kernel.vocabulary.Ecosystem",
        "FundingCallStatusEnum": "pact.support.models.CallStatus",
        "PartnershipKindEnum": "partnerships.models.PartnershipKind",
        "ResourceKindEnum": "pact.support.models.ResourceKind",
        "EventKindEnum": "pact.support.models.EventKind",
        "WindowStatusEnum": "pact.kernel.schedule.WindowStatus",
        "SurveyFigureStatusEnum": "commitments.survey.models.FigureStatus",
        "DeclarationStatusEnum": "partnerships.models.DeclarationStatus",
    },
}

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
