"""Where the old copies of "public" disagreed: validated reports count in the Pact-wide totals
whatever the organisation's later status; a pledge's page and its reports' pages are public only
while the pledge is public and its organisation active."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from commitments.models import Commitment, ProgressReport
from commitments.results import selectors as results
from pact import access
from tests.commitments.conftest import make_report, make_target


def _pledge_report(reporting, world):
    pledge = Commitment.objects.create(
        organisation=world.member_org, title="Train 10 people", is_current=True, review="approved"
    )
    target = make_target(pledge, "people-upskilled", "10")
    return pledge, make_report(target, world.member_org, reporting.cycle, "7")


def test_a_suspended_organisations_validated_reports_still_count_in_the_totals(
    reporting,
    world,
):
    _, report = _pledge_report(reporting, world)
    world.member_org.status = "suspended"
    world.member_org.save()
    assert report in ProgressReport.objects.counted()
    assert report in results.public_reports()
    assert results.drilldown({"year": reporting.cycle.year}).filter(pk=report.pk).exists()


def test_a_suspended_organisations_pledge_and_its_reports_leave_the_public_pages(
    reporting,
    world,
    client,
):
    pledge, report = _pledge_report(reporting, world)
    anonymous = AnonymousUser()
    assert report in access.reports_visible_to(anonymous)
    assert client.get(f"/api/v1/reports/{report.pk}/").status_code == 200
    assert client.get(f"/api/v1/commitments/{pledge.pk}/").status_code == 200

    world.member_org.status = "suspended"
    world.member_org.save()
    assert report not in ProgressReport.objects.public()
    assert report not in access.reports_visible_to(anonymous)
    assert pledge not in Commitment.objects.public()
    assert client.get(f"/api/v1/reports/{report.pk}/").status_code == 404
    assert client.get(f"/api/v1/commitments/{pledge.pk}/").status_code == 404
    # The organisation's own people still see them.
    assert report in access.reports_visible_to(world.member)


def test_a_withdrawn_pledges_reports_leave_the_public_pages_but_still_count(
    reporting,
    world,
):
    pledge, report = _pledge_report(reporting, world)
    Commitment.objects.filter(pk=pledge.pk).update(is_current=False)
    assert report not in ProgressReport.objects.public()
    assert report in ProgressReport.objects.counted()
