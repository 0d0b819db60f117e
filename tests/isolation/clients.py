"""The personas' browsers: one test client each, signed in once, outside the savepoints.

A request may sign the persona out or rotate the session; each ``client()`` call goes back to the
saved cookies, so no answer depends on the request before it.

With ``csrf=True`` the clients enforce CSRF like a real browser session: the CSRF cookie and the
form token are taken the way a browser gets them, from a page with a form (the account settings
for a signed-in persona, the sign-in page for an anonymous visitor), and every write sends them.
"""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from tests.isolation.scene import Scene

_FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browsers:
    def __init__(self, scene: Scene, *, csrf: bool = False):
        self.scene = scene
        self.csrf = csrf
        self.clients: dict[str, tuple[Client, dict[str, str], str]] = {}

    def _open(self, persona: str) -> tuple[Client, dict[str, str], str]:
        client = Client(raise_request_exception=True, enforce_csrf_checks=self.csrf)
        user = self.scene.persona(persona)
        if user is not None:
            client.force_login(user)
        token = ""
        if self.csrf:
            page = reverse("account_settings" if user is not None else "account_login")
            response = client.get(page)
            assert response.status_code == 200, f"{persona} cannot open {page}"
            found = _FORM_TOKEN.search(response.content.decode())
            assert found, f"no CSRF token in the form of {page}"
            token = found.group(1)
        cookies = {name: morsel.value for name, morsel in client.cookies.items()}
        return client, cookies, token

    def client(self, persona: str) -> Client:
        if persona not in self.clients:
            self.clients[persona] = self._open(persona)
        client, cookies, _token = self.clients[persona]
        client.cookies.clear()
        for name, value in cookies.items():
            client.cookies[name] = value
        return client

    def csrf_token(self, persona: str) -> str:
        """The token a form of this persona's pages carries (empty unless ``csrf=True``)."""
        self.client(persona)
        return self.clients[persona][2]
