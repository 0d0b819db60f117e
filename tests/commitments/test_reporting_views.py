"""The yearly report, through the pages: fill, save, submit, validate, return, lock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from commitments.models import ProgressReport, ReportStatus
from pact.models import AuditEntry
from tests.commitments.conftest import make_report

pytestmark = pytest.mark.django_db


def report_url(r, target, org=None, year=2025):
    org = org or r.world.member_org
    return reverse(
        "commitments:report", kwargs={"year": year, "org": org.slug, "target_id": target.pk}
    )


def post(client, url, **data):
    payload = {"lock_version": 0, "narrative": "", "evidence_links": "", "action": "save"}
    payload.update({k: v for k, v in data.items()})
    return client.post(url, payload)


def test_it_lists_what_the_organisation_must_report(reporting, login):
    client = login(reporting.world.member)
    response = client.get(reverse("dashboard"))
    assert "What I must report" in response.text
    sheet = client.get(
        reverse("commitments:sheet", kwargs={"year": 2025, "org": reporting.world.member_org.slug})
    )
    assert sheet.status_code == 200
    names = [reporting.people.indicator.name, reporting.money.indicator.name]
    assert all(name in sheet.text for name in names)
    # the partnership-level target is the coordinator's to report, not the member's
    assert reporting.events.indicator.name not in sheet.text


def test_it_runs_the_reporting_journey(reporting, login):
    r = reporting
    client = login(r.world.member)
    url = report_url(r, r.people)
    response = post(
        client,
        url,
        value="40",
        narrative="Two cohorts trained",
        evidence_links="https://example.org/cohorts",
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(target=r.people, organisation=r.world.member_org)
    assert report.status == ReportStatus.DRAFT and report.value == Decimal(40)
    assert report.evidence_links == ["https://example.org/cohorts"]
    response = post(
        client,
        url,
        value="45",
        narrative="Two cohorts trained",
        lock_version=report.lock_version,
        action="submit",
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.value == Decimal(45)
    assert not report.is_late
    # submitted reports are locked for the organisation
    page = client.get(url)
    assert "waiting for validation" in page.text
    blocked = post(client, url, value="99", lock_version=report.lock_version, action="save")
    assert blocked.status_code == 409
    report.refresh_from_db()
    assert report.value == Decimal(45)

    reviewer = login(r.world.reviewer)
    response = reviewer.post(
        reverse("commitments:review", args=[report.pk]),
        {"action": "validate", "lock_version": report.lock_version},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.VALIDATED
    kinds = set(AuditEntry.objects.values_list("kind", flat=True))
    assert {"pact.report.saved", "pact.report.submitted", "pact.report.validated"} <= kinds
    results = client.get(reverse("commitments:results"))
    assert "45" in results.text


def test_it_returns_a_report_with_a_reason_and_accepts_it_again(
    reporting, login, mailoutbox, django_capture_on_commit_callbacks
):
    r = reporting
    report = make_report(
        r.people, r.world.member_org, r.cycle, "30", status="submitted", submitted_by=r.world.member
    )
    reviewer = login(r.world.reviewer)
    url = reverse("commitments:review", args=[report.pk])
    missing_reason = reviewer.post(url, {"action": "return", "reason": "", "lock_version": 1})
    assert missing_reason.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(
            url, {"action": "return", "reason": "Add the attendance list", "lock_version": 1}
        )
    report.refresh_from_db()
    assert (
        report.status == ReportStatus.RETURNED and report.return_reason == "Add the attendance list"
    )
    assert AuditEntry.objects.filter(kind="pact.report.returned").exists()
    assert any("returned" in m.subject for m in mailoutbox)

    client = login(r.world.member)
    page = client.get(report_url(r, r.people))
    assert "Add the attendance list" in page.text
    response = post(
        client,
        report_url(r, r.people),
        value="32",
        lock_version=report.lock_version,
        action="submit",
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.value == Decimal(32)


@pytest.mark.parametrize(
    ("target_name", "value", "message"),
    [
        ("people", "-3", "cannot be negative"),
        ("people", "12.5", "whole numbers"),
        ("share", "120", "between 0 and 100"),
        ("money", "10.123", "at most two decimals"),
        ("people", "many", "Enter a number"),
    ],
)
def test_it_refuses_bad_values_and_keeps_the_form(reporting, login, target_name, value, message):
    r = reporting
    client = login(r.world.member)
    target = getattr(r, target_name)
    response = post(client, report_url(r, target), value=value, narrative="Typed text stays")
    assert response.status_code == 400
    assert message in response.text
    assert "Typed text stays" in response.text
    assert f'value="{value}"' in response.text
    assert not ProgressReport.objects.exists()


def test_it_asks_to_confirm_a_value_far_above_the_target(reporting, login):
    r = reporting
    client = login(r.world.member)
    url = report_url(r, r.people)
    response = post(client, url, value="350", narrative="A huge year")
    assert response.status_code == 400
    assert 'name="confirm_far_above"' in response.text
    assert "more than 3 times" in response.text
    assert 'value="350"' in response.text and "A huge year" in response.text
    assert not ProgressReport.objects.exists()
    ok = post(client, url, value="350", narrative="A huge year", confirm_far_above="on")
    assert ok.status_code == 302
    report = ProgressReport.objects.get()
    assert report.value == Decimal(350) and report.far_above_confirmed


def test_it_accepts_a_late_submission_and_flags_it(reporting, login):
    r = reporting
    r.cycle.opens_on = dt.date(2026, 1, 1)
    r.cycle.deadline = dt.date(2026, 1, 31)  # past, the closing day still ahead: late, accepted
    r.cycle.save()
    client = login(r.world.member)
    response = post(client, report_url(r, r.people), value="10", action="submit")
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED and report.is_late
    assert AuditEntry.objects.get(kind="pact.report.submitted").data["is_late"] is True


def test_it_locks_reports_of_a_closed_cycle(reporting, login):
    r = reporting
    report = make_report(r.people, r.world.member_org, r.closed, "20", status="draft")
    client = login(r.world.member)
    url = report_url(r, r.people, year=2024)
    page = client.get(url)
    assert page.status_code == 200
    assert "cycle is closed" in page.text
    assert 'name="action"' not in page.text
    response = post(client, url, value="25", lock_version=report.lock_version)
    assert response.status_code == 409
    assert "cycle is closed" in response.text
    report.refresh_from_db()
    assert report.value == Decimal(20)


def test_it_refuses_a_concurrent_edit_and_keeps_the_input(reporting, login):
    r = reporting
    report = make_report(r.people, r.world.member_org, r.cycle, "10", status="draft")
    url = report_url(r, r.people)
    first = login(r.world.contributor)
    assert post(first, url, value="11", narrative="first", lock_version=1).status_code == 302
    second = login(r.world.member)
    response = post(second, url, value="99", narrative="second writer's text", lock_version=1)
    assert response.status_code == 409
    assert "Someone else changed this report" in response.text
    assert "second writer&#x27;s text" in response.text or "second writer's text" in response.text
    assert 'value="99"' in response.text
    report.refresh_from_db()
    assert report.value == Decimal(11) and report.narrative == "first"


def test_it_lets_the_coordinator_report_partnership_level_targets(reporting, login):
    r = reporting
    client = login(r.world.coordinator)
    sheet = client.get(
        reverse("commitments:sheet", kwargs={"year": 2025, "org": r.world.coordinator_org.slug})
    )
    assert r.events.indicator.name in sheet.text
    url = report_url(r, r.events, org=r.world.coordinator_org)
    assert post(client, url, value="4", action="submit").status_code == 302
    status = client.get(
        reverse("commitments:partnership_status", kwargs={"slug": r.partnership.slug, "year": 2025})
    )
    assert status.status_code == 200
    assert r.world.member_org.name in status.text and r.world.coordinator_org.name in status.text


def test_it_submits_all_complete_drafts(reporting, login):
    r = reporting
    make_report(r.people, r.world.member_org, r.cycle, "10", status="draft")
    make_report(r.money, r.world.member_org, r.cycle, None, status="draft")
    client = login(r.world.member)
    client.post(
        reverse("commitments:submit_drafts", kwargs={"year": 2025, "org": r.world.member_org.slug})
    )
    statuses = dict(ProgressReport.objects.values_list("target_id", "status"))
    assert statuses == {r.people.pk: "submitted", r.money.pk: "draft"}


def test_it_hides_every_private_reporting_page_from_outsiders(reporting, login):
    r = reporting
    report = make_report(r.people, r.world.member_org, r.cycle, "10", status="submitted")
    org = r.world.member_org.slug
    urls = [
        reverse("commitments:sheet", kwargs={"year": 2025, "org": org}),
        report_url(r, r.people),
        reverse("commitments:import_upload", kwargs={"year": 2025, "org": org}),
        reverse("commitments:export_sheet", kwargs={"year": 2025, "org": org, "fmt": "csv"}),
        reverse(
            "commitments:partnership_status", kwargs={"slug": r.partnership.slug, "year": 2025}
        ),
        reverse("commitments:pledge_create", kwargs={"org": org}),
        reverse("commitments:review", args=[report.pk]),
        reverse("commitments:monitoring"),
    ]
    client = login(r.world.outsider)
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert post(client, report_url(r, r.people), value="1", lock_version=1).status_code == 404
    # a member (not coordinator) does not see the partnership's reporting status either
    member = login(r.world.member)
    assert member.get(urls[4]).status_code == 404
    report.refresh_from_db()
    assert report.value == Decimal(10)


def test_it_lets_a_contributor_report_but_not_a_target_of_another_organisation(reporting, login):
    r = reporting
    client = login(r.world.contributor)
    assert post(client, report_url(r, r.money), value="500").status_code == 302
    foreign = report_url(r, r.events)  # the coordinator's target
    assert client.get(foreign).status_code == 404


def test_a_first_save_over_a_report_someone_saved_meanwhile_is_a_conflict(reporting, login):
    """Both opened the empty form (lock_version 0); the second to save overwrites nothing."""
    r = reporting
    url = report_url(r, r.people)
    first = login(r.world.contributor)
    assert post(first, url, value="11", narrative="first").status_code == 302
    second = login(r.world.member)
    response = post(second, url, value="99", narrative="second writer's text", action="submit")
    assert response.status_code == 409
    assert "Someone else changed this report" in response.text
    assert 'value="99"' in response.text
    report = ProgressReport.objects.get(target=r.people, organisation=r.world.member_org)
    assert (report.value, report.narrative, report.status) == (Decimal(11), "first", "draft")
    assert report.lock_version == 1
    kinds = AuditEntry.objects.filter(target_id=str(report.pk), kind__startswith="pact.report.")
    assert list(kinds.values_list("kind", flat=True)) == ["pact.report.saved"]


def test_a_first_submission_costs_a_fixed_number_of_queries(
    reporting, login, django_assert_num_queries
):
    """Deadline day's request: session, user, organisation, roles, cycle, target, report, duty,
    then the cycle FOR SHARE, the INSERT and one INSERT for both audit entries (the savepoint
    around them is the test's transaction; a request runs BEGIN and COMMIT)."""
    r = reporting
    client = login(r.world.member)
    url = report_url(r, r.people)
    client.get(url)
    with django_assert_num_queries(13):
        response = post(client, url, value="40", action="submit")
    assert response.status_code == 302
    report = ProgressReport.objects.get(target=r.people, organisation=r.world.member_org)
    assert report.status == ReportStatus.SUBMITTED
    kinds = AuditEntry.objects.filter(target_id=str(report.pk)).values_list("kind", flat=True)
    assert sorted(kinds) == ["pact.report.saved", "pact.report.submitted"]


def test_the_report_page_reads_what_it_shows_in_a_fixed_number_of_queries(
    reporting, login, django_assert_num_queries
):
    """Session, user, organisation, roles, cycle, target, report, extension, trail, the
    notification count, history. The page selects a few columns of the target's relations and
    of the organisation: one it shows without having selected it would cost a query more."""
    r = reporting
    make_report(r.people, r.world.member_org, r.cycle, "10", status="draft")
    client = login(r.world.member)
    url = report_url(r, r.people)
    client.get(url)
    with django_assert_num_queries(11):
        page = client.get(url)
    assert page.status_code == 200
    for shown in (
        r.people.indicator.name,
        r.people.commitment.title,
        r.partnership.name,
        r.world.member_org.name,
    ):
        assert shown in page.text
