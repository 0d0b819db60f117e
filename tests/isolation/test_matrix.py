"""The isolation matrix, reads: every route of the portal (web, API, allauth, admin) for every
persona, asked with a GET.

The routes come from the URL resolver, so a new route cannot escape: if it is missing from
EXPECTATIONS (``tests/isolation/expectations.py``), ``test_it_has_an_expectation_for_every_route``
fails and prints a suggested entry (what each persona gets today) to review and paste. URL
arguments are filled from KWARGS (``tests/isolation/kwargs.py``) with the private objects of
``tests/isolation/scene.py`` (a draft partnership and its workspace, an applied organisation, a
draft declaration and its PDF, unvalidated reports, someone else's token, ...). Writes are
checked by ``test_write_matrix.py``.

Each request is a GET made in a rolled-back savepoint, so no answer depends on another.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.isolation.clients import Browsers
from tests.isolation.expectations import EXPECTATIONS, expectation_for
from tests.isolation.kwargs import KWARGS, kwargs_for, variants
from tests.isolation.routes import PERSONAS, Route, all_routes, classify, render_expect, url_for
from tests.isolation.scene import Scene, build_scene


def observe(
    scene: Scene, route: Route, variant_key: str, persona: str, browsers: Browsers | None = None
) -> tuple[str, str]:
    """GET the route as the persona inside a rolled-back savepoint; return (url, answer class)."""
    browsers = browsers or Browsers(scene)
    client = browsers.client(persona)
    with transaction.atomic():
        try:
            url = _url(route, variant_key, scene)
            answer = classify(client.get(url))
        finally:
            transaction.set_rollback(True)
    return url, answer


def _url(route: Route, variant_key: str, scene: Scene) -> str:
    return url_for(route, kwargs_for(route, variant_key, scene))


@pytest.fixture
def scene(world, settings, tmp_path) -> Scene:
    settings.MEDIA_ROOT = tmp_path
    return build_scene(world)


def _suggestion(scene: Scene, route: Route, variant_key: str, browsers: Browsers) -> str:
    try:
        kwargs_for(route, variant_key, scene)
    except AssertionError as exc:  # no URL arguments yet: say which are needed
        return f'    # "{variant_key}": {exc}; path {route.pattern}'
    answers = []
    for persona in PERSONAS:
        try:
            answers.append(observe(scene, route, variant_key, persona, browsers)[1])
        except Exception as exc:  # shown in the suggestion so the table author sees it
            answers.append(f"error: {type(exc).__name__}: {exc}"[:120])
    return f'    "{variant_key}": {render_expect(answers)},  # {route.pattern}'


@pytest.mark.django_db
def test_it_has_an_expectation_for_every_route(scene):
    missing = []
    browsers = Browsers(scene)
    for route in all_routes():
        for variant_key in variants(route):
            if expectation_for(variant_key) is None:
                missing.append(_suggestion(scene, route, variant_key, browsers))
    assert not missing, (
        "Routes without an entry in EXPECTATIONS (tests/isolation/expectations.py). What each "
        "persona gets today is shown below: check it is right, then add the lines:\n"
        + "\n".join(missing)
    )


def test_it_has_no_expectation_for_a_route_that_is_gone():
    keys = set()
    for route in all_routes():
        keys.update(variants(route))
    stale = [k for k in EXPECTATIONS if k not in keys and k not in ("admin:*", "admin/*")] + [
        k for k in KWARGS if k not in keys
    ]
    assert not stale, f"entries for routes that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_answers_each_persona_as_expected(scene, persona):
    mismatches = []
    browsers = Browsers(scene)
    for route in all_routes():
        for variant_key in variants(route):
            expected = expectation_for(variant_key)
            if expected is None:
                continue  # reported by test_it_has_an_expectation_for_every_route
            try:
                url, answer = observe(scene, route, variant_key, persona, browsers)
            except Exception as exc:  # a server error is a mismatch too; keep checking the rest
                url, answer = variant_key, f"error {type(exc).__name__}: {exc}"[:200]
            if answer not in expected[persona].split("|"):
                mismatches.append(
                    f"{variant_key} {url}: expected {expected[persona]}, got {answer}"
                )
    assert not mismatches, f"{persona}:\n" + "\n".join(mismatches)
