"""A pledge's validated reports count in the Pact-wide figures only while staff approve the pledge:
the summaries follow its review (approved, rejected, changed and so waiting again) whatever path
the change takes, and the results page, its reports, the API and open data agree."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from commitments.models import Commitment, Indicator, PledgeReview, ProgressReport, ResultTotal
from commitments.pledges import services
from commitments.results import selectors
from commitments.summaries import triggers
from tests.commitments.conftest import make_report
from tests.commitments.test_summaries import assert_summaries_agree

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledged(reporting):
    """A pending pledge of the member college with a validated 2024 report of 7 people, beside the
    partnership's validated 40."""
    r = reporting
    pledge = services.create_pledge(
        organisation=r.world.member_org,
        actor=r.world.member,
        title="Train our own staff",
        description="",
        targets=[
            services.TargetInput(
                indicator=Indicator.objects.get(code="people-upskilled"),
                target_value=Decimal(50),
                target_date=dt.date(2027, 12, 31),
            )
        ],
    )
    make_report(r.people, r.world.member_org, r.closed, "40")
    report = make_report(pledge.targets.get(), r.world.member_org, r.closed, "7")
    return r, pledge, report


def _review(pledge: Commitment, world, approve: bool) -> Commitment:
    pledge.refresh_from_db()
    return services.review_pledge(
        pledge,
        actor=world.reviewer,
        approve=approve,
        note="" if approve else "The figures are not plausible.",
        lock_version=pledge.lock_version,
    )


def _people_2024(r) -> Decimal | None:
    return selectors.totals_by_year().get((r.people.indicator_id, 2024))


def test_a_pending_pledges_reports_are_not_counted(pledged):
    r, _pledge, report = pledged
    assert report not in ProgressReport.objects.counted()
    assert_summaries_agree()
    assert _people_2024(r) == Decimal(40)
    assert not ResultTotal.objects.filter(kind="").exists()  # no pledge row at all


def test_approved_rejected_and_changed_pledges_move_their_reports_in_and_out(pledged):
    r, pledge, report = pledged
    _review(pledge, r.world, approve=True)
    assert report in ProgressReport.objects.counted()
    assert_summaries_agree()
    assert _people_2024(r) == Decimal(47)

    _review(pledge, r.world, approve=False)
    assert report not in ProgressReport.objects.counted()
    assert_summaries_agree()
    assert _people_2024(r) == Decimal(40)

    _review(pledge, r.world, approve=True)
    assert_summaries_agree()
    assert _people_2024(r) == Decimal(47)

    # The organisation changes its pledge: it waits for review again, and its reports with it.
    pledge.refresh_from_db()
    target = pledge.targets.get()
    services.update_pledge(
        pledge,
        actor=r.world.member,
        lock_version=pledge.lock_version,
        title="Train our own staff and apprentices",
        description="",
        targets=[
            services.TargetInput(
                indicator=target.indicator,
                target_value=Decimal(80),
                target_date=target.target_date,
                pk=target.pk,
            )
        ],
    )
    pledge.refresh_from_db()
    assert pledge.review == PledgeReview.PENDING
    assert_summaries_agree()
    assert _people_2024(r) == Decimal(40)


def test_reviews_changed_in_bulk_keep_the_summaries_equal(pledged, world):
    r, pledge, _report = pledged
    other = Commitment.objects.create(
        organisation=world.coordinator_org, title="Coordinator's pledge", is_current=True
    )
    make_report(
        other.targets.create(
            indicator=r.people.indicator,
            unit=r.people.unit,
            target_value=Decimal(10),
            target_date=dt.date(2027, 12, 31),
        ),
        world.coordinator_org,
        r.closed,
        "3",
    )
    pledges = Commitment.objects.filter(pk__in=[pledge.pk, other.pk])
    pledges.update(review=PledgeReview.APPROVED)
    assert_summaries_agree()
    assert _people_2024(r) == Decimal(50)
    Commitment.objects.filter(pk=other.pk).update(review=PledgeReview.REJECTED)
    assert_summaries_agree()
    assert _people_2024(r) == Decimal(47)
    # A partnership commitment's review field says nothing: its partnership decides.
    Commitment.objects.filter(pk=r.people.commitment_id).update(review=PledgeReview.REJECTED)
    assert_summaries_agree()
    assert _people_2024(r) == Decimal(47)


def test_a_rejected_pledges_report_is_in_no_published_figure(pledged, client):
    r, pledge, report = pledged
    _review(pledge, r.world, approve=False)
    page = client.get(
        reverse("commitments:results"), {"year": 2024, "indicator": "people-upskilled"}
    )
    assert page.status_code == 200
    assert ">40<" in page.text and ">47<" not in page.text
    assert "Individual pledges" not in page.text
    drill = client.get(
        reverse("commitments:result_reports"),
        {"year": 2024, "indicator": "people-upskilled", "kind": ""},
    )
    assert drill.status_code == 200
    assert ">7\u00a0persons<" not in drill.text
    assert not selectors.drilldown({"year": 2024}).filter(pk=report.pk).exists()
    rows = client.get("/api/v1/results/", {"year": 2024}).json()
    totals = {row["indicator"]: Decimal(row["total"]) for row in rows if row["total"]}
    assert totals["people-upskilled"] == Decimal(40)
    response = client.get(reverse("open_data_download", args=["results", "csv"]))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    published = {
        (row["year"], row["indicator"]): Decimal(row["total"])
        for row in csv.DictReader(io.StringIO(body.decode()))
    }
    assert published[("2024", "people-upskilled")] == Decimal(40)

    _review(pledge, r.world, approve=True)
    drill = client.get(
        reverse("commitments:result_reports"),
        {"year": 2024, "indicator": "people-upskilled", "kind": ""},
    )
    assert ">7\u00a0persons<" in drill.text


def test_the_triggers_ask_what_counted_asks_of_a_pledge():
    assert f"'{PledgeReview.APPROVED}'" == triggers.APPROVED_PLEDGE
