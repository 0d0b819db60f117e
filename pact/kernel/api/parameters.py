"""Every API list declares the query parameters it understands; any other one is a 400 naming it.

A client that misspells a filter (``?ecosytem=tourism``) must not get the unfiltered list as if
the filter had applied. The declared parameters are read from the view class, without running
it: its filter set's filters (or ``filterset_fields``), ``search`` when it has ``search_fields``,
and its own ``query_parameters`` (views that read parameters themselves), plus those always
allowed (DESIGN.md §9: ``format``, ``page``, ``page_size``, ``ordering``, ``cursor``).

The check is a middleware placed before the public page cache, so a stored answer never hides the
400 (an answer stored for the same address before a parameter stopped being understood, say).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

# ``lang`` (a content language, checked by ``pact.kernel.language``) is declared everywhere too.
ALWAYS_ALLOWED = frozenset({"format", "page", "page_size", "ordering", "cursor", "lang"})
API_PREFIX = "/api/v1/"

_declared: dict[tuple[int, str], frozenset[str] | None] = {}


def _filter_names(view_class: type, initkwargs: dict) -> Iterable[str]:
    filterset_class = initkwargs.get(
        "filterset_class", getattr(view_class, "filterset_class", None)
    )
    if filterset_class is not None:
        return list(filterset_class.base_filters)
    fields = initkwargs.get("filterset_fields", getattr(view_class, "filterset_fields", None))
    if isinstance(fields, dict):
        return list(fields)
    return list(fields or ())


def declared_parameters(view: Callable, method: str = "GET") -> frozenset[str] | None:
    """The query parameters the view behind ``view`` (a resolved callback) understands.

    ``None`` for views that are not REST framework views (nothing is checked there).
    """
    key = (id(view), method)
    if key in _declared:
        return _declared[key]
    view_class = getattr(view, "cls", None)
    names: frozenset[str] | None = None
    if view_class is not None:
        initkwargs = dict(getattr(view, "initkwargs", None) or {})
        action = (getattr(view, "actions", None) or {}).get(method.lower())
        handler = getattr(view_class, action, None) if action else None
        # An extra action (``@action``) carries its own overrides.
        initkwargs.update(getattr(handler, "kwargs", None) or {})
        allowed = set(ALWAYS_ALLOWED)
        allowed.update(_filter_names(view_class, initkwargs))
        if initkwargs.get("search_fields", getattr(view_class, "search_fields", None)):
            allowed.add("search")
        allowed.update(
            initkwargs.get("query_parameters", getattr(view_class, "query_parameters", ()))
        )
        names = frozenset(allowed)
    _declared[key] = names
    return names


def unknown_parameters(request: HttpRequest) -> list[str]:
    """The query parameters of an API GET that its view does not declare, in the order given."""
    if request.method not in ("GET", "HEAD") or not request.path_info.startswith(API_PREFIX):
        return []
    if not request.GET:
        return []
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return []
    allowed = declared_parameters(match.func)
    if allowed is None:
        return []
    return [name for name in request.GET if name not in allowed]


def bad_request(unknown: list[str]) -> HttpResponse:
    """The API's usual error body (``pact.kernel.api.plumbing.exception_handler``)."""
    body = {
        "detail": "Unknown query parameter: " + ", ".join(unknown) + ".",
        "code": "invalid",
        "errors": {name: ["Unknown query parameter."] for name in unknown},
    }
    return HttpResponse(json.dumps(body), status=400, content_type="application/json")


class UnknownParameterMiddleware:
    """Answer an API GET with an undeclared query parameter with 400, before any cache lookup."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        unknown = unknown_parameters(request)
        if unknown:
            return bad_request(unknown)
        return self.get_response(request)
