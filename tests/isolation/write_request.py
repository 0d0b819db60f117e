"""A write request of the matrix, and sending it as a persona in a rolled-back savepoint.

A ``Write`` is what a browser or an API client would send when the action succeeds: the form
fields (or JSON body), the method, the objects in the URL. Web forms go with the persona's session
and its CSRF token, as from a page the persona had open; API writes go as JSON with the persona's
read-write token (or, with ``session=True``, its session and the ``X-CSRFToken`` header an htmx
or fetch() call sends).

The answer is classified as in the GET matrix, with "+" added when the database changed (every
table but sessions, outbox and audit log: ``tests/isolation/snapshot.py``).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms import BaseForm, BaseFormSet
from django.test import Client

from tests.isolation.clients import Browsers
from tests.isolation.kwargs import kwargs_for
from tests.isolation.routes import CHANGED, Route, classify, url_for
from tests.isolation.scene import Scene
from tests.isolation.snapshot import Watch


@dataclass
class Write:
    data: dict[str, Any] = field(default_factory=dict)
    method: str = "POST"
    # reverse() kwargs or a literal path; None: the route's entry in KWARGS.
    kwargs: Any = None
    api: bool = False
    session: bool = False  # an API write with the session and CSRF header instead of the token
    csrf: bool = True  # False: leave the CSRF token out (to check it is required)
    headers: dict[str, str] = field(default_factory=dict)


# A write of the table: scene, the persona's user (None when anonymous) -> the request. Most
# requests are the same for everyone (a forged request is the allowed one sent by someone else);
# those about oneself (a password, one's own e-mail address) use the persona's own details.
WriteFor = Callable[[Scene, Any], Write]


@dataclass
class Outcome:
    url: str
    answer: str
    changed: list[str]
    note: str


def route_key(key: str) -> str:
    return key.split("@", 1)[0]


def upload(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def formset(prefix: str, rows: list[dict[str, Any]], initial: int = 0) -> dict[str, Any]:
    """The management form and rows of a Django formset, as the browser posts them."""
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def send(
    browsers: Browsers,
    watch: Watch,
    scene: Scene,
    route: Route,
    key: str,
    write: WriteFor,
    persona: str,
) -> Outcome:
    """Send the write as the persona in a savepoint that is rolled back; classify the answer."""
    request = write(scene, scene.persona(persona))
    base = key if request.kwargs is not None else route_key(key)
    url = url_for(
        route, request.kwargs if request.kwargs is not None else kwargs_for(route, base, scene)
    )
    with transaction.atomic():
        try:
            with watch:
                response = _send(browsers, scene, persona, request, url)
        finally:
            transaction.set_rollback(True)
    answer = classify(response) + (CHANGED if watch.changed else "")
    return Outcome(url, answer, watch.changed, _note(response))


def _send(browsers: Browsers, scene: Scene, persona: str, request: Write, url: str):
    method = request.method.lower()
    if not request.api:
        client = browsers.client(persona)
        data = dict(request.data)
        if request.csrf:
            data["csrfmiddlewaretoken"] = browsers.csrf_token(persona)
        assert method == "post", "web forms post"
        return client.post(url, data, headers=request.headers)
    headers = dict(request.headers)
    if request.session:
        client = browsers.client(persona)
        if request.csrf:
            headers["X-CSRFToken"] = browsers.csrf_token(persona)
    else:
        client = Client(raise_request_exception=True, enforce_csrf_checks=True)
        if persona in scene.tokens:
            headers["Authorization"] = f"Bearer {scene.tokens[persona]}"
    body = json.dumps(request.data)
    return getattr(client, method)(url, body, content_type="application/json", headers=headers)


def _note(response) -> str:
    """What the person would read: messages, form errors, or the API's error (for the report)."""
    parts: list[str] = []
    request = getattr(response, "wsgi_request", None)
    if request is not None and hasattr(request, "_messages"):
        parts += [f"{m.level_tag}: {m.message}" for m in get_messages(request)]
    contexts = getattr(response, "context", None) or []
    for context in contexts if isinstance(contexts, list) else [contexts]:
        for value in context.flatten().values():
            if isinstance(value, BaseForm | BaseFormSet) and value.is_bound and value.errors:
                parts.append(f"{type(value).__name__} errors: {value.errors!r}"[:300])
    if response.get("Content-Type", "").startswith("application/json"):
        with contextlib.suppress(ValueError):
            parts.append(json.dumps(response.json())[:300])
    return "; ".join(dict.fromkeys(parts))
