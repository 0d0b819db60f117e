"""Importing a year's reports from CSV or XLSX: checked row by row, previewed, then saved."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from commitments.models import ProgressReport, ReportImport, ReportStatus
from pact.models import AuditEntry
from tests.commitments.conftest import make_report, make_target

pytestmark = pytest.mark.django_db


def upload_url(r):
    return reverse(
        "commitments:import_upload", kwargs={"year": 2025, "org": r.world.member_org.slug}
    )


def upload(client, r, name, content: bytes):
    return client.post(upload_url(r), {"file": SimpleUploadedFile(name, content)})


def test_it_rejects_bad_csv_rows_by_line_and_column_and_saves_nothing(reporting, login):
    r = reporting
    reached = make_target(r.people.commitment, "people-reached", "5000")
    csv_text = (
        "target_id,value,narrative,evidence_links\n"
        f"{r.people.pk},40,Two cohorts,https://example.org/a\n"
        f"{r.people.pk},41,duplicate line,\n"
        f"{r.money.pk},12.345,too precise,\n"
        f"{r.share.pk},150,,\n"
        f"{r.events.pk},3,not ours,\n"
        f"{r.people.pk + 999},3,,\n"
        f"{reached.pk},abc,,not-a-link\n"
    )
    client = login(r.world.member)
    response = upload(client, r, "reports.csv", csv_text.encode())
    assert response.status_code == 302
    checked = ReportImport.objects.get()
    problems = {(e["line"], e["column"]) for e in checked.errors}
    assert (3, "target_id") in problems  # duplicate target
    assert (4, "value") in problems  # EUR with three decimals
    assert (5, "value") in problems  # percent above 100
    assert (6, "target_id") in problems  # the coordinator's target
    assert (7, "target_id") in problems  # unknown target
    assert (8, "value") in problems and (8, "evidence_links") in problems
    assert not any(line == 2 for line, _c in problems)
    preview = client.get(response["Location"])
    assert "problems" in preview.text and "Line" in preview.text
    assert 'value="confirm"' not in preview.text
    refused = client.post(response["Location"], {"action": "confirm"})
    assert refused.status_code == 409
    assert not ProgressReport.objects.exists()


def test_it_saves_a_clean_csv_only_after_confirmation(reporting, login):
    r = reporting
    csv_text = (
        "target_id;value;narrative;evidence_links;confirm_far_above\n"
        f"{r.people.pk};40;Two cohorts;https://example.org/a https://example.org/b;\n"
        f"{r.money.pk};1234,50;Own funds;;\n"
        f"{r.share.pk};;;;\n"
    )
    client = login(r.world.member)
    response = upload(client, r, "reports.csv", csv_text.encode("utf-8"))
    checked = ReportImport.objects.get()
    assert checked.errors == [] and len(checked.rows) == 2
    assert not ProgressReport.objects.exists()
    done = client.post(response["Location"], {"action": "confirm", "submit": "1"})
    assert done.status_code == 302
    reports = {p.target_id: p for p in ProgressReport.objects.all()}
    assert reports[r.people.pk].value == Decimal(40)
    assert reports[r.people.pk].evidence_links == ["https://example.org/a", "https://example.org/b"]
    assert reports[r.money.pk].value == Decimal("1234.50")
    assert all(p.status == ReportStatus.SUBMITTED for p in reports.values())
    assert AuditEntry.objects.filter(kind="pact.report.imported").count() == 1


def test_it_needs_the_confirmation_column_for_a_value_far_above_the_target(reporting, login):
    r = reporting
    client = login(r.world.member)
    upload(client, r, "a.csv", f"target_id,value\n{r.people.pk},500\n".encode())
    first = ReportImport.objects.latest("created_at")
    assert first.errors and first.errors[0]["column"] == "value"
    upload(
        client, r, "b.csv", f"target_id,value,confirm_far_above\n{r.people.pk},500,yes\n".encode()
    )
    second = ReportImport.objects.latest("created_at")
    assert second.errors == [] and second.rows[0]["confirm_far_above"] is True


def test_it_imports_an_xlsx_workbook(reporting, login):
    r = reporting
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["target_id", "value", "narrative"])
    sheet.append([r.people.pk, 25, "From the workbook"])
    sheet.append([r.share.pk, 12.5, "Mobility share"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = login(r.world.member)
    response = upload(client, r, "reports.xlsx", buffer.getvalue())
    checked = ReportImport.objects.get()
    assert checked.errors == []
    client.post(response["Location"], {"action": "confirm"})
    values = dict(ProgressReport.objects.values_list("target_id", "value"))
    assert values == {r.people.pk: Decimal(25), r.share.pk: Decimal("12.5")}
    assert set(ProgressReport.objects.values_list("status", flat=True)) == {"draft"}


def test_it_refuses_files_it_cannot_read(reporting, login):
    r = reporting
    client = login(r.world.member)
    wrong_type = upload(client, r, "reports.pdf", b"%PDF-1.4")
    assert wrong_type.status_code == 400 and ".csv or .xlsx" in wrong_type.text
    fake_xlsx = upload(client, r, "reports.xlsx", b"not a workbook")
    assert fake_xlsx.status_code == 400
    no_header = upload(client, r, "reports.csv", b"1,2,3\n")
    assert no_header.status_code == 400 and "missing" in no_header.text
    assert not ReportImport.objects.exists()


def test_it_refuses_to_overwrite_a_submitted_report_by_import(reporting, login):
    r = reporting
    make_report(r.people, r.world.member_org, r.cycle, "5", status="submitted")
    client = login(r.world.member)
    upload(client, r, "a.csv", f"target_id,value\n{r.people.pk},6\n".encode())
    assert ReportImport.objects.get().errors[0]["column"] == "status"


def test_it_exports_the_sheet_in_the_import_format(reporting, login):
    r = reporting
    make_report(r.people, r.world.member_org, r.cycle, "7", status="draft", narrative="=cmd()")
    client = login(r.world.member)
    kwargs = {"year": 2025, "org": r.world.member_org.slug}
    csv_response = client.get(reverse("commitments:export_sheet", kwargs={**kwargs, "fmt": "csv"}))
    text = csv_response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("target_id,partnership,commitment")
    assert f"{r.people.pk}," in text and "'=cmd()" in text
    xlsx_response = client.get(
        reverse("commitments:export_sheet", kwargs={**kwargs, "fmt": "xlsx"})
    )
    rows = list(load_workbook(io.BytesIO(xlsx_response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "target_id" and len(rows) == 4  # header + three targets
    # the export can be imported back as it is
    upload(client, r, "back.xlsx", xlsx_response.content)
    assert ReportImport.objects.get().errors == []


def test_an_exported_sheet_round_trips_whatever_is_already_submitted(reporting, login):
    """Export -> fill -> import: rows of submitted reports sent back unchanged are reported as
    such, not a reason to refuse the file; a changed one still is."""
    r = reporting
    make_report(
        r.people,
        r.world.member_org,
        r.cycle,
        "5",
        status="submitted",
        narrative="Trained cooks",
        evidence_links=["https://example.org/a", "https://example.org/b"],
    )
    client = login(r.world.member)
    kwargs = {"year": 2025, "org": r.world.member_org.slug}
    exported = client.get(reverse("commitments:export_sheet", kwargs={**kwargs, "fmt": "xlsx"}))
    workbook = load_workbook(io.BytesIO(exported.content))
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == r.money.pk:
            row[header.index("value")].value = 2500  # fill in the empty one
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, r, "filled.xlsx", buffer.getvalue())
    checked = ReportImport.objects.get()
    assert checked.errors == []
    assert [row["target_id"] for row in checked.rows_unchanged] == [r.people.pk]
    preview = client.get(response["Location"]).content.decode()
    assert "already submitted, unchanged" in preview
    client.post(response["Location"], {"action": "confirm"})
    values = dict(ProgressReport.objects.values_list("target_id", "value"))
    assert values[r.money.pk] == Decimal(2500) and values[r.people.pk] == Decimal(5)
    assert ProgressReport.objects.get(target=r.people).status == ReportStatus.SUBMITTED
    # A submitted report changed in the sheet is still refused.
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == r.people.pk:
            row[header.index("value")].value = 6
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload(client, r, "changed.xlsx", buffer.getvalue())
    latest = ReportImport.objects.order_by("-pk").first()
    assert [e["column"] for e in latest.errors] == ["status"]
