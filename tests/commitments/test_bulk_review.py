"""The staff queue at scale: filters, sorting, unique link texts, bulk validate / return."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commitments.models import ProgressReport, ReportStatus
from pact.models import AuditEntry, OutboundEmail
from tests.commitments.conftest import make_report
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(reporting):
    r = reporting
    other = make_organisation("Lisbon Hotel School", country="PT")
    r.people.commitment.responsible_organisations.add(other)
    reports = [
        make_report(
            r.people,
            r.world.member_org,
            r.cycle,
            "10",
            status="submitted",
            submitted_by=r.world.member,
        ),
        make_report(
            r.money,
            r.world.member_org,
            r.cycle,
            "100",
            status="submitted",
            submitted_by=r.world.member,
        ),
        make_report(r.people, other, r.cycle, "20", status="submitted"),
        make_report(r.people, other, r.closed, "30", status="validated"),
    ]
    return r, other, reports


def test_the_queue_filters_and_sorts_with_unique_link_texts(queue, login):
    r, _other, _reports = queue
    staff = login(r.world.reviewer)
    url = reverse("commitments:review_queue")
    page = staff.get(url).content.decode()
    assert page.count('name="report"') == 3
    assert "People up- or reskilled — Lisbon Hotel School — 2025" in page
    assert "People up- or reskilled — " + r.world.member_org.name + " — 2025" in page
    by_country = staff.get(url, {"country": "PT"}).content.decode()
    assert by_country.count('name="report"') == 1
    by_indicator = staff.get(url, {"indicator": "investment-eur"}).content.decode()
    assert by_indicator.count('name="report"') == 1
    validated = staff.get(url, {"state": "validated", "cycle": "2024"}).content.decode()
    assert validated.count('name="report"') == 1 and "disabled" in validated
    by_value = staff.get(url, {"sort": "value"}).content.decode()
    assert by_value.index("100") < by_value.index("Lisbon Hotel School — 2025")
    assert staff.get(url, {"partnership": "no-such"}).content.decode().count('name="report"') == 0


def test_staff_validate_several_reports_at_once(queue, login):
    r, _other, reports = queue
    staff = login(r.world.reviewer)
    response = staff.post(
        reverse("commitments:review_bulk"),
        {"report": [reports[0].pk, reports[2].pk, reports[3].pk], "action": "validate"},
        follow=True,
    )
    assert "2 reports done, 1 skipped" in response.content.decode()
    statuses = dict(ProgressReport.objects.values_list("pk", "status"))
    assert statuses[reports[0].pk] == statuses[reports[2].pk] == ReportStatus.VALIDATED
    assert statuses[reports[1].pk] == ReportStatus.SUBMITTED
    assert AuditEntry.objects.filter(kind="pact.report.validated").count() == 2


def test_staff_return_several_reports_with_one_reason(queue, login):
    r, _other, reports = queue
    staff = login(r.world.reviewer)
    refused = staff.post(
        reverse("commitments:review_bulk"),
        {"report": [reports[0].pk, reports[1].pk], "action": "return"},
        follow=True,
    )
    assert "Say why the reports are returned" in refused.content.decode()
    assert not ProgressReport.objects.filter(status=ReportStatus.RETURNED).exists()
    staff.post(
        reverse("commitments:review_bulk"),
        {"report": [reports[0].pk, reports[1].pk], "action": "return", "reason": "Check units"},
    )
    returned = ProgressReport.objects.filter(status=ReportStatus.RETURNED)
    assert set(returned.values_list("return_reason", flat=True)) == {"Check units"}
    assert returned.count() == 2
    assert OutboundEmail.objects.filter(kind="reporting.returned").exists()
    # Support staff cannot (outsiders get 404).
    support = login(r.world.support)
    assert (
        support.post(
            reverse("commitments:review_bulk"), {"report": [reports[2].pk], "action": "validate"}
        ).status_code
        == 404
    )
