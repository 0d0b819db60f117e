"""Security headers, cookies, trusted proxies, the content security policy."""

from __future__ import annotations

from urllib.parse import urlsplit

from pact.settings.accounts import OIDC_ENABLED, OIDC_SERVER_URL
from pact.settings.env import PRODUCTION, envbool, envint


def _oidc_origin(url: str) -> list[str]:
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


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
