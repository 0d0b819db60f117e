"""Production settings: Django's deployment checklist passes, the security headers are sent, and
the portal refuses to start without a real SECRET_KEY and ALLOWED_HOSTS."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REAL_SECRET = "q8Zr-3vKpW0x_Lm7NcYt2sHfJd9uEa4Rb6GiTo1Ve5QkXy0Pn8Mw-ZjUlCs7DhBg"


def _production_env(**overrides) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DEBUG",
            "PYTEST_VERSION",
            "PACT_TESTING",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
        and not k.startswith("PYTEST_")
    }
    env.update(
        PACT_ENV="production",
        PACT_TESTING="0",
        SECRET_KEY=REAL_SECRET,
        ALLOWED_HOSTS="pact.example.eu",
        SITE_URL="https://pact.example.eu",
        DJANGO_SETTINGS_MODULE="pact.settings",
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_it_passes_the_deployment_checklist_without_a_warning():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output


def test_it_fails_the_checklist_when_security_is_switched_off():
    """The check above can fail: turning HSTS off in production is reported."""
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        _production_env(SECURE_HSTS_SECONDS="0"),
    )
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


@pytest.mark.parametrize("hosts", ["*", "pact.example.eu,*"])
def test_the_checklist_refuses_a_wildcard_allowed_hosts_in_production(hosts):
    result = _run(["manage.py", "check", "--deploy"], _production_env(ALLOWED_HOSTS=hosts))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "pact.E001" in output and "ALLOWED_HOSTS" in output


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "django-insecure-" + "x" * 50}, "SECRET_KEY"),
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS"),
    ],
)
def test_it_refuses_to_start_in_production_without_real_secrets(overrides, message):
    result = _run(["manage.py", "check"], _production_env(**overrides))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


_HEADERS_SCRIPT = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
plain = client.get("/api/schema/", HTTP_HOST="pact.example.eu")
secure = client.get("/api/schema/", HTTP_HOST="pact.example.eu", secure=True)
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location", ""),
    "status": secure.status_code,
    "headers": dict(secure.headers),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "debug": settings.DEBUG,
}))
"""


def test_it_sends_the_security_headers_in_production():
    result = _run(["-c", _HEADERS_SCRIPT], _production_env())
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.strip().splitlines()[-1])
    # Plain HTTP is redirected to HTTPS.
    assert data["plain_status"] == 301
    assert data["plain_location"].startswith("https://pact.example.eu/")
    assert data["status"] == 200
    headers = {k.lower(): v for k, v in data["headers"].items()}
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert data["session_cookie_secure"] is True
    assert data["csrf_cookie_secure"] is True
    assert data["session_cookie_httponly"] is True
    assert data["debug"] is False


def _directives(csp: str) -> dict[str, list[str]]:
    parsed = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/partnerships/", "/accounts/login/", "/api/docs/"])
def test_it_sends_a_strict_content_security_policy_on_pages(client, url):
    response = client.get(url)
    assert response.status_code == 200
    csp = _directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    html = response.content.decode()
    # No inline scripts or event handlers for the CSP to block.
    assert "<script>" not in html
    assert " onclick=" not in html
    assert " style=" not in html


@pytest.mark.django_db
def test_it_sets_http_only_session_cookies_with_samesite(client):
    from django.urls import reverse

    from tests.factories import PASSWORD, make_user

    user = make_user()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
