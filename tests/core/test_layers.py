"""The import contracts in pyproject.toml (run by lint-imports in `make test`) keep the layers:
kernel -> the apps' models -> access -> the apps' services, selectors, forms, views, API and tasks
-> the site -> the composition roots.

lint-imports only checks the modules a contract names, so these tests check that the contracts
name them all: a new module cannot slip between the layers unnoticed.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
APPS = [
    "members",
    "partnerships",
    "commitments",
    "commitments.survey",
    "pact.communications",
    "pact.support",
]
# Modules of an app that sit with its models: its tables and their history, its AppConfig, and
# the KPI catalogue's data (loaded by a migration).
BESIDE_THE_MODELS = ("models", "migrations", "apps")
CATALOGUE_DATA = {"commitments.catalogue", "commitments.survey.published"}


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*CONFIG["root_packages"])


def contract(contract_id: str) -> dict:
    return next(c for c in CONFIG["contracts"] if c["id"] == contract_id)


def expand(graph: grimp.ImportGraph, expressions: list[str]) -> set[str]:
    """Modules matched by import-linter's module expressions, with their descendants."""
    found: set[str] = set()
    for expression in expressions:
        matched = graph.find_matching_modules(expression) if "*" in expression else {expression}
        for module in matched:
            found |= {module, *graph.find_descendants(module)}
    return found


def test_every_module_of_an_app_is_a_model_or_above_access(graph):
    above = expand(graph, contract("models-and-access")["forbidden_modules"])
    unplaced = []
    for app in APPS:
        for module in graph.find_descendants(app):
            if any(
                module.startswith(f"{sub}.") or module == sub
                for sub in APPS
                if sub.startswith(f"{app}.")
            ):
                continue  # a sub-app of this app: checked as an app of its own
            part = module.removeprefix(app + ".").split(".")[0]
            if part in BESIDE_THE_MODELS or module in CATALOGUE_DATA:
                continue
            # A package's own tables (commitments.summaries.models), and the package holding them.
            if module.endswith(".models") or f"{module}.models" in graph.modules:
                continue
            if module not in above:
                unplaced.append(module)
    assert not unplaced, (
        f"{sorted(unplaced)}: name these in the 'models-and-access' contract of pyproject.toml "
        "(or make them models)"
    )


def test_the_kernel_contract_covers_every_package_but_the_apps_access_and_the_site(graph):
    kernel = set(contract("kernel")["source_modules"])
    on_top = {"pact.site", "pact.access", "pact.urls", "pact.celery", "pact.management"}
    apps = {"pact.communications", "pact.support", "pact.sso"}
    # The rest of pact/: settings, WSGI/ASGI entry points, the development services, demo users.
    outside = {"pact.settings", "pact.wsgi", "pact.asgi", "pact.devservices"}
    children = {m for m in graph.find_children("pact") if not m.endswith(".migrations")}
    assert children - kernel - on_top - apps - outside == set()


def test_the_layers_name_every_apps_models(graph):
    layered = {
        name.strip()
        for layer in contract("layers")["layers"]
        for name in layer.replace("|", ":").split(":")
    }
    assert {f"{app}.models" for app in APPS} <= layered
    assert {"pact.kernel", "pact.models", "pact.access", "pact.site"} <= layered
