"""The survey's results: validated answers only, provisional while open, the published years with
their source, every figure traced to the answers behind it, beside the commitment-based totals."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from html import unescape

from django.urls import reverse

from commitments.models import Commitment, ReportingCycle
from commitments.survey import selectors
from commitments.survey.models import ResponseStatus, Survey
from pact.kernel import schedule
from tests.commitments.conftest import make_report, make_target
from tests.factories import make_partnership
from tests.survey.conftest import answered, make_survey

WOMEN = {"women": Decimal(30)}


def closed_2025(scene) -> Survey:
    """A closed 2025 survey: two validated answers, one submitted (not counted yet)."""
    survey = make_survey(scene.world.reviewer, 2025, dt.date(2026, 2, 1), dt.date(2026, 3, 31))
    people = survey.questions.get(indicator__code="people-upskilled")
    money = survey.questions.get(indicator__code="investment-eur")
    answered(
        survey,
        scene.world.member_org,
        {people: "100", money: "2000.50"},
        **{
            "people-upskilled": {
                **WOMEN,
                "by_ecosystem": {"tourism": "60"},
                "by_country": {"IT": "100"},
            }
        },
    )
    answered(
        survey,
        scene.world.outsider_org,
        {people: "50"},
        **{"people-upskilled": {"by_country": {"IT": "20", "BE": "30"}}},
    )
    answered(survey, scene.world.coordinator_org, {people: "5000"}, status=ResponseStatus.SUBMITTED)
    Survey.objects.filter(pk=survey.pk).update(status=schedule.WindowStatus.CLOSED)
    return Survey.objects.get(pk=survey.pk)


def reports_2025(scene, value: str) -> None:
    """A validated 2025 progress report on people up- or reskilled (the commitment-based total)."""
    partnership = make_partnership(
        scene.world.coordinator_org, status="active", name="Results Alliance"
    )
    commitment = Commitment.objects.create(partnership=partnership, title="Train", is_current=True)
    target = make_target(commitment, "people-upskilled", "1000")
    cycle = ReportingCycle.objects.create(
        year=2025, opens_on=dt.date(2026, 2, 1), closes_on=dt.date(2026, 3, 31), status="closed"
    )
    make_report(target, scene.world.coordinator_org, cycle, value)


def test_totals_count_validated_answers_only_and_say_provisional_while_the_survey_is_open(
    scene, client
):
    closed_2025(scene)
    answered(scene.survey, scene.world.member_org, {scene.people: "7"})
    answered(
        scene.survey, scene.world.outsider_org, {scene.people: "900"}, status=ResponseStatus.DRAFT
    )
    years = {y.year: y for y in selectors.survey_years()}
    indicator = scene.people.indicator
    assert years[2025].totals[indicator.pk] == Decimal(150)
    assert years[2025].respondents == 2 and not years[2025].provisional
    assert years[2026].totals[indicator.pk] == Decimal(7) and years[2026].provisional
    assert years[2022].published and years[2022].totals[indicator.pk] == Decimal(2000000)
    page = unescape(client.get(reverse("commitments:results")).content.decode())
    assert re.search(r"2026 <span class=\"badge badge-warn\">provisional</span>", page)
    assert "Figures marked provisional come from a survey that is still open" in page
    # The published years name their source.
    assert "Regional dimension of the Pact" in page and 'id="survey-source-2022"' in page
    assert "745 members answered" in page


def test_every_survey_total_and_breakdown_traces_to_the_answers_behind_it(scene, client):
    closed_2025(scene)
    page = client.get(
        reverse("commitments:results") + "?survey_year=2025&survey_indicator=people-upskilled"
    )
    html = page.content.decode()
    links = set(re.findall(r'href="(/results/survey/\?[^"]+)">([\d,.\s€]+)', html))
    assert len(links) >= 6  # totals, women, an ecosystem, two countries
    for link, shown in links:
        link = unescape(link)
        behind = client.get(link).content.decode()
        total = re.search(r"<strong>Total: ([^<]+)</strong>", behind)
        assert total, link
        figure = re.sub(r"[^\d.]", "", shown)
        assert re.sub(r"[^\d.]", "", total.group(1)) == figure, (link, shown, total.group(1))
    italy = client.get(
        "/results/survey/?year=2025&indicator=people-upskilled&country=IT"
    ).content.decode()
    assert (
        "Member College" in italy and "Outsider Ltd" in italy and "Coordinating Agency" not in italy
    )
    assert "from 2 validated answers" in italy
    published = client.get("/results/survey/?year=2022&indicator=people-upskilled").content.decode()
    assert "there are no answers on the portal behind them" in unescape(published)


def test_the_survey_stands_beside_the_commitment_based_totals_and_the_home_page_uses_the_last_closed_year(
    scene, client
):
    reports_2025(scene, "40")
    before = unescape(client.get("/").content.decode())
    assert "(2023)" in before and "3,500,000" in before  # the last closed year: published 2023
    closed_2025(scene)
    answered(
        scene.survey, scene.world.member_org, {scene.people: "7"}
    )  # open: not on the home page
    home = unescape(client.get("/").content.decode())
    assert "150</span>People up- or reskilled (2025)" in home
    assert "40\xa0persons in partnerships' progress reports" in home
    assert "(2026)" not in home
    results = unescape(
        client.get(reverse("commitments:results") + "?survey_year=2025").content.decode()
    )
    beside = results[results.index("Survey and progress reports side by side, 2025") :]
    assert re.search(
        r"People up- or reskilled</th>\s*<td class=\"num\"><a [^>]+>150.persons", beside
    )
    assert "/results/reports/?year=2025&indicator=people-upskilled" in beside


def test_open_data_and_the_api_give_the_same_totals(scene, client):
    closed_2025(scene)
    answered(scene.survey, scene.world.member_org, {scene.people: "7"})
    download = client.get("/open-data/survey.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    by_key = {(r["year"], r["indicator"]): r for r in rows}
    assert by_key[("2025", "people-upskilled")]["total"] == "150.00"
    assert by_key[("2025", "people-upskilled")]["status"] == "final"
    assert by_key[("2026", "people-upskilled")]["status"] == "provisional"
    assert by_key[("2023", "investment-eur")]["status"] == "published"
    api = client.get("/api/v1/survey-totals/?year=2025").json()
    assert {(r["indicator"], r["total"]) for r in api} == {
        ("people-upskilled", "150.00"),
        ("investment-eur", "2000.50"),
    }
    assert client.get("/api/v1/survey-totals/?year=nope").status_code == 400
