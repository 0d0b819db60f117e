"""Accounts: django-allauth (sign-up, sign-in, second factor), passwords, sessions, and sign-in
through an OpenID Connect provider such as EU Login (pact.sso)."""

from __future__ import annotations

import os

from pact.settings.env import PRODUCTION, TESTING, envint, envlist

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
