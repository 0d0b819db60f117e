"""Pact-wide results: sums of public validated reports only, percentages never summed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from commitments.models import Commitment, ReportingCycle
from commitments.results import selectors
from tests.commitments.conftest import make_report, make_target
from tests.factories import make_organisation, make_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(reporting):
    r = reporting
    w = r.world
    other_org = make_organisation("Lisbon Hotel School", country="PT")
    r.people.commitment.responsible_organisations.add(other_org)
    make_report(r.people, w.member_org, r.closed, "40")
    make_report(r.people, other_org, r.closed, "25")
    make_report(r.people, w.member_org, r.cycle, "1000", status="draft")
    make_report(r.people, other_org, r.cycle, "2000", status="submitted")
    make_report(r.money, w.member_org, r.closed, "999", status="returned")
    make_report(r.share, w.member_org, r.closed, "15")
    make_report(r.share, other_org, r.closed, "30")
    # a private (draft) partnership's validated report is not public
    private = make_partnership(w.coordinator_org, status="draft", name="Secret RSP")
    hidden = Commitment.objects.create(partnership=private, title="Hidden", is_current=True)
    make_report(make_target(hidden, "people-upskilled", "10"), w.coordinator_org, r.closed, "500")
    # a pledge's validated report counts, under "individual pledges"
    pledge = Commitment.objects.create(
        organisation=w.member_org, title="Own pledge", is_current=True, review="approved"
    )
    make_report(make_target(pledge, "people-upskilled", "50"), w.member_org, r.closed, "7")
    return r, other_org


def test_it_totals_validated_reports_only(figures):
    r, _other = figures
    totals = selectors.totals_by_year()
    assert totals[(r.people.indicator_id, 2024)] == Decimal(40 + 25 + 7)
    assert (r.people.indicator_id, 2025) not in totals  # draft and submitted are left out
    assert (r.money.indicator_id, 2024) not in totals  # returned is left out
    assert (r.share.indicator_id, 2024) not in totals  # percentages are never summed


def test_it_shows_totals_and_breakdowns_that_link_to_the_reports(figures, client):
    r, other = figures
    page = client.get(
        reverse("commitments:results"), {"year": 2024, "indicator": "people-upskilled"}
    )
    assert page.status_code == 200
    assert ">72<" in page.text
    assert "Individual pledges" in page.text and "Regional Skills Partnership" in page.text
    assert "Portugal" in page.text and "Belgium" in page.text
    assert "45" not in page.text.split("Shares, target by target")[0].split("Totals per year")[1]
    # percentages appear target by target, never as a total
    assert "15\u00a0%" in page.text and "30\u00a0%" in page.text
    drill = client.get(
        reverse("commitments:result_reports"),
        {"year": 2024, "indicator": "people-upskilled", "kind": "rsp"},
    )
    assert drill.status_code == 200
    assert other.name in drill.text and r.world.member_org.name in drill.text
    assert ">65\u00a0persons<" in drill.text  # 40 + 25, the pledge is not an RSP
    assert "Secret RSP" not in drill.text and "1,000" not in drill.text
    by_country = client.get(
        reverse("commitments:result_reports"),
        {"year": 2024, "indicator": "people-upskilled", "country": "PT"},
    )
    assert ">25\u00a0persons<" in by_country.text and r.world.member_org.name not in by_country.text
    pledges = client.get(
        reverse("commitments:result_reports"),
        {"year": 2024, "indicator": "people-upskilled", "kind": ""},
    )
    assert ">7\u00a0persons<" in pledges.text


def test_it_serves_results_in_the_api_with_percentages_only_as_shares_of_counts(figures, client):
    _r, _other = figures
    rows = client.get("/api/v1/results/", {"year": 2024}).json()
    by_indicator = {row["indicator"]: row for row in rows}
    assert Decimal(by_indicator["people-upskilled"]["total"]) == Decimal(72)
    assert by_indicator["people-upskilled"].get("percentage") is None
    # Two shares reported without their counts: never summed, never averaged.
    share = by_indicator["vet-learners-mobility-share"]
    assert share["total"] is None and share["reports"] == 2
    assert share["numerator"] is None and share["percentage"] is None
    grouped = client.get("/api/v1/results/", {"year": 2024, "by": "country"}).json()
    assert {(g["group"], Decimal(g["total"])) for g in grouped if g["total"] is not None} == {
        ("BE", Decimal(47)),
        ("PT", Decimal(25)),
    }
    assert client.get("/api/v1/results/", {"by": "nonsense"}).status_code == 400


def test_it_builds_the_results_page_with_a_constant_number_of_queries(
    figures, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(22):  # pledged totals: one query, then remembered
        client.get(reverse("commitments:results"), {"year": 2024})
    with django_assert_max_num_queries(12):
        client.get(reverse("commitments:result_reports"), {"year": 2024})


def test_it_lists_the_kpi_catalogue_with_its_uses(reporting, client):
    page = client.get(reverse("commitments:kpis"))
    assert page.status_code == 200
    assert "people-upskilled" in page.text and "vet-learners-mobility-share" in page.text
    api = client.get("/api/v1/indicators/people-upskilled/").json()
    assert api["uses"] == 1


def test_it_shows_progress_on_the_partnership_page_partial(figures, rf):
    from django.template.loader import render_to_string

    r, _other = figures
    html = render_to_string("commitments/_progress.html", {"partnership": r.partnership})
    assert "Progress towards the targets" in html
    assert "65\u00a0persons" in html  # 40 + 25 validated in 2024
    # Two organisations' percentages without their counts are never averaged (nor added up).
    assert "22.5\u00a0%" not in html and "45\u00a0%" not in html
    assert "<svg" in html and "<table" in html and 'class="target-bar-svg"' in html


def test_it_titles_the_chart_with_the_years_it_shows(figures, client):
    r, other = figures
    earlier = ReportingCycle.objects.create(
        year=2022,
        opens_on=dt.date(2023, 2, 1),
        closes_on=dt.date(2023, 3, 31),
        status=ReportingCycle.Status.CLOSED,
    )
    make_report(r.people, other, earlier, "12")
    page = client.get(
        reverse("commitments:results"), {"year": 2024, "indicator": "people-upskilled"}
    )
    heading = "People up- or reskilled per year, 2022–2024"
    assert f'<h2 id="chart-heading">{heading}</h2>' in page.text
    assert heading in page.context["chart"]  # the chart's own title, read by screen readers
    # The breakdowns keep the one year they are for.
    assert '<h2 id="breakdown-heading">People up- or reskilled in 2024</h2>' in page.text
    assert "People up- or reskilled in 2024</h2>\n  <figure" not in page.text


def test_the_api_gives_pact_wide_shares_from_the_summed_counts(reporting, client):
    r = reporting
    other = make_organisation("Porto VET", country="PT")
    make_report(r.share, r.world.member_org, r.closed, "10", numerator=10, denominator=100)
    make_report(r.share, other, r.closed, "50", numerator=150, denominator=300)
    rows = client.get("/api/v1/results/", {"indicator": "vet-learners-mobility-share"}).json()
    assert len(rows) == 1
    assert Decimal(rows[0]["numerator"]) == 160 and Decimal(rows[0]["denominator"]) == 400
    assert Decimal(rows[0]["percentage"]) == Decimal(40)  # not (10 + 50) / 2
    grouped = client.get(
        "/api/v1/results/", {"indicator": "vet-learners-mobility-share", "by": "country"}
    ).json()
    assert {(g["group"], Decimal(g["percentage"])) for g in grouped} == {
        ("BE", Decimal(10)),
        ("PT", Decimal(50)),
    }


def test_the_results_page_shows_pledged_beside_achieved_and_the_change_from_last_year(
    reporting, client
):
    r = reporting
    older = ReportingCycle.objects.create(
        year=2023,
        opens_on=dt.date(2024, 2, 1),
        closes_on=dt.date(2024, 3, 31),
        status=ReportingCycle.Status.CLOSED,
    )
    make_report(r.people, r.world.member_org, older, "20")
    make_report(r.people, r.world.member_org, r.closed, "30")
    page = client.get(reverse("commitments:results"), {"year": 2024})
    text = page.text
    # 100 persons pledged by 2027 on the partnership's target; 20 + 30 achieved (a flow).
    assert "Pledged and achieved" in text
    assert ">100<" in text and "pledged by 2027" in text
    assert "50\u00a0persons achieved so far" in text
    assert "2024 compared with 2023" in text
    compared = text.split("2024 compared with 2023")[1].split("</table>")[0]
    assert "+10\u00a0persons (+50&nbsp;%)" in compared, compared
