"""Every API list answers a query parameter it does not understand with 400 naming it.

The lists are found by walking the URL resolver, so a list added later is covered without editing
this file; the check runs before the public page cache, so a stored answer never hides the 400.
"""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from pact.kernel.api.parameters import ALWAYS_ALLOWED
from pact.kernel.cache.breaker import cache_set
from pact.kernel.cache.page_cache import current_key

pytestmark = pytest.mark.django_db


def _api_routes(patterns=None, prefix: str = ""):
    """(address, callback) of every route under /api/v1/, placeholders filled with ``1``."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _api_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and route.startswith("api/v1/"):
            yield route, entry.callback


def _address(route: str) -> str | None:
    if "(?P<format>" in route:
        return None  # format-suffix variants: the same views as the plain routes
    route = re.sub(r"\(\?P<\w+>[^)]*\)|<[^>]+>", "1", route.replace("^", "").replace("$", ""))
    return "/" + route


def list_routes() -> list[str]:
    """Every GET list of the API: viewset ``list`` actions and plain views answering GET."""
    found = []
    for route, callback in _api_routes():
        address = _address(route)
        if address is None:
            continue
        actions = getattr(callback, "actions", None)
        if actions is not None:
            if actions.get("get") == "list":
                found.append(address)
        elif hasattr(getattr(callback, "cls", None), "get"):
            found.append(address)
    return sorted(set(found))


def test_it_finds_the_lists():
    routes = list_routes()
    for expected in ("/api/v1/commitments/", "/api/v1/targets/", "/api/v1/results/"):
        assert expected in routes
    assert len(routes) >= 15


@pytest.mark.parametrize("address", list_routes())
def test_it_answers_an_unknown_parameter_with_400_naming_it(address, world):
    response = APIClient().get(address, {"ecosytem": "tourism"})
    assert response.status_code == 400, (address, response.status_code)
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"] == {"ecosytem": ["Unknown query parameter."]}
    assert "ecosytem" in body["detail"]


@pytest.mark.parametrize("address", list_routes())
def test_it_accepts_the_parameters_always_allowed(address, world):
    signed_in = APIClient()
    signed_in.force_authenticate(world.admin)
    response = signed_in.get(address, {"format": "json", "page": "1", "page_size": "5"})
    assert response.status_code in (200, 404), (address, response.status_code, response.content)


def test_it_accepts_every_declared_filter(world):
    client = APIClient()
    assert (
        client.get("/api/v1/partnerships/", {"kind": "rsp", "ordering": "name"}).status_code == 200
    )
    assert client.get("/api/v1/results/", {"by": "kind"}).status_code == 200


def test_it_names_every_unknown_parameter(world):
    response = APIClient().get(
        "/api/v1/partnerships/", {"shade": "x", "kind": "rsp", "colour": "red"}
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"shade", "colour"}


def test_the_parameters_always_allowed_are_those_of_the_design():
    # ``lang``: the content language of any page or list (DESIGN §9, content per language).
    assert {"format", "page", "page_size", "ordering", "cursor", "lang"} == ALWAYS_ALLOWED


def _store(address: str) -> None:
    request = RequestFactory().get(address, HTTP_ACCEPT="application/json")
    stored = {
        "content": b'{"count": 0}',
        "gzip": None,
        "headers": {"Content-Type": "application/json"},
    }
    key = current_key(request)
    assert key is not None
    assert cache_set(key, stored)


def test_a_stored_answer_never_hides_the_400(world, settings):
    settings.PAGE_CACHE_ENABLED = True
    # Answers stored for these very addresses (before the parameter was refused, say).
    _store("/api/v1/commitments/?page=1")
    _store("/api/v1/commitments/?ecosytem=tourism")

    served = APIClient().get("/api/v1/commitments/?page=1", HTTP_ACCEPT="application/json")
    refused = APIClient().get(
        "/api/v1/commitments/?ecosytem=tourism", HTTP_ACCEPT="application/json"
    )

    assert served["X-Page-Cache"] == "hit"  # the store is consulted for a correct address
    assert refused.status_code == 400
    assert "X-Page-Cache" not in refused
