"""A deadline day of drafts and submissions leaves the public pages' cache alone."""

from __future__ import annotations

from django.urls import reverse

from pact.kernel.cache import data_version, scopes
from tests.commitments.conftest import make_report
from tests.factories import make_partnership


def test_only_validated_reports_move_the_public_data_version(reporting, world):
    before = data_version.current()
    report = make_report(reporting.people, world.member_org, reporting.cycle, "3", status="draft")
    report.status = "submitted"
    report.save()
    assert data_version.current() == before

    report.status = "validated"
    report.save()
    validated = data_version.current()
    assert validated > before

    report.status = "returned"
    report.save()
    assert data_version.current() > validated


def test_a_validated_report_makes_its_partnership_and_the_results_stale_not_the_directories(
    reporting, world, client
):
    other = make_partnership(world.coordinator_org, status="active", name="Untouched Alliance")
    own_page = reverse("partnerships:detail", args=[reporting.partnership.slug])
    other_page = reverse("partnerships:detail", args=[other.slug])
    unrelated = other_page
    if scopes.sequence_of(f"partnership:{other.slug}") == scopes.sequence_of(
        f"partnership:{reporting.partnership.slug}"
    ):
        unrelated = None  # the same bucket of 128: it goes stale with it
    addresses = ["/results/", "/members/", "/partnerships/", own_page, *filter(None, [unrelated])]
    for address in addresses:
        client.get(address)
        assert client.get(address)["X-Page-Cache"] == "hit", address
    report = make_report(reporting.people, world.member_org, reporting.cycle, "3", status="draft")
    report.status = "submitted"
    report.save()
    for address in addresses:  # a submission changes nothing anybody else sees
        assert client.get(address)["X-Page-Cache"] == "hit", address

    report.status = "validated"
    report.save()

    assert client.get("/results/")["X-Page-Cache"] == "miss"
    assert client.get(own_page)["X-Page-Cache"] == "miss"
    assert client.get("/members/")["X-Page-Cache"] == "hit"
    assert client.get("/partnerships/")["X-Page-Cache"] == "hit"
    if unrelated:
        assert client.get(unrelated)["X-Page-Cache"] == "hit"
