"""Every CSV export writes through the one writer (``pact.kernel.tables``), which neutralises text a
spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR).

The event-registration export wrote ``=HYPERLINK(...)`` names as they were while the others
neutralised them, each in its own way. This walks every export: the code (nothing but the kernel
writes CSV), the routes (each export route is known here) and the files themselves.
"""

from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

import pytest
from django.urls import URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from commitments.monitoring.exports import write_table
from pact.kernel import tables
from pact.support.events import services as event_services
from pact.support.mapping import services as mapping_services
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["pact", "members", "partnerships", "commitments"]
FORMULAS = ["=HYPERLINK(evil)", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]

# Every route that answers with a spreadsheet, and where the files it writes are checked.
EXPORT_ROUTES = {
    "commitments:export_sheet": "write_table",
    "commitments:export_download": "write_table",  # built by the worker with write_table
    "survey:export_template": "write_table",
    "commitments:search_download": "write_table",
    "commitments:results_export": "write_table",
    "support:stakeholders_export": "test_the_stakeholder_export_neutralises_formulas",
    "open_data_download": "test_open_data_neutralises_formulas",
    "support:event_registrations": "test_the_registration_export_neutralises_formulas",
}
NOT_SPREADSHEETS = {
    "commitments:export_status",
    "commitments:export_request",
    "communications:data_export",  # a person's own data, as JSON
    "mfa_download_recovery_codes",
}


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def _assert_defused(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(tables.FORMULA_START), f"formula written as is: {cell!r}"


def test_nothing_but_the_kernel_writes_csv():
    offenders = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if path == ROOT / "pact/kernel/tables.py" or "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.value, ast.Name)
                    and node.value.id == "csv"
                    and node.attr in {"writer", "DictWriter"}
                ):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == [], "write CSV with pact.kernel.tables.csv_writer"


def test_every_export_route_is_walked_here():
    names: set[str] = set()

    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                walk(pattern, inner)
            elif pattern.name:
                text = f"{pattern.pattern} {pattern.name}".lower()
                if any(word in text for word in ("csv", "export", "template.", "download")):
                    names.add(namespace + pattern.name)

    walk(get_resolver())
    names.add("support:event_registrations")  # ?format=csv
    assert names == set(EXPORT_ROUTES) | NOT_SPREADSHEETS


def test_the_one_writer_neutralises_formulas_in_csv_and_xlsx():
    rows = [[text, 1, None] for text in FORMULAS]
    csv_rows = _cells(write_table(["name", "n", "empty"], [rows], "csv").decode("utf-8"))
    _assert_defused(csv_rows)
    assert [row[0] for row in csv_rows[1:]] == ["'" + text for text in FORMULAS]
    sheet = load_workbook(io.BytesIO(write_table(["name", "n", "empty"], [rows], "xlsx"))).active
    written = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(written) == len(FORMULAS) and all(cell.startswith("'") for cell in written)
    line = tables.csv_writer(tables.Echo()).writerow(["=1", -1, "a-b"])
    assert line == "'=1,-1,a-b\r\n"


def test_the_registration_export_neutralises_formulas(login, world, make_event):
    event = make_event(partnership=world.partnership, actor=world.coordinator)
    for n, name in enumerate(FORMULAS):
        person = make_user(f"formula-{n}@example.org", full_name=name)
        event_services.register(event, user=person)
    answer = login(world.coordinator).get(
        reverse("support:event_registrations", args=[event.slug]), {"format": "csv"}
    )
    rows = _cells(answer.content.decode("utf-8"))
    assert len(rows) == 1 + len(FORMULAS)
    _assert_defused(rows)
    assert "'=HYPERLINK(evil)" in {row[0] for row in rows}


def test_the_stakeholder_export_neutralises_formulas(login, world):
    for name in FORMULAS:
        mapping_services.add_stakeholder(
            world.partnership,
            actor=world.coordinator,
            data={"name": name, "type": "vet", "influence": "", "power": 2, "interest": 4},
        )
    answer = login(world.member).get(
        reverse("support:stakeholders_export", args=[world.partnership.slug])
    )
    rows = _cells(answer.content.decode("utf-8"))
    assert len(rows) == 1 + len(FORMULAS)
    _assert_defused(rows)


def test_open_data_neutralises_formulas(client):
    make_organisation("=HYPERLINK(evil)", acronym="@SUM(A1)")
    answer = client.get(reverse("open_data_download", args=["members", "csv"]))
    rows = _cells(b"".join(answer.streaming_content).decode("utf-8"))
    _assert_defused(rows)
    assert any("'=HYPERLINK(evil)" in row for row in rows)
