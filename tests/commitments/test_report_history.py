"""A report's own history within its cycle: earlier values, the return reason, who and when."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from commitments.models import ProgressReport
from commitments.reporting import history, services

pytestmark = pytest.mark.django_db


def test_the_history_shows_earlier_values_the_return_reason_and_who(reporting, login):
    r = reporting
    member, reviewer = r.world.member, r.world.reviewer

    def save(version, value, submit):
        return services.save_report(
            organisation=r.world.member_org,
            target=r.people,
            cycle=r.cycle,
            actor=member,
            lock_version=version,
            value=Decimal(value),
            submit=submit,
        )

    report = save(0, "30", False)
    report = save(report.lock_version, "35", True)
    report = services.return_report(report, reviewer, "Count only completed courses")
    report = save(report.lock_version, "32", True)
    report = services.validate_report(ProgressReport.objects.get(pk=report.pk), reviewer)

    steps = history.trail(report)
    assert [(s.label, s.value) for s in steps] == [
        ("Saved as a draft", "30"),
        ("Submitted", "35"),
        ("Returned", None),
        ("Submitted", "32"),
        ("Validated", "32"),
    ]
    assert steps[2].reason == "Count only completed courses"
    assert steps[0].who == member.display_name and steps[2].who == reviewer.display_name

    page = login(member).get(
        reverse(
            "commitments:report",
            kwargs={"year": 2025, "org": r.world.member_org.slug, "target_id": r.people.pk},
        )
    )
    assert "History of this report in 2025" in page.text
    assert "Count only completed courses" in page.text
    # The organisation reads "the Commission", not the reviewer's name; staff see the name.
    assert "the Commission" in page.text and reviewer.display_name not in page.text
    assert history.trail(report, name_staff=False)[2].who == "the Commission"
    review = login(reviewer).get(reverse("commitments:review", kwargs={"pk": report.pk}))
    assert "Count only completed courses" in review.text
    assert reviewer.display_name in review.text


def test_another_reports_entries_never_show(reporting):
    r = reporting
    own = services.save_report(
        organisation=r.world.member_org,
        target=r.people,
        cycle=r.cycle,
        actor=r.world.member,
        lock_version=0,
        value=Decimal(3),
    )
    services.save_report(
        organisation=r.world.member_org,
        target=r.money,
        cycle=r.cycle,
        actor=r.world.member,
        lock_version=0,
        value=Decimal(700),
    )
    assert [s.value for s in history.trail(own)] == ["3"]
