"""The maintained totals (``commitments.summaries``) equal a recomputation from the data after
every change of what is public, whatever path the change takes (services, ORM, bulk SQL)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Sum, Value
from django.db.models.functions import Coalesce

from commitments.models import (
    Commitment,
    Indicator,
    IndicatorKind,
    ProgressReport,
    ResultTotal,
    Target,
    TargetTotal,
    Unit,
)
from commitments.results import oversight, selectors
from commitments.summaries import recompute, triggers
from members.merging import services as merging
from members.models import OrganisationStatus
from pact.kernel.cache import data_version
from partnerships.models import Partnership
from partnerships.models.partnership import PUBLIC_STATUSES
from tests.commitments.conftest import make_report, make_target
from tests.factories import make_organisation, make_partnership

pytestmark = pytest.mark.django_db


def assert_summaries_agree() -> None:
    """The tables equal the data, and every figure read from them equals the same figure summed
    from the reports (the former way)."""
    assert recompute.differences() == {}
    counted = ProgressReport.objects.counted()
    summed = {
        (r["target__indicator"], r["cycle__year"]): r["total"]
        for r in counted.filter(target__indicator__aggregation="sum")
        .values("target__indicator", "cycle__year")
        .annotate(total=Sum("value"))
    }
    assert selectors.totals_by_year() == {k: v for k, v in summed.items() if v is not None}
    for by, lookup in selectors.BREAKDOWNS.items():
        for (indicator_id, year), _total in summed.items():
            rows = (
                counted.filter(target__indicator_id=indicator_id, cycle__year=year)
                .annotate(group=Coalesce(lookup, Value("")))
                .values("group")
                .annotate(total=Sum("value"), n=Count("id"))
            )
            expected = {r["group"]: (r["total"], r["n"]) for r in rows}
            indicator = Indicator.objects.get(pk=indicator_id)
            found = {
                r["key"]: (r["total"], r["reports"])
                for r in selectors.breakdown(indicator, year, by)
            }
            assert found == expected, (by, indicator.code, year)
    every = Target.objects.values("pk")
    assert selectors.progress_of_targets(every) == selectors.progress_by_target(
        selectors.validated_reports()
    )


@pytest.fixture
def scene(reporting):
    r = reporting
    w = r.world
    other = make_organisation("Lisbon Hotel School", country="PT")
    r.people.commitment.responsible_organisations.add(other)
    reports = {
        "people_member": make_report(r.people, w.member_org, r.closed, "40"),
        "people_other": make_report(r.people, other, r.closed, "25"),
        "people_draft": make_report(r.people, w.member_org, r.cycle, "1000", status="draft"),
        "people_submitted": make_report(r.people, other, r.cycle, "2000", status="submitted"),
        "money_returned": make_report(r.money, w.member_org, r.closed, "999", status="returned"),
        "share_member": make_report(
            r.share, w.member_org, r.closed, "15", numerator=Decimal(3), denominator=Decimal(20)
        ),
        "share_other": make_report(
            r.share, other, r.closed, "30", numerator=Decimal(9), denominator=Decimal(30)
        ),
        "events": make_report(r.events, w.coordinator_org, r.closed, "4"),
    }
    private = make_partnership(w.coordinator_org, status="draft", name="Secret RSP")
    hidden = Commitment.objects.create(partnership=private, title="Hidden", is_current=True)
    reports["private"] = make_report(
        make_target(hidden, "people-upskilled", "10"), w.coordinator_org, r.closed, "500"
    )
    pledge = Commitment.objects.create(
        organisation=w.member_org, title="Own pledge", is_current=True, review="approved"
    )
    reports["pledge"] = make_report(
        make_target(pledge, "people-upskilled", "50"), w.member_org, r.closed, "7"
    )
    assert_summaries_agree()
    return r, other, private, reports


def test_the_tables_hold_the_counted_reports_only(scene):
    r, _other, _private, _reports = scene
    people = TargetTotal.objects.get(target=r.people, cycle=r.closed)
    assert (people.reports, people.value_sum) == (2, Decimal(65))
    assert not TargetTotal.objects.filter(target=r.money).exists()  # returned
    assert not TargetTotal.objects.filter(cycle=r.cycle).exists()  # drafts, submissions
    pledges = ResultTotal.objects.get(indicator=r.people.indicator, kind="", country="BE")
    assert pledges.value_sum == Decimal(7)
    assert not ResultTotal.objects.filter(value_sum=500).exists()  # a draft partnership's


def test_a_report_validated_returned_validated_again_and_deleted(scene):
    r, _other, _private, reports = scene
    report = reports["people_submitted"]
    report.status = "validated"
    report.save()
    assert_summaries_agree()
    assert selectors.totals_by_year()[(r.people.indicator_id, 2025)] == Decimal(2000)
    report.status = "returned"
    report.save()
    assert_summaries_agree()
    report.status = "validated"
    report.value = Decimal(1500)
    report.save()
    assert_summaries_agree()
    report.delete()
    assert_summaries_agree()
    assert (r.people.indicator_id, 2025) not in selectors.totals_by_year()


def test_a_partnership_published_closed_and_changed(scene):
    r, _other, private, _reports = scene
    private.status = "active"
    private.save()
    assert_summaries_agree()
    private.status = "closed"
    private.save()
    assert_summaries_agree()
    Partnership.objects.filter(pk=r.partnership.pk).update(kind="lsp", ecosystem="digital")
    assert_summaries_agree()
    Partnership.objects.filter(pk=r.partnership.pk).update(status="draft")
    assert_summaries_agree()
    assert (r.share.indicator_id, 2024) not in selectors.totals_by_year()


def test_an_organisation_suspended_withdrawn_moved_or_merged(scene, world):
    r, other, _private, _reports = scene
    other.status = OrganisationStatus.SUSPENDED
    other.save()
    assert_summaries_agree()
    other.status = OrganisationStatus.WITHDRAWN
    other.save()
    assert_summaries_agree()
    other.country = "ES"
    other.save()
    assert_summaries_agree()
    duplicate = make_organisation("Member College (registered twice)", country="FR")
    r.people.commitment.responsible_organisations.add(duplicate)
    make_report(r.people, duplicate, r.cycle, "12")
    make_report(r.people, duplicate, r.closed, "8", status="submitted")  # twin of a validated one
    assert_summaries_agree()
    merging.merge(duplicate, world.member_org, world.reviewer, "Registered twice")
    assert_summaries_agree()
    assert not ResultTotal.objects.filter(country="FR").exists()


def test_a_target_or_indicator_changed(scene):
    r, _other, _private, _reports = scene
    Target.objects.filter(pk=r.events.pk).update(indicator=r.people.indicator)
    assert_summaries_agree()
    indicator = r.share.indicator
    indicator.kind = IndicatorKind.LEVEL
    indicator.save()
    assert_summaries_agree()
    indicator.unit = Unit.COUNT
    indicator.aggregation = "sum"
    indicator.save()
    assert_summaries_agree()
    pledge = Commitment.objects.get(title="Own pledge")
    Commitment.objects.filter(pk=pledge.pk).update(partnership=r.partnership)
    assert_summaries_agree()


def test_bulk_updates_in_sql(scene):
    r, _other, _private, reports = scene
    ProgressReport.objects.filter(status__in=["draft", "submitted", "returned"]).update(
        status="validated"
    )
    assert_summaries_agree()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE commitments_progressreport SET value = value * 2 WHERE cycle_id = %s",
            [r.cycle.pk],
        )
        cursor.execute(
            "UPDATE commitments_progressreport SET organisation_id = %s WHERE id = %s",
            [r.world.coordinator_org.pk, reports["people_submitted"].pk],
        )
        cursor.execute(
            "DELETE FROM commitments_progressreport WHERE status = 'validated' AND value > 1000"
        )
    assert_summaries_agree()


def test_the_lsp_roll_up_reads_the_same_figures(scene):
    r, _other, _private, _reports = scene
    rows = {row["indicator"].code: row for row in oversight.rolled_up([r.partnership], r.closed)}
    assert rows["people-upskilled"]["total"] == Decimal(65)
    assert rows["people-upskilled"]["reports"] == 2
    # A share from the summed counts (12 / 50), never the average of 15 and 30.
    assert rows["vet-learners-mobility-share"]["total"] == Decimal("24.00")


def test_a_rebuild_gives_the_same_tables(scene):
    before = set(
        ResultTotal.objects.values_list("cycle", "indicator", "kind", "country", "value_sum")
    )
    ResultTotal.objects.update(value_sum=0)
    assert recompute.differences()
    recompute.rebuild()
    assert recompute.differences() == {}
    after = set(
        ResultTotal.objects.values_list("cycle", "indicator", "kind", "country", "value_sum")
    )
    assert after == before


def test_a_report_draft_moves_neither_the_public_version_nor_the_summaries(reporting, world):
    before = data_version.current()
    report = make_report(reporting.people, world.member_org, reporting.cycle, "3", status="draft")
    report.value = Decimal(5)
    report.save()
    assert data_version.current() == before
    assert not TargetTotal.objects.filter(cycle=reporting.cycle).exists()
    assert recompute.differences() == {}


def test_the_triggers_count_the_partnerships_public_counts():
    listed = ", ".join(f"'{status}'" for status in PUBLIC_STATUSES)
    assert f"({listed})" == triggers.PUBLIC_PARTNERSHIP
