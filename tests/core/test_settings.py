"""Production settings refuse to start without a real SECRET_KEY and ALLOWED_HOSTS."""

import os
import subprocess
import sys

import pytest


def _load_settings(**env):
    full_env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    full_env.update(env, DJANGO_SETTINGS_MODULE="pact.settings")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PACT_ENV": "production", "ALLOWED_HOSTS": "pact.example.eu"}, "SECRET_KEY"),
        (
            {"PACT_ENV": "production", "SECRET_KEY": "short", "ALLOWED_HOSTS": "pact.example.eu"},
            "SECRET_KEY",
        ),
        ({"PACT_ENV": "production", "SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start(env, message):
    result = _load_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_starts_when_configured():
    result = _load_settings(
        PACT_ENV="production",
        SECRET_KEY="k" * 20 + "-random-" + "z" * 30,
        ALLOWED_HOSTS="pact.example.eu",
    )
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout
