"""The provider is configured by environment variables, and off (no button) when they are unset."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SHOW = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'apps': s.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'], "
    "'form_action': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'], "
    "'mfa_acr': s.OIDC_MFA_ACR_VALUES}))"
)


def _settings_with(**env) -> dict:
    full = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_")}
    full.update(env, DJANGO_SETTINGS_MODULE="pact.settings")
    result = subprocess.run(
        [sys.executable, "-c", SHOW], env=full, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_it_is_off_without_the_variables():
    found = _settings_with()
    assert found == {"apps": [], "form_action": ["'self'"], "mfa_acr": []}


def test_the_variables_configure_the_provider():
    found = _settings_with(
        OIDC_SERVER_URL="https://ecas.example.eu/cas/oauth2/",
        OIDC_CLIENT_ID="pact-portal",
        OIDC_CLIENT_SECRET="very-secret",
        OIDC_MFA_ACR_VALUES="urn:loa:high, urn:loa:medium",
    )
    assert found["apps"] == [
        {
            "provider_id": "eulogin",
            "name": "EU Login",
            "client_id": "pact-portal",
            "secret": "very-secret",
            "settings": {"server_url": "https://ecas.example.eu/cas/oauth2"},
        }
    ]
    assert found["form_action"] == ["'self'", "https://ecas.example.eu"]
    assert found["mfa_acr"] == ["urn:loa:high", "urn:loa:medium"]


def test_the_sign_in_page_has_no_provider_button_when_off(client):
    page = client.get(reverse("account_login")).content.decode()
    assert "Sign in with" not in page


def test_the_sign_in_page_has_the_button_when_configured(client, settings):
    from tests.sso.conftest import provider_settings

    settings.SOCIALACCOUNT_PROVIDERS = provider_settings("https://idp.example.eu")
    page = client.get(reverse("account_login")).content.decode()
    login_url = reverse("openid_connect_login", kwargs={"provider_id": "eulogin"})
    assert "Sign in with EU Login" in page
    assert f'action="{login_url}?process=login"' in page


def test_the_provider_routes_are_not_found_when_off(client):
    url = reverse("openid_connect_login", kwargs={"provider_id": "eulogin"})
    assert client.post(url).status_code == 404
