"""API authentication: personal tokens (hash stored) and their read / read-write scope.

Kept apart from ``plumbing`` because DRF imports these while ``rest_framework.views`` loads.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets

from django.core.cache.backends.base import BaseCache
from django.utils import timezone
from rest_framework import exceptions, permissions, throttling
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.settings import api_settings

from pact.kernel.client_ip import client_ip
from pact.kernel.counters import COUNTERS
from pact.models import ApiToken

TOKEN_PREFIX = "pact_"
# How long a token lives, in days: one of these, chosen when it is created (DESIGN.md §9).
LIFETIMES = (30, 90, 180, 365)
DEFAULT_LIFETIME = 90
STAFF_WRITE_MAX_LIFETIME = 90
logger = logging.getLogger(__name__)


def lifetime_refusal(user, scope: str, days: int, multi_factor: bool) -> str | None:
    """Why a token of ``scope`` living ``days`` may not be created by ``user`` from a sign-in
    that is (or is not) multi-factor, or None. A staff token that can write is created only
    from a multi-factor sign-in and lives at most 90 days."""
    if days not in LIFETIMES:
        return "lifetime"
    if getattr(user, "staff_role", "") and scope == ApiToken.Scope.WRITE:
        if not multi_factor:
            return "staff_write_needs_mfa"
        if days > STAFF_WRITE_MAX_LIFETIME:
            return "staff_write_lifetime"
    return None


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(user, name: str, scope: str, days: int = DEFAULT_LIFETIME) -> tuple[ApiToken, str]:
    """Create a token and return it with its raw value, which is shown once and never stored.

    The caller checks ``lifetime_refusal`` first (the token page does); the token expires after
    ``days``.
    """
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        scope=scope,
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        token_hash=hash_token(raw),
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    return token, raw


class TokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer pact_...``: a personal token, looked up by its hash."""

    keyword = b"bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() not in (self.keyword, b"token"):
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Invalid Authorization header: expected 'Bearer <token>'."
            )
        raw = header[1].decode(errors="ignore")
        try:
            token = ApiToken.objects.select_related("user").get(
                token_hash=hash_token(raw), revoked_at__isnull=True
            )
        except ApiToken.DoesNotExist:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.") from None
        if not token.user.is_active or token.user.deleted_at:
            raise exceptions.AuthenticationFailed("The token's user is inactive.")
        now = timezone.now()
        if token.expires_at is not None and token.expires_at <= now:
            raise exceptions.AuthenticationFailed("This token has expired; create a new one.")
        if not token.last_used_at or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ReadOnlyTokenScope(permissions.BasePermission):
    """Reads are open (each view filters through the access module); writes need a session or a write token."""

    message = "This token is read-only; create a read-write token to make changes."

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            raise exceptions.NotAuthenticated("Sign in or send a token to make changes.")
        token = request.auth
        if isinstance(token, ApiToken):
            return token.scope == ApiToken.Scope.WRITE
        return True


class _SettingsRateMixin:
    """Read the rate from the settings at each request (so tests can turn a low rate on) and let
    requests through when the cache (Redis) is unreachable rather than failing the whole API.
    The counts live in the Redis that never evicts ("counters"): the page cache's evicting one
    would forget a client's count as soon as memory runs short."""

    scope: str | None
    cache: BaseCache = COUNTERS  # type: ignore[assignment]

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")

    def get_ident(self, request):
        return client_ip(request)

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)  # type: ignore[misc]
        except Exception:  # the throttle store is down: serve rather than fail
            logger.warning("API throttle store unavailable; request not throttled", exc_info=True)
            return True


class AnonRateThrottle(_SettingsRateMixin, throttling.AnonRateThrottle):
    """Per client IP for requests without credentials (``API_THROTTLE_ANON``)."""


class UserRateThrottle(_SettingsRateMixin, throttling.UserRateThrottle):
    """Per person for requests with a token or session (``API_THROTTLE_USER``)."""
