"""Many requests missing the same page or figures at once: one computes, the others wait for its
result or get the copy from before the change; never two computations of the same key at once."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from pact.kernel.cache import data_version, single_flight
from pact.kernel.cache.page_cache import current_key
from partnerships.models import Partnership
from tests.factories import make_organisation, make_partnership

pytestmark = pytest.mark.django_db


def _key() -> str:
    return f"test-flight:{uuid.uuid4().hex}"


def test_a_second_request_waits_for_the_first_ones_result_instead_of_computing(
    monkeypatch, settings
):
    settings.SINGLE_FLIGHT_WAIT_SECONDS = 60  # an upper bound only: it returns once stored
    key = _key()
    computing, waiting = threading.Event(), threading.Event()
    calls: list[str] = []

    def slow() -> str:
        calls.append("first")
        computing.set()
        assert waiting.wait(30)  # the second request is polling: now finish
        return "figures"

    pause = single_flight._pause

    def polling() -> None:
        waiting.set()
        pause()

    monkeypatch.setattr(single_flight, "_pause", polling)
    results: dict[str, tuple] = {}
    first = threading.Thread(target=lambda: results.update(first=single_flight.fetch(key, slow)))
    first.start()
    assert computing.wait(30)
    results["second"] = single_flight.fetch(key, lambda: calls.append("second") or "again")
    first.join(30)

    assert results["first"] == ("figures", single_flight.MISS)
    assert results["second"] == ("figures", single_flight.WAITED)
    assert calls == ["first"]
    assert cache.get(f"lock:{key}") is None  # released


def test_while_one_computes_the_others_get_the_previous_copy():
    old, new, latest = _key(), _key(), _key()
    single_flight.fetch(old, lambda: "last year's figures", previous=latest)
    cache.add(f"lock:{new}", 1, 60)  # another request is computing the new figures

    found = single_flight.fetch(new, lambda: pytest.fail("computed twice"), previous=latest)

    assert found == ("last year's figures", single_flight.STALE)


def test_a_result_that_may_not_be_stored_lets_the_waiting_ones_compute(settings):
    settings.SINGLE_FLIGHT_WAIT_SECONDS = 60
    key = _key()
    # The lock is gone and nothing was stored (an error page): the request computes at once.
    found = single_flight.fetch(key, lambda: "page", stored_form=lambda value: None)
    assert found == ("page", single_flight.COMPUTED)
    assert cache.get(key) is None
    assert single_flight.fetch(key, lambda: "again")[1] == single_flight.MISS


def test_remembered_figures_are_computed_once_then_kept_or_always_when_switched_off(settings):
    calls: list[int] = []
    name = _key()

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert data_version.remembered(name, compute) == 1
    assert data_version.remembered(name, compute) == 1
    settings.REMEMBERED_FIGURES_ENABLED = False
    assert data_version.remembered(name, compute) == 2
    assert data_version.remembered(name, compute) == 3


def test_while_a_changed_page_is_built_visitors_get_the_copy_from_before_the_change(client):
    make_partnership(make_organisation("Flight Org"), status="active", name="Before Alliance")
    assert client.get("/partnerships/")["X-Page-Cache"] == "miss"
    Partnership.objects.filter(name="Before Alliance").update(name="After Alliance")
    lock = f"lock:{current_key(RequestFactory().get('/partnerships/'))}"
    cache.add(lock, 1, 60)  # a visitor is building the changed page right now

    served = client.get("/partnerships/")
    assert served["X-Page-Cache"] == "stale"
    assert "Before Alliance" in served.content.decode()

    cache.delete(lock)
    fresh = client.get("/partnerships/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "After Alliance" in fresh.content.decode()


def test_page_keys_hold_declared_parameters_and_a_bounded_set_of_header_variants(client):
    """DESIGN §9: the KPI catalogue declares no parameter; anything in its query string finds
    the same stored page, which is built without it."""
    first = client.get("/kpis/?utm_source=mail")
    assert first["X-Page-Cache"] == "miss"
    again = client.get("/kpis/?utm_source=other&fresh=1")
    assert again["X-Page-Cache"] == "hit"
    assert "utm_source" not in again.content.decode()
    # Accept headers reduce to a few variants; an unknown htmx target is never stored.
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get("/results/", HTTP_ACCEPT=browser)["X-Page-Cache"] == "miss"
    assert client.get("/results/", HTTP_ACCEPT="text/html")["X-Page-Cache"] == "hit"
    odd = client.get("/results/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="anything")
    assert "X-Page-Cache" not in odd
