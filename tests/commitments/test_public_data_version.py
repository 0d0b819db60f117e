"""A deadline day of drafts and submissions leaves the public pages' cache alone."""

from __future__ import annotations

from pact.kernel.cache import data_version
from tests.commitments.conftest import make_report


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
