"""The isolation matrix, writes: every route that accepts POST, PUT, PATCH or DELETE (web, API,
allauth; the Django admin is covered by the GET matrix), for every persona.

Which routes write is found from the views themselves (``routes.write_methods``), so a new write
route cannot escape: without a request in WRITES (``writes_people.py``, ``writes_work.py``) and
an entry in WRITE_EXPECTATIONS (``write_expectations.py``) the first test fails and prints what
to add. Each request is the one that succeeds for a persona who may make it, sent by every persona
with its CSRF token (web) or its token (API), in a savepoint that is rolled back. The answer must
be the expected one and, unless it is marked ``done``, the database must be unchanged (every table
but sessions, outbox and audit log, ``snapshot.py``).
"""

from __future__ import annotations

import pytest

from tests.isolation.clients import Browsers
from tests.isolation.kwargs import kwargs_for, variants
from tests.isolation.routes import (
    CHANGED,
    FORBIDDEN,
    PERSONAS,
    Route,
    all_routes,
    declares_read_only,
    is_admin,
    render_expect,
    write_methods,
)
from tests.isolation.scene import Scene, build_scene
from tests.isolation.snapshot import Watch
from tests.isolation.write_expectations import UNCHANGING, WRITE_EXPECTATIONS
from tests.isolation.write_request import Outcome, Write, route_key, send
from tests.isolation.write_scene import add_write_objects
from tests.isolation.writes_declarations import WRITES_DECLARATIONS
from tests.isolation.writes_people import WRITES_PEOPLE
from tests.isolation.writes_survey import WRITES_SURVEY
from tests.isolation.writes_work import WRITES_WORK

WRITES = {**WRITES_PEOPLE, **WRITES_WORK, **WRITES_SURVEY, **WRITES_DECLARATIONS}


def write_routes() -> dict[str, Route]:
    return {r.key: r for r in all_routes() if not is_admin(r) and write_methods(r)}


def requests_of(route: Route) -> list[str]:
    return sorted(k for k in WRITES if route_key(k) == route.key)


@pytest.fixture
def scene(world, settings, tmp_path) -> Scene:
    settings.MEDIA_ROOT = tmp_path
    scene = build_scene(world)
    add_write_objects(scene)
    return scene


class Sender:
    """The personas' browsers and the watch on the database, opened before the first request."""

    def __init__(self, scene: Scene, personas=PERSONAS):
        self.scene = scene
        self.browsers = Browsers(scene, csrf=True)
        for persona in personas:
            self.browsers.client(persona)
        self.watch = Watch()

    def send(self, route: Route, key: str, write, persona: str) -> Outcome:
        try:
            return send(self.browsers, self.watch, self.scene, route, key, write, persona)
        except Exception as exc:  # a server error is an answer too; keep checking the rest
            return Outcome(key, f"error {type(exc).__name__}: {exc}"[:300], [], "")


def _observed(sender: Sender, route: Route, key: str, write) -> str:
    outcomes = [sender.send(route, key, write, p) for p in PERSONAS]
    notes = "; ".join(
        f"{p}: {o.note or ''} {o.changed or ''}".strip()
        for p, o in zip(PERSONAS, outcomes, strict=True)
        if o.note or o.changed
    )
    line = f'    "{key}": {render_expect([o.answer for o in outcomes])},  # {route.pattern}'
    return line + (f"\n    #   {notes[:600]}" if notes else "")


def _missing_request(sender: Sender, route: Route, method: str) -> str:
    """A skeleton to fill in, with what an empty request gets today (when the URL can be built)."""
    line = f'    "{route.key}": lambda s, u: Write({{...}}, method="{method}"),  # {route.pattern}'
    try:
        kwargs = kwargs_for(route, route.key, sender.scene)
    except AssertionError as exc:  # no URL arguments yet: say which are needed
        return f"{line}\n    #   {exc}"
    empty = lambda s, u: Write(method=method, kwargs=kwargs)  # noqa: E731
    return f"{line}\n    # an empty {method} gets:\n{_observed(sender, route, route.key, empty)}"


