"""Delegated reporting through the API: the same rule as the web (``access.may_report``). A
coordinator the organisation delegated to creates, changes and submits its reports on that
partnership's targets; nobody else does, and a revoked delegation stops working at once."""

from __future__ import annotations

import pytest

from commitments.models import Commitment, ProgressReport, ReportStatus
from commitments.reporting import delegation
from pact.models import AuditEntry
from tests.commitments.conftest import make_report, make_target
from tests.factories import make_partnership

pytestmark = pytest.mark.django_db


def delegate(r):
    return delegation.grant(r.world.member_org, r.partnership.pk, r.world.member)


def body(r, target=None, **extra):
    data = {
        "organisation": r.world.member_org.slug,
        "cycle": 2025,
        "target": (target or r.people).pk,
        "value": "12",
        "narrative": "Entered by the coordinator",
    }
    data.update(extra)
    return data


def post(client, data):
    return client.post("/api/v1/reports/", data, content_type="application/json")


def patch(client, report, **data):
    return client.patch(
        f"/api/v1/reports/{report.pk}/",
        data,
        content_type="application/json",
        HTTP_IF_MATCH=f'"{report.pk}-{report.lock_version}"',
    )


def submit(client, report):
    return client.post(
        f"/api/v1/reports/{report.pk}/submit/",
        HTTP_IF_MATCH=f'"{report.pk}-{report.lock_version}"',
    )


def test_a_delegate_creates_changes_and_submits_for_the_organisation(reporting, login):
    r = reporting
    delegate(r)
    client = login(r.world.coordinator)
    created = post(client, body(r))
    assert created.status_code == 201, created.content
    report = ProgressReport.objects.get(pk=created.json()["id"])
    assert report.organisation == r.world.member_org
    assert report.entered_by_coordinator_of == r.partnership
    changed = patch(client, report, value="15")
    assert changed.status_code == 200, changed.content
    report.refresh_from_db()
    assert str(report.value) == "15.00"
    submitted = submit(client, report)
    assert submitted.status_code == 200, submitted.content
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    entry = AuditEntry.objects.get(kind="pact.report.submitted")
    assert entry.actor == r.world.coordinator and entry.data["delegated_to"] == r.partnership.pk


def test_without_a_delegation_the_coordinator_gets_404_and_nothing_is_written(reporting, login):
    r = reporting
    draft = make_report(r.people, r.world.member_org, r.cycle, "5", status="draft")
    for person in (r.world.coordinator, r.world.outsider):
        client = login(person)
        assert post(client, body(r, target=r.money)).status_code == 404
        assert patch(client, draft, value="99").status_code == 404
        assert submit(client, draft).status_code == 404
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT and str(draft.value) == "5.00"
    assert ProgressReport.objects.count() == 1


def test_a_revoked_delegation_stops_working(reporting, login):
    r = reporting
    delegate(r)
    client = login(r.world.coordinator)
    created = post(client, body(r))
    assert created.status_code == 201, created.content
    report = ProgressReport.objects.get(pk=created.json()["id"])
    delegation.revoke(r.world.member_org, r.partnership.pk, r.world.member)
    assert patch(client, report, value="30").status_code == 404
    assert submit(client, report).status_code == 404
    assert post(client, body(r, target=r.money)).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and str(report.value) == "12.00"
    # The organisation's own people still report as before.
    own = patch(login(r.world.member), report, value="30")
    assert own.status_code == 200, own.content


def test_a_delegate_reports_only_on_the_delegating_partnerships_targets(reporting, login):
    r = reporting
    other = make_partnership(r.world.outsider_org, members=(r.world.member_org,), status="active")
    elsewhere = Commitment.objects.create(partnership=other, title="Elsewhere", is_current=True)
    elsewhere.responsible_organisations.add(r.world.member_org)
    hidden = make_target(elsewhere, "people-upskilled", "50")
    theirs = make_report(hidden, r.world.member_org, r.cycle, "7", status="draft")
    delegate(r)
    client = login(r.world.coordinator)
    assert post(client, body(r, target=hidden)).status_code == 404
    assert patch(client, theirs, value="8").status_code == 404
    assert not ProgressReport.objects.filter(target=hidden).exclude(pk=theirs.pk).exists()
