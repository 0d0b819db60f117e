"""Signing out of a provider sign-in ends the provider's session too (RP-initiated logout)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from pact.models import AuditEntry
from tests.factories import PASSWORD, make_user
from tests.sso.conftest import CLIENT_ID, PROVIDER_ID

pytestmark = pytest.mark.django_db


def test_signing_out_ends_the_portal_and_the_provider_session(browser, provider):
    provider.person("paula", "paula@example.eu")
    browser.sign_in("paula")
    assert browser.session.get(f"{provider.url}/whoami/").json() == {"username": "paula"}

    response = browser.client.post(reverse("account_logout"))

    assert "_auth_user_id" not in browser.client.session
    end_session = urlsplit(response["Location"])
    assert f"{end_session.scheme}://{end_session.netloc}{end_session.path}" == (
        f"{provider.issuer}/logout/"
    )
    query = parse_qs(end_session.query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/"]
    assert query["client_id"] == [CLIENT_ID]
    assert query["id_token_hint"][0].count(".") == 2
    at_provider = browser.session.get(response["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    assert at_provider.headers["Location"] == "http://testserver/"
    assert browser.session.get(f"{provider.url}/whoami/").json() == {"username": None}
    signed_out = AuditEntry.objects.get(kind="pact.sso.signed_out")
    assert signed_out.data == {"provider": PROVIDER_ID}


def test_signing_out_of_a_password_sign_in_stays_on_the_portal(client, provider):
    person = make_user("pia@example.eu")
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert client.session.get("_auth_user_id") == str(person.pk)

    response = client.post(reverse("account_logout"))

    assert response["Location"] == reverse("home")
    assert not AuditEntry.objects.filter(kind="pact.sso.signed_out").exists()
