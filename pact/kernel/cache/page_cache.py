"""Whole pages for anonymous visitors, kept in Redis until the public data changes.

Public pages are read far more often than the data behind them is written, and at full scale some
take hundreds of milliseconds to build (the results sum a million reports). So a view marked with
``@public_page`` (or an API view class with ``public_page = True``) is stored whole the first time
an anonymous visitor asks for it and served from Redis afterwards, before sessions, CSRF and the
view run at all.

What keeps it correct:

- The key holds the versions of what the page shows (``scopes``: a partnership's page holds its
  partnership's version, the directory the directory's; PostgreSQL triggers move them with every
  write a visitor could see), or for a view declaring no scope the public data version
  (``data_version``, moved by every such write), so after a change no stored page showing it is
  found again. Versions are read at most every ``PAGE_CACHE_VERSION_TTL`` seconds per process
  (a second by default, so a change shows within about a second).
- It also holds the scheme and host (pages carry absolute links), the day (pages say "closes in 3
  days"), the language (``?lang=`` first: each language of a page has its own key), the ``Accept``
  header reduced to json, html or any (the API's JSON or browsable HTML), whether htmx asks and for
  which of the view's declared fragments, and the path with the query parameters the view declares
  (``public_page(params=...)``; all of them for a view that declares none). Other ``Accept`` values
  and undeclared htmx targets are not cached: the number of variants per page stays bounded
  (DESIGN §9).
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
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from pact.kernel.api.auth import AnonRateThrottle
from pact.kernel.cache import data_version, scopes, single_flight
from pact.kernel.language import interface_language

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


ScopesOf = Callable[[dict[str, Any]], tuple[str, ...]]


def public_page(
    view: F | None = None,
    *,
    params: tuple[str, ...] | None = None,
    fragments: tuple[str, ...] = (),
    scope: tuple[str, ...] | ScopesOf | None = None,
) -> Any:
    """Mark a view whose anonymous answer is the same for every anonymous visitor.

    ``params``: the query parameters the view reads; when given, the key holds only these (so
    ``?utm_source=...`` or a cache-busting parameter finds the same page). ``fragments``: the htmx
    targets the view answers differently; a request for another target is not cached.
    ``scope``: the parts of the portal the page shows (``scopes``: names, or a function of the
    URL's arguments giving them, e.g. ``partnership:<slug>``); only a change there or to an
    unclassified table makes it stale. Without it, any public change does.
    """

    def mark(function: F) -> F:
        function.public_page = True  # type: ignore[attr-defined]
        function.public_page_params = params  # type: ignore[attr-defined]
        function.public_page_fragments = frozenset(fragments)  # type: ignore[attr-defined]
        function.public_page_scope = scope  # type: ignore[attr-defined]
        return function

    return mark(view) if view is not None else mark


_versions = scopes.Versions()


def version_key(view: Any, kwargs: dict[str, Any]) -> str | None:
    """The versions the page's key holds: those of its scopes and ``global`` when it declares
    scopes, else the public data version (any public change). Read from PostgreSQL at most every
    ``PAGE_CACHE_VERSION_TTL`` seconds per process; None when PostgreSQL is down."""
    declared = getattr(view, "public_page_scope", None)
    if declared is None:
        return _versions.key([data_version.SEQUENCE])
    names = declared(kwargs) if callable(declared) else declared
    return _versions.key(
        [scopes.sequence_of("global"), *(scopes.sequence_of(name) for name in names)]
    )


def _cacheable_view(request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    """The view marked ``public_page`` (or its class) that answers ``request``, else None, and
    the URL's arguments."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None, {}
    view = match.func
    view_class = getattr(view, "cls", None)
    if getattr(view, "public_page", False):
        return view, match.kwargs
    if getattr(view_class, "public_page", False):
        return view_class, match.kwargs
    return None, {}


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


def _accepts(request: HttpRequest) -> str | None:
    """The ``Accept`` header reduced to what answers differ by (DESIGN §9): json, html or any;
    None for anything else (not cached: a few variants, never one per client's header)."""
    accept = request.META.get("HTTP_ACCEPT", "").strip()
    if accept in ("", "*/*"):
        return "any"
    first = accept.split(",", 1)[0].strip()
    media, _sep, rest = first.partition(";")
    if rest.strip() and not rest.strip().startswith("q=1"):
        return None  # a weighted first choice: leave the negotiation to the view
    return {"application/json": "json", "text/html": "html"}.get(media.strip())


def _query(request: HttpRequest, view: Any) -> str:
    """The query string the key holds: the declared parameters only, when the view declares
    them (sorted: the same page whatever their order), else the whole of it."""
    declared = getattr(view, "public_page_params", None)
    if declared is None:
        return request.META.get("QUERY_STRING", "")
    # ``lang`` selects the content's language on every page: always part of the key.
    pairs = sorted((k, v) for k in (*declared, "lang") for v in request.GET.getlist(k))
    return urlencode(pairs)


def _variant(request: HttpRequest, view: Any = None) -> str | None:
    """What besides the data version tells stored pages apart: the day, the language and a digest
    of host, path, the query string and a bounded set of header variants; None when the request
    is not to be cached (a header variant outside that set)."""
    accepts = _accepts(request)
    target = request.META.get("HTTP_HX_TARGET", "")
    if accepts is None or (target and target not in getattr(view, "public_page_fragments", ())):
        return None
    # ``?lang=`` wins over the cookie and Accept-Language, as it does when the page is built.
    language = interface_language(request)
    parts = [
        # Pages hold absolute links: a page built for one host is never served on another.
        f"{request.scheme}://{request.get_host()}",
        request.path,
        _query(request, view),
        accepts,
        "htmx" if request.META.get("HTTP_HX_REQUEST") else "",
        "restore" if request.META.get("HTTP_HX_HISTORY_RESTORE_REQUEST") else "",
        target,
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    return f"{_today()}:{language}:{digest}"


def cache_key(request: HttpRequest, version: int | str, variant: str | None = None) -> str:
    variant = variant or _variant(request, _cacheable_view(request)[0])
    return f"page:{settings.PAGE_CACHE_KEY_PREFIX}{version}:{variant}"


def current_key(request: HttpRequest) -> str | None:
    """The key ``request``'s page is stored under now; None when it is not stored at all."""
    view, kwargs = _cacheable_view(request)
    variant = _variant(request, view) if view is not None else None
    version = version_key(view, kwargs) if variant is not None else None
    return None if version is None else cache_key(request, version, variant)


def latest_key(variant: str) -> str:
    """Where the key of the page's latest stored copy is kept (served while a new one is built)."""
    return f"page:{settings.PAGE_CACHE_KEY_PREFIX}latest:{variant}"


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
        view, kwargs = _cacheable_view(request)
        if view is None:
            return self.get_response(request)
        variant = _variant(request, view)
        version = version_key(view, kwargs)
        if variant is None or version is None:
            return self.get_response(request)
        key = cache_key(request, version, variant)
        if getattr(view, "public_page_params", None) is not None:
            # The page is built from the declared parameters only, so that what is stored is
            # exactly what the key says (no visitor's stray parameter in a shared page).
            query = _query(request, view)
            request.META["QUERY_STRING"] = query
            request.GET = QueryDict(query)
        # One request builds a page many visitors miss at once; the others get the copy stored
        # before the change, or wait briefly for the new one (single_flight).
        value, state = single_flight.fetch(
            key,
            lambda: self.get_response(request),
            previous=latest_key(variant),
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