@pytest.mark.django_db
def test_it_has_a_request_and_an_expectation_for_every_write_route(scene):
    sender = Sender(scene)
    missing_requests, missing_expectations, wrong_methods = [], [], []
    for route in write_routes().values():
        keys = requests_of(route)
        methods = {WRITES[k](scene, None).method for k in keys}
        wrong_methods += [f"{route.key} {m}" for m in methods - set(write_methods(route))]
        for method in write_methods(route):
            if method not in methods:
                missing_requests.append(_missing_request(sender, route, method))
        for key in keys:
            if key not in WRITE_EXPECTATIONS:
                missing_expectations.append(_observed(sender, route, key, WRITES[key]))
    assert not wrong_methods, f"requests with a method their route does not take: {wrong_methods}"
    assert not missing_requests and not missing_expectations, (
        "Write routes without a request in WRITES (tests/isolation/writes_*.py): add the request "
        "that succeeds for a persona who may make it:\n"
        + "\n".join(missing_requests)
        + "\n\nRequests without an entry in WRITE_EXPECTATIONS (tests/isolation/"
        "write_expectations.py). What each persona gets today is below: check it, then add:\n"
        + "\n".join(missing_expectations)
    )


def test_it_has_nothing_for_a_write_route_that_is_gone():
    routes = write_routes()
    stale = [k for k in [*WRITES, *WRITE_EXPECTATIONS, *UNCHANGING] if route_key(k) not in routes]
    assert not stale, f"entries for write routes that no longer exist: {sorted(set(stale))}"


def test_every_write_route_changes_something_for_someone():
    """A write that changes nothing for anyone might be a malformed request: each write route has
    one that works for someone, or says in UNCHANGING why none can."""
    silent = []
    for key in write_routes():
        answers = [
            a for k, e in WRITE_EXPECTATIONS.items() if route_key(k) == key for a in e.values()
        ]
        changes = any(CHANGED in a for a in answers)
        if changes == (key in UNCHANGING):
            silent.append(key)
    assert not silent, (
        "each write route either changes the database for some persona, or is in UNCHANGING "
        f"with the reason (and not both): {silent}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_answers_each_persona_as_expected_to_each_write(scene, persona):
    sender = Sender(scene, personas=[persona])
    routes = write_routes()
    mismatches = []
    for key, expected in sorted(WRITE_EXPECTATIONS.items()):
        route = routes.get(route_key(key))
        if route is None or key not in WRITES:
            continue  # reported by the tests above
        outcome = sender.send(route, key, WRITES[key], persona)
        if outcome.answer not in expected[persona].split("|"):
            mismatches.append(
                f"{key} {outcome.url}: expected {expected[persona]}, got {outcome.answer}"
                + (f" (changed {outcome.changed})" if outcome.changed else "")
                + (f" -- {outcome.note}" if outcome.note else "")
            )
    sender.watch.assert_back_to_baseline()
    assert not mismatches, f"{persona}:\n" + "\n".join(mismatches)


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["partnerships:add_note", "report-detail@session"])
def test_a_write_without_its_csrf_token_is_refused_and_changes_nothing(scene, key):
    """The matrix's sessions enforce CSRF: the member's own allowed write fails without the token."""
    sender = Sender(scene, personas=["member"])
    route = write_routes()[route_key(key)]
    assert WRITE_EXPECTATIONS[key]["member"].endswith(CHANGED)

    def without_token(s, u):
        request = WRITES[key](s, u)
        request.csrf = False
        return request

    outcome = sender.send(route, key, without_token, "member")
    assert outcome.answer == FORBIDDEN, outcome


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_read_route_changes_nothing_when_posted_to(scene, persona):
    """Routes found not to write (no write method declared, no form read) really write nothing."""
    sender = Sender(scene, personas=[persona])
    changed = []
    for route in all_routes():
        if is_admin(route) or write_methods(route) or declares_read_only(route):
            continue
        for variant in variants(route):
            kwargs = kwargs_for(route, variant, scene)
            outcome = sender.send(route, variant, lambda s, u, k=kwargs: Write(kwargs=k), persona)
            if outcome.changed or outcome.answer.startswith("error"):
                changed.append(f"{variant} {outcome.url}: {outcome.answer} {outcome.changed}")
    sender.watch.assert_back_to_baseline()
    assert not changed, f"{persona} posted to a read route and it wrote:\n" + "\n".join(changed)
