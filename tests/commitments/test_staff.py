"""Staff: reporting cycles (scheduled -> open -> closed), monitoring, exports."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from commitments.models import ExportJob, ReportingCycle
from pact.models import AuditEntry, OutboundEmail
from tests.commitments.conftest import make_report

pytestmark = pytest.mark.django_db


def test_it_creates_opens_and_closes_a_cycle(reporting, login, django_capture_on_commit_callbacks):
    r = reporting
    staff = login(r.world.reviewer)
    staff.post(reverse("commitments:cycle_close", args=[2025]))
    bad = staff.post(
        reverse("commitments:cycle_create"),
        {
            "year": 2026,
            "opens_on": "2027-03-01",
            "closes_on": "2027-02-01",
            "reminder_days": "14, x",
        },
    )
    assert bad.status_code == 400
    assert "closing date must be on or after" in bad.text and 'value="14, x"' in bad.text
    created = staff.post(
        reverse("commitments:cycle_create"),
        {
            "year": 2026,
            "opens_on": "2027-02-01",
            "closes_on": "2027-03-31",
            "reminder_days": "3, 14",
        },
    )
    assert created.status_code == 302
    cycle = ReportingCycle.objects.get(year=2026)
    assert cycle.status == "scheduled" and cycle.reminder_days == [14, 3]
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("commitments:cycle_open", args=[2026]))
    cycle.refresh_from_db()
    assert cycle.status == "open"
    assert OutboundEmail.objects.filter(kind="reminder.opening").count() == 3
    staff.post(reverse("commitments:cycle_close", args=[2026]))
    cycle.refresh_from_db()
    assert cycle.status == "closed"
    again = staff.post(reverse("commitments:cycle_open", args=[2026]), follow=True)
    assert "Only a scheduled cycle can be opened" in again.text
    kinds = list(
        AuditEntry.objects.filter(kind__startswith="pact.reporting_cycle").values_list(
            "kind", flat=True
        )
    )
    assert sorted(kinds) == [
        "pact.reporting_cycle.closed",
        "pact.reporting_cycle.closed",
        "pact.reporting_cycle.created",
        "pact.reporting_cycle.opened",
    ]


def test_it_opens_only_one_cycle_at_a_time(reporting, login):
    staff = login(reporting.world.reviewer)
    staff.post(
        reverse("commitments:cycle_create"),
        {"year": 2026, "opens_on": "2027-02-01", "closes_on": "2027-03-31", "reminder_days": ""},
    )
    page = staff.post(reverse("commitments:cycle_open", args=[2026]), follow=True)
    assert "Another reporting cycle is open" in page.text
    assert ReportingCycle.objects.get(year=2026).status == "scheduled"


def test_it_shows_who_has_reported(reporting, login):
    r = reporting
    for target in (r.people, r.money, r.share):
        make_report(
            target, r.world.member_org, r.cycle, "5", status="submitted", is_late=target == r.money
        )
    staff = login(r.world.support)
    page = staff.get(reverse("commitments:monitoring_cycle", args=[2025]))
    assert page.status_code == 200
    assert "50 %" in page.text  # one of two organisations has reported in full
    missing = staff.get(reverse("commitments:monitoring_cycle", args=[2025]), {"state": "missing"})
    assert (
        r.world.coordinator_org.name in missing.text and r.world.member_org.name not in missing.text
    )
    late = staff.get(reverse("commitments:monitoring_cycle", args=[2025]), {"state": "late"})
    assert r.world.member_org.name in late.text
    overview = staff.get(reverse("commitments:monitoring"))
    assert overview.status_code == 200 and "Cycle 2025" in overview.text
    # support staff may look but not open, close or validate
    assert staff.post(reverse("commitments:cycle_close", args=[2025])).status_code == 404
    assert staff.get(reverse("commitments:review_queue")).status_code == 404


def test_it_builds_exports_in_the_background_for_their_requester_only(
    reporting, login, django_capture_on_commit_callbacks
):
    r = reporting
    make_report(r.people, r.world.member_org, r.cycle, "5", status="submitted")
    staff = login(r.world.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("commitments:export_request", args=[2025]),
            {"dataset": "status", "format": "xlsx"},
        )
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("commitments:export_status", args=[job.uid])
    assert job.status == "done" and job.progress == 100
    status = staff.get(response["Location"], HTTP_HX_REQUEST="true")
    assert "Download" in status.text and "<html" not in status.text
    download = staff.get(reverse("commitments:export_download", args=[job.uid]))
    rows = list(load_workbook(io.BytesIO(download.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "organisation" and len(rows) == 3
    other = login(r.world.admin)
    assert other.get(reverse("commitments:export_download", args=[job.uid])).status_code == 404
    assert other.get(reverse("commitments:export_status", args=[job.uid])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            reverse("commitments:export_request", args=[2025]),
            {"dataset": "reports", "format": "csv"},
        )
    csv_job = ExportJob.objects.get(format="csv")
    text = staff.get(reverse("commitments:export_download", args=[csv_job.uid])).content.decode(
        "utf-8-sig"
    )
    assert text.splitlines()[0].startswith("organisation,country,partnership")
    assert len(text.splitlines()) == 2


def test_it_keeps_a_pending_export_for_the_sweeper(reporting, login):
    from commitments import tasks

    staff = login(reporting.world.reviewer)
    staff.post(
        reverse("commitments:export_request", args=[2025]), {"dataset": "status", "format": "csv"}
    )
    job = ExportJob.objects.get()
    assert job.status == "pending"  # the commit callback never ran
    ExportJob.objects.filter(pk=job.pk).update(created_at=job.created_at.replace(year=2020))
    assert tasks.sweep_exports.delay().get() == 1
    job.refresh_from_db()
    assert job.status == "done"
    assert tasks.build_export.delay(job.pk).get() == "skipped"
