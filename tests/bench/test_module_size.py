"""Modules stay readable: none over 500 lines anywhere in the project (migrations aside; tests and
the benchmark included), and the benchmark's and the scale seeder's each say what they hold."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 500


def modules() -> list[Path]:
    found = [
        *(ROOT / "bench").rglob("*.py"),
        *(ROOT / "pact" / "management" / "scale").rglob("*.py"),
        ROOT / "pact" / "management" / "commands" / "seed_scale.py",
    ]
    return sorted(found)


PACKAGES = ("pact", "members", "partnerships", "commitments", "tests", "bench")


def project_modules() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.relative_to(ROOT).parts
    )


def test_it_finds_the_modules_it_checks():
    names = {str(p.relative_to(ROOT)) for p in modules()}
    assert {"bench/run.py", "bench/measures/pdf.py", "pact/management/scale/generator.py"} <= names


def test_it_keeps_every_module_under_500_lines():
    checked = project_modules()
    assert ROOT / "pact" / "settings" / "__init__.py" in checked
    assert not any("migrations" in p.parts for p in checked)
    too_long = {
        str(p.relative_to(ROOT)): n
        for p in checked
        if (n := len(p.read_text().splitlines())) > LIMIT
    }
    assert too_long == {}


def test_it_opens_every_module_with_a_docstring():
    silent = [
        str(p.relative_to(ROOT))
        for p in modules()
        if not ast.get_docstring(ast.parse(p.read_text()))
    ]
    assert silent == []
