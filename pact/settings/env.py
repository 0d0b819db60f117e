"""Reading the environment: the helpers every settings module uses, and which kind of run this is
(development, production, tests)."""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACT_ENV = os.environ.get("PACT_ENV", "development")
PRODUCTION = PACT_ENV == "production"
# pytest sets PYTEST_VERSION in the environment of the tests it runs.
TESTING = envbool("PACT_TESTING", "PYTEST_VERSION" in os.environ)
DEBUG = envbool("DEBUG", not PRODUCTION and not TESTING)
