"""Whole pages for anonymous visitors, kept in Redis until the public data changes.

Public pages are read far more often than the data behind them is written, and at full scale some
take hundreds of milliseconds to build (the results sum a million reports). So a view marked with
``@public_page`` (or an API view class with ``public_page = True``) is stored whole the first time
an anonymous visitor asks for it and served from Redis afterwards, before sessions, CSRF and the
view run at all.

What keeps it correct:

- The key holds the public data version (``data_version``: PostgreSQL triggers change it with
  every write that a visitor could see), so after a change no stored page is found again. The
  version is read at most every ``PAGE_CACHE_VERSION_TTL`` seconds per process (a second by
  default, so a change shows within about a second).
- It also holds the scheme and host (pages carry absolute links), the day (pages say "closes in 3
  days"), the language, the ``Accept`` header
  (the API's JSON or browsable HTML), htmx's headers and the full path with its query string.
  Entries expire after ``PAGE_CACHE_TIMEOUT`` seconds in any case: news scheduled for later
  appears without a write.
- Only anonymous requests: no session cookie, no messages cookie, no ``Authorization`` header,
  GET or HEAD. Only 200 answers that set no cookie are stored, so a page carrying a CSRF token
  (which sets the cookie it belongs to) or opening a session is never handed to someone else.
- The API keeps its anonymous rate limit: a stored answer is served only if the throttle allows.
- Many visitors missing the same page at once (after a change): one builds it, the others get
  the copy stored before the change (``X-Page-Cache: stale``) or wait briefly for the new one
  (``single_flight``).
- Redis down or slow: the page is rendered as if there were no cache (the cache client has
  one-second timeouts), and the next requests skip Redis for a while (``breaker``).
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import time
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from pact.kernel.api.auth import AnonRateThrottle
from pact.kernel.cache import data_version, single_flight

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

# Response headers worth keeping; the middleware above (CSP, security) adds its own again.
_KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "Vary",
    "Allow",
    "Link",
    "ETag",
    "Last-Modified",
    "Cache-Control",
)
_COMPRESS_FROM = 1024  # bytes


def public_page(view: F) -> F:
    """Mark a view whose anonymous answer is the same for every anonymous visitor."""
    view.public_page = True  # type: ignore[attr-defined]
    return view


class _Version:
    """The public data version, read from PostgreSQL at most every ``ttl`` seconds per process."""

    def __init__(self) -> None:
        self.value: int | None = None
        self.read_at = 0.0

    def get(self) -> int | None:
        ttl = settings.PAGE_CACHE_VERSION_TTL
        now = time.monotonic()
        if self.value is None or now - self.read_at >= ttl:
            try:
                self.value = data_version.current()
            except DatabaseError:  # PostgreSQL is down: the view answers 503 itself
                return None
            self.read_at = now
        return self.value


_version = _Version()


def _cacheable_view(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    view = match.func
    view_class = getattr(view, "cls", None)
    return bool(getattr(view, "public_page", False) or getattr(view_class, "public_page", False))


def _anonymous(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
        # REST framework's test client signs people in without a cookie or a header.
        and getattr(request, "_force_auth_user", None) is None
    )


def _variant(request: HttpRequest) -> str:
    """What besides the data version tells stored pages apart: the day, the language and a digest
    of host, path, query string and the header variants."""
    language = translation.get_language_from_request(request)
    parts = [
        # Pages hold absolute links: a page built for one host is never served on another.
        f"{request.scheme}://{request.get_host()}",
        request.get_full_path(),
        request.META.get("HTTP_ACCEPT", ""),
        request.META.get("HTTP_HX_REQUEST", ""),
        request.META.get("HTTP_HX_HISTORY_RESTORE_REQUEST", ""),
        request.META.get("HTTP_HX_TARGET", ""),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    return f"{_today()}:{language}:{digest}"


def cache_key(request: HttpRequest, version: int) -> str:
    return f"page:{settings.PAGE_CACHE_KEY_PREFIX}{version}:{_variant(request)}"


def latest_key(request: HttpRequest) -> str:
    """Where the key of the page's latest stored copy is kept (served while a new one is built)."""
    return f"page:{settings.PAGE_CACHE_KEY_PREFIX}latest:{_variant(request)}"


def _today() -> date:
    return timezone.localdate()


def _throttle_allows(request: HttpRequest) -> bool:
    """The API's anonymous rate limit, applied to stored answers as to rendered ones."""
    if not request.path_info.startswith("/api/"):
        return True
    request.user = AnonymousUser()
    return AnonRateThrottle().allow_request(request, None)


def _storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _stored(response: HttpResponse) -> dict[str, Any]:
    headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
    content = response.content
    # Compressed once when stored, not at every request (the directory's page is 200 KB of
    # HTML). No secret is ever in a stored page (no CSRF token, nobody's data), so compressing
    # gives nothing away (BREACH).
    # HTML only: API clients get plain JSON, as some (test transports) do not decode gzip.
    html = headers.get("Content-Type", "").startswith("text/html")
    compressed = gzip.compress(content, 6) if html and len(content) > _COMPRESS_FROM else None
    return {"content": content, "gzip": compressed, "headers": headers}


def _from_stored(entry: dict[str, Any], request: HttpRequest) -> HttpResponse:
    compressed = entry.get("gzip")
    if compressed is not None and "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", ""):
        response = HttpResponse(compressed)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(entry["content"])
    for name, value in entry["headers"].items():
        response[name] = value
    if compressed is not None:
        patch_vary_headers(response, ["Accept-Encoding"])
    response["X-Page-Cache"] = "hit"
    return response


class PublicPageCacheMiddleware:
    """Serve and store anonymous answers of views marked ``public_page`` (see module docstring).

    Placed after the security, CSP and static-file middleware (their headers are added to every
    answer, stored or not) and before sessions, so a hit costs a Redis read and little else.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PAGE_CACHE_ENABLED or not _anonymous(request):
            return self.get_response(request)
        if not _cacheable_view(request):
            return self.get_response(request)
        version = _version.get()
        if version is None:
            return self.get_response(request)
        key = cache_key(request, version)
        # One request builds a page many visitors miss at once; the others get the copy stored
        # before the change, or wait briefly for the new one (single_flight).
        value, state = single_flight.fetch(
            key,
            lambda: self.get_response(request),
            previous=latest_key(request),
            stored_form=lambda response: (
                _stored(response) if request.method == "GET" and _storable(response) else None
            ),
        )
        if state == single_flight.MISS:
            value["X-Page-Cache"] = "miss"
        if state in (single_flight.MISS, single_flight.COMPUTED):
            return value
        if not _throttle_allows(request):  # over the API's anonymous rate: the view answers 429
            return self.get_response(request)
        response = _from_stored(value, request)
        if state == single_flight.STALE:
            response["X-Page-Cache"] = "stale"
        return response
