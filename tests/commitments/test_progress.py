"""The one progress and share formula: flows add up since the target's start, levels' latest
value stands; shares are never averaged. Pages, PDF table and API all show it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from commitments.models import Indicator, IndicatorKind, ReportingCycle
from commitments.progress import progress_of, year_value
from commitments.results import selectors
from tests.commitments.conftest import make_report, make_target

D = Decimal


def test_a_flow_adds_up_its_yearly_values_since_the_start():
    # The Tourism LSP: 4,112 of 10,000 reached since 2022 is 41 %, not the latest year's 12 %.
    series = [(2021, D(999)), (2022, D(1200)), (2023, D(1250)), (2024, D(1662))]
    reached = progress_of(IndicatorKind.FLOW, D(0), D(10000), series, start_year=2022)
    assert reached.value == D(4112)
    assert reached.share == D("0.4112") and reached.percent == 41
    assert (reached.first_year, reached.year) == (2022, 2024)


def test_a_flow_share_ignores_the_baseline_in_the_progress():
    reached = progress_of(IndicatorKind.FLOW, D(100), D(300), [(2024, D(50)), (2025, D(50))])
    assert reached.value == D(100)
    assert reached.share == D("0.5")  # 100 / (300 - 100)


def test_a_level_counts_its_latest_value_from_the_baseline():
    series = [(2025, D(40)), (2023, D(25)), (2024, D(30))]  # order does not matter
    reached = progress_of(IndicatorKind.LEVEL, D(20), D(60), series)
    assert reached.value == D(40) and reached.year == 2025
    assert reached.share == D("0.5")  # (40 - 20) / (60 - 20)


def test_no_values_no_progress_and_a_target_at_its_baseline():
    assert progress_of(IndicatorKind.FLOW, D(0), D(10), []).value is None
    assert progress_of(IndicatorKind.FLOW, D(0), D(10), [(2024, None)]).share is None
    assert progress_of(IndicatorKind.LEVEL, D(5), D(5), [(2024, D(5))]).percent == 100


def test_a_years_percentages_are_never_averaged():
    assert year_value([D(15), D(30)], is_percent=True) is None
    assert year_value([D(15)], is_percent=True) == D(15)
    assert year_value([D(40), D(25)], is_percent=False) == D(65)
    # with their counts: 15 of 100 and 30 of 300 are 45 of 400
    assert year_value(
        [D(15), D(10)], is_percent=True, numerators=[D(15), D(30)], denominators=[D(100), D(300)]
    ) == D("11.25")


def test_the_catalogue_says_which_indicators_are_levels(db):
    levels = set(Indicator.objects.filter(kind=IndicatorKind.LEVEL).values_list("code", flat=True))
    assert {"organisations-participating", "vet-learners-mobility-share"} <= levels
    assert Indicator.objects.get(code="people-upskilled").kind == IndicatorKind.FLOW


@pytest.mark.django_db
def test_pages_pdf_table_and_api_use_the_one_formula(reporting, client):
    r = reporting
    org = r.world.member_org
    older = ReportingCycle.objects.create(
        year=2023,
        opens_on=dt.date(2024, 2, 1),
        closes_on=dt.date(2024, 3, 31),
        status=ReportingCycle.Status.CLOSED,
    )
    make_report(r.people, org, older, "30")  # flow: 30 + 20 of 100
    make_report(r.people, org, r.closed, "20")
    level = make_target(r.people.commitment, "organisations-participating", "50", baseline=D(10))
    make_report(level, org, older, "20")  # level: latest 30, (30 - 10) / (50 - 10)
    make_report(level, org, r.closed, "30")

    progress = selectors.partnership_progress(r.partnership)
    assert progress[r.people.pk]["progress"].value == D(50)
    assert progress[r.people.pk]["progress"].percent == 50
    assert progress[level.pk]["progress"].value == D(30)
    assert progress[level.pk]["progress"].percent == 50

    html = render_to_string("commitments/_progress.html", {"partnership": r.partnership})
    assert "50\u00a0persons" in html and "yearly figures added up since 2023" in html
    assert "50&nbsp;%" in html  # the share reached, beside the bar
    # The level stands at 30, 20 above its baseline of 10: the text says what moved.
    assert "+20 since the baseline of 10" in html

    from partnerships.declarations.selectors import progress_rows

    rows = progress_rows([r.people.commitment], progress)
    by_target = {row["target"].pk: row for row in rows}
    assert by_target[r.people.pk]["progress"] == D(50)
    assert by_target[level.pk]["share"] == 50

    api = client.get(f"/api/v1/targets/{r.people.pk}/").json()
    assert (D(api["progress"]), D(api["share"])) == (D(50), D("0.5"))
    listed = {t["id"]: t for t in client.get("/api/v1/targets/").json()["results"]}
    assert D(listed[level.pk]["progress"]) == D(30) and D(listed[level.pk]["share"]) == D("0.5")
    commitment = client.get(f"/api/v1/commitments/{r.people.commitment.pk}/").json()
    shared = {t["id"]: t for t in commitment["targets"]}
    assert D(shared[level.pk]["share"]) == D("0.5")
    indicator = client.get("/api/v1/indicators/organisations-participating/").json()
    assert indicator["kind"] == "level"


def test_a_bar_marks_the_target_on_its_own_scale_and_never_reads_the_baseline_as_progress():
    from commitments.progress import Progress, progress_of, standing
    from pact.kernel.target_bar import positions, target_bar_svg

    # A level at its baseline of 2, target 30: nothing moved, and the text must not say "2 of 30".
    at_baseline = standing("level", D(2), D(30), progress_of("level", D(2), D(30), [(2024, D(2))]))
    assert (at_baseline.achieved, at_baseline.gain, at_baseline.percent) == (D(2), D(0), 0)
    # A flow adds its yearly sum to the baseline: 100 + 150 towards 500 is 150 / 400.
    flow = standing("flow", D(100), D(500), progress_of("flow", D(100), D(500), [(2024, D(150))]))
    assert (flow.achieved, flow.gain, flow.percent) == (D(250), D(150), 38)
    # Each bar's scale runs to the larger of target and achieved; the target keeps its mark.
    assert positions(D(2), D(30), D(2)) == (66.7, 1000.0, 66.7)
    assert positions(D(0), D(20), D(40)) == (0.0, 500.0, 1000.0)
    # Before any progress: the baseline and the mark, no filled bar.
    empty = standing("flow", D(0), D(30), Progress(None, None, None, None, []))
    svg = target_bar_svg(empty.baseline, empty.target, empty.achieved)
    assert 'class="bar-target"' in svg and "bar-gain" not in svg and "style=" not in svg
