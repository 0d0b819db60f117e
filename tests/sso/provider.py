"""A real OpenID Connect provider for the sign-in tests (``tests/sso/idp``), and the portal
configured to use it.

The provider is a Django project of its own (django-oauth-toolkit), on its own PostgreSQL
database on the same server as the test database, started once per test session with gunicorn on
127.0.0.1 (the ``identity_provider`` fixture, registered in ``tests/conftest.py`` so the browser
journeys share it). Tests reach it over HTTP only: ``IdentityProvider`` creates people and
clients through its control API and makes the next ID token wrong on request.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.sso.idp import BASIC, STRONG

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_ID = "eulogin"
CLIENT_ID = "pact-portal-tests"
CLIENT_SECRET = "client-secret-for-the-test-provider-" + "0" * 16
SECOND_FACTOR_CODE = "246810"
START_SECONDS = 90

__all__ = ["BASIC", "STRONG"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url(settings_dict: dict, name: str) -> str:
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = quote(str(settings_dict.get("HOST") or "127.0.0.1"), safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{name}"


def _create_database(settings_dict: dict, name: str) -> None:
    with psycopg.connect(_database_url(settings_dict, "postgres"), autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not found:
            conn.execute(f'CREATE DATABASE "{name}"')


@dataclass
class IdentityProvider:
    url: str
    control_token: str
    log: Path

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"

    def _control(self, what: str, **body) -> dict:
        response = requests.post(
            f"{self.url}/control/{what}/",
            json=body,
            headers={"X-Control-Token": self.control_token},
            timeout=10,
        )
        response.raise_for_status()
        return response.json()

    def person(
        self,
        username: str,
        email: str,
        *,
        email_verified: bool = True,
        first_name: str = "Erika",
        last_name: str = "Mustermann",
        password: str = "idp-password-1",
    ) -> str:
        """Create or update a person at the provider; returns their ``sub``."""
        return self._control(
            "person",
            username=username,
            email=email,
            email_verified=email_verified,
            first_name=first_name,
            last_name=last_name,
            password=password,
            code=SECOND_FACTOR_CODE,
        )["sub"]

    def register(self, portal_url: str) -> None:
        self._control(
            "client",
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            redirect_uris=[f"{portal_url}/accounts/oidc/{PROVIDER_ID}/login/callback/"],
            post_logout_redirect_uris=[f"{portal_url}/"],
        )

    def fault(self, kind: str) -> None:
        """Make the next ID token wrong in one way (see ``tests/sso/idp/validator.py``)."""
        self._control("fault", kind=kind)


@pytest.fixture(scope="session")
def identity_provider(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator:

    from pact.kernel.db_roles import owner_settings

    with django_db_blocker.unblock():
        # The provider is a project of its own, not the portal: it creates and owns its database
        # with the owner's credentials (the portal's application role may create nothing).
        settings_dict = owner_settings()
    name = f"{settings_dict['NAME']}_idp"
    _create_database(settings_dict, name)
    folder = tmp_path_factory.mktemp("idp")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_file = folder / "key.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    token = secrets.token_urlsafe(24)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTEST_VERSION", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.sso.idp.settings",
        IDP_DATABASE_URL=_database_url(settings_dict, name),
        IDP_RSA_KEY_FILE=str(key_file),
        IDP_CONTROL_TOKEN=token,
    )
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    port = _free_port()
    log = folder / "idp.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "tests.sso.idp.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "4",
                "--access-logfile",
                "-",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    provider = IdentityProvider(f"http://127.0.0.1:{port}", token, log)
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            if requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=2).ok:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the test identity provider did not start:\n" + log.read_text())
        time.sleep(0.2)
    yield provider
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def provider_settings(issuer: str) -> dict:
    """``SOCIALACCOUNT_PROVIDERS`` as ``pact/settings/accounts.py`` builds it from the OIDC_* variables."""
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": PROVIDER_ID,
                    "name": "EU Login",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {"server_url": issuer},
                }
            ],
        }
    }


def configure_portal(settings, provider: IdentityProvider, portal_url: str) -> None:
    provider.register(portal_url)
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings(provider.issuer)
    settings.OIDC_MFA_ACR_VALUES = [STRONG]
    policy = {**settings.CONTENT_SECURITY_POLICY}
    directives = {**policy["DIRECTIVES"]}
    directives["form-action"] = ["'self'", provider.url]
    policy["DIRECTIVES"] = directives
    settings.CONTENT_SECURITY_POLICY = policy
