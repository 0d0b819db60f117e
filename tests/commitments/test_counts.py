"""Shares from counts: a percentage report may carry its numerator and denominator, so shares
across organisations are computed from the sums, never averaged (form, API, partnership page)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from commitments.models import ProgressReport
from commitments.reporting import values
from commitments.results import selectors
from tests.commitments.conftest import make_report
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db
D = Decimal


def test_the_counts_rules():
    assert values.check_counts("percent", None, D(15), D(100)) == (D("15.00"), {})
    assert values.check_counts("percent", D(15), D(15), D(100))[1] == {}
    assert "not the share" in values.check_counts("percent", D(40), D(15), D(100))[1]["value"][0]
    assert "both" in values.check_counts("percent", None, D(15), None)[1]["denominator"][0]
    assert "larger" in values.check_counts("percent", None, D(150), D(100))[1]["numerator"][0]
    assert values.check_counts("percent", None, D(1), D(0))[1]
    assert values.check_counts("persons", None, D(1), D(2))[1]  # only for percentages
    assert values.check_counts("persons", D(3), None, None) == (None, {})


def test_the_form_computes_the_share_from_the_counts(reporting, login):
    r = reporting
    client = login(r.world.member)
    url = reverse("commitments:report", args=[2025, r.world.member_org.slug, r.share.pk])
    page = client.get(url).content.decode()
    assert 'name="numerator"' in page and 'name="denominator"' in page
    response = client.post(
        url, {"value": "", "numerator": "30", "denominator": "200", "lock_version": "0"}
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(target=r.share)
    assert (report.value, report.numerator, report.denominator) == (D("15.00"), D(30), D(200))
    people = reverse("commitments:report", args=[2025, r.world.member_org.slug, r.people.pk])
    assert 'name="numerator"' not in client.get(people).content.decode()


def test_the_api_takes_the_counts_as_optional_fields(reporting, login):
    r = reporting
    client = login(r.world.member)
    created = client.post(
        "/api/v1/reports/",
        {
            "organisation": r.world.member_org.slug,
            "cycle": 2025,
            "target": r.share.pk,
            "numerator": "15",
            "denominator": "100",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert (D(data["value"]), data["numerator"], data["denominator"]) == (D(15), "15", "100")
    wrong = client.post(
        "/api/v1/reports/",
        {
            "organisation": r.world.member_org.slug,
            "cycle": 2025,
            "target": r.people.pk,
            "value": "3",
            "numerator": "1",
            "denominator": "2",
        },
        content_type="application/json",
    )
    assert wrong.status_code == 400


def test_a_partnership_share_is_computed_from_the_summed_counts(reporting):
    r = reporting
    other = make_organisation("Lisbon Hotel School", country="PT")
    r.share.commitment.responsible_organisations.add(other)
    make_report(r.share, r.world.member_org, r.closed, "15", numerator=D(15), denominator=D(100))
    make_report(r.share, other, r.closed, "10", numerator=D(30), denominator=D(300))
    progress = selectors.partnership_progress(r.partnership)[r.share.pk]
    assert progress["latest"] == D("11.25")  # 45 of 400, not (15 + 10) / 2
    html = render_to_string("commitments/_progress.html", {"partnership": r.partnership})
    assert "11.25\u00a0%" in html and "12.5\u00a0%" not in html
