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
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pact.kernel.cache.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
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
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pact")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60))
}
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "pact",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}

# Whole public pages for anonymous visitors (pact.kernel.cache.page_cache): stored until the public data
# version changes (read from PostgreSQL at most every PAGE_CACHE_VERSION_TTL seconds per process)
# and at most PAGE_CACHE_TIMEOUT seconds.
PAGE_CACHE_ENABLED = envbool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_TIMEOUT = envint("PAGE_CACHE_TIMEOUT", 300)
PAGE_CACHE_VERSION_TTL = float(os.environ.get("PAGE_CACHE_VERSION_TTL", "1.0"))
PAGE_CACHE_KEY_PREFIX = os.environ.get("PAGE_CACHE_KEY_PREFIX", "")  # tests: one per test

# --- Celery ------------------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
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
CELERY_BEAT_SCHEDULE = {
    "sweep-outbox": {"task": "pact.tasks.sweep_outbox", "schedule": 60.0},
    "purge-stale-accounts": {
        "task": "pact.tasks.purge_stale_accounts",
        "schedule": crontab(hour=3, minute=15),
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
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Pact Portal"
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
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
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

# --- Internationalisation ----------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
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
    # candidate countries
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
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

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
    },
}

# --- Logging -------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Portal ----------------------------------------------------------------------------------------
CHARTER_VERSION = "2020-11"
PDF_RENDER_TIME_LIMIT = envint("PDF_RENDER_TIME_LIMIT", 60)
# The benchmark (make bench) adds a baseline view at /bench/ping; never set in production.
PACT_BENCH = envbool("PACT_BENCH", False)
UNVERIFIED_ACCOUNT_RETENTION_DAYS = envint("UNVERIFIED_ACCOUNT_RETENTION_DAYS", 30)
INVITATION_VALIDITY_DAYS = envint("INVITATION_VALIDITY_DAYS", 30)

if TESTING:
    # Unit tests run tasks in-process when their transaction commits; browser tests and fault
    # drills start a real worker instead (tests/browser, bench/).
    CELERY_TASK_ALWAYS_EAGER = True
    # A test that changes data and then looks at a public page sees the change at once.
    PAGE_CACHE_VERSION_TTL = 0.0
    CELERY_TASK_EAGER_PROPAGATES = True
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ACCOUNT_RATE_LIMITS = False  # type: ignore[assignment]
    # No rate limit in tests (the throttle classes read the rates per request; tests that check
    # throttling set a low rate with override_settings).
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": None, "user": None}
