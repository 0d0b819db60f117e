"""The portal (Django's test client, http://testserver) configured for the test provider, and a
person's browser at the provider (``ProviderBrowser``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest
import requests
from django.urls import reverse

from tests.sso.provider import (
    BASIC,
    CLIENT_ID,
    PROVIDER_ID,
    SECOND_FACTOR_CODE,
    STRONG,
    IdentityProvider,
    configure_portal,
    provider_settings,
)

__all__ = [
    "BASIC",
    "CLIENT_ID",
    "PROVIDER_ID",
    "SECOND_FACTOR_CODE",
    "STRONG",
    "provider_settings",
]


@pytest.fixture
def provider(identity_provider, settings) -> IdentityProvider:
    """The provider, with the portal (Django's test client, http://testserver) configured for it."""
    configure_portal(settings, identity_provider, "http://testserver")
    return identity_provider


@dataclass
class ProviderBrowser:
    """A person's browser: the portal through Django's test client, the provider through HTTP."""

    client: object
    provider: IdentityProvider
    session: requests.Session = field(default_factory=requests.Session)
    authorize_url: str = ""

    def start(self, *, process: str = "login", action: str = "", next_url: str = "") -> str:
        """Press "Sign in with EU Login" (or "Link", or "Sign in again"); returns the provider's
        authorisation URL the portal redirects to."""
        query = {key: value for key, value in {"action": action}.items() if value}
        url = reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})
        data = {"process": process}
        if next_url:
            data["next"] = next_url
        response = self.client.post(f"{url}?{urlencode(query)}" if query else url, data)  # type: ignore[attr-defined]
        assert response.status_code == 302, response.content[:500]
        self.authorize_url = response["Location"]
        assert self.authorize_url.startswith(self.provider.url), self.authorize_url
        return self.authorize_url

    def sign_in_at_provider(
        self, username: str, *, code: str = "", password: str = "idp-password-1"
    ) -> str:
        """Sign in on the provider's page (unless already signed in there) and return the
        portal callback URL the provider sends the browser back to."""
        response = self.session.get(self.authorize_url, allow_redirects=False, timeout=10)
        if response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login/":
            login_url = urljoin(self.provider.url, response.headers["Location"])
            page = self.session.get(login_url, timeout=10)
            assert page.status_code == 200
            next_url = parse_qs(urlsplit(login_url).query)["next"][0]
            response = self.session.post(
                login_url,
                data={
                    "csrfmiddlewaretoken": self.session.cookies["idp_csrftoken"],
                    "username": username,
                    "password": password,
                    "code": code,
                    "next": next_url,
                },
                allow_redirects=False,
                timeout=10,
            )
            assert response.status_code == 302, response.text[:2000]
            response = self.session.get(
                urljoin(self.provider.url, response.headers["Location"]),
                allow_redirects=False,
                timeout=10,
            )
        assert response.status_code == 302, response.text[:2000]
        callback = response.headers["Location"]
        assert callback.startswith("http://testserver/"), callback
        return callback

    def back_to_portal(self, callback: str):
        """The browser follows the provider's redirect back to the portal."""
        parts = urlsplit(callback)
        return self.client.get(f"{parts.path}?{parts.query}")  # type: ignore[attr-defined]

    def sign_in(self, username: str, *, code: str = "", **start):
        self.start(**start)
        return self.back_to_portal(self.sign_in_at_provider(username, code=code))


@pytest.fixture
def browser(client, provider) -> ProviderBrowser:
    return ProviderBrowser(client, provider)
