"""The totals staff monitoring reads (``DutyTotal``, ``CycleStatusTotal``) equal a recomputation
from the duties and the reports after every change of a report or of who owes what, and the
monitoring figures read from them equal the same figures summed from the reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import (
    Commitment,
    CycleStatusTotal,
    DutyTotal,
    ProgressReport,
    ReportingCycle,
    Target,
)
from commitments.monitoring import selectors
from commitments.reporting.selectors import duties_sql, organisation_stats
from commitments.results import oversight
from commitments.summaries import recompute
from members.models import OrganisationStatus
from partnerships.models import PartnershipMembership
from tests.commitments.conftest import make_report, make_target
from tests.factories import make_organisation, make_partnership

pytestmark = pytest.mark.django_db


def reference_summary(cycle) -> dict:
    """The monitoring shares summed from the reports (``organisation_stats``: duties joined with
    the cycle's reports), organisations and then each partnership with duties."""
    per_org = organisation_stats(cycle).values()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT partnership_id FROM ({duties_sql()}) d "
            "WHERE partnership_id IS NOT NULL"
        )
        partnership_ids = [row[0] for row in cursor.fetchall()]
    per_ps = []
    for pk in partnership_ids:
        pairs = organisation_stats(cycle, partnership_id=pk).values()
        per_ps.append(
            (all(s["done"] >= s["expected"] for s in pairs), any(s["done"] for s in pairs))
        )
    done = sum(1 for s in per_org if s["state"] == "complete")
    partial = sum(1 for s in per_org if s["state"] == "partial")
    ps_done = sum(1 for d, _s in per_ps if d)
    ps_partial = sum(1 for d, s in per_ps if s and not d)
    return {
        "organisations": len(per_org),
        "organisations_done": done,
        "organisations_partial": partial,
        "organisations_missing": len(per_org) - done - partial,
        "organisations_late": sum(1 for s in per_org if s["late"]),
        "partnerships": len(per_ps),
        "partnerships_done": ps_done,
        "partnerships_partial": ps_partial,
        "partnerships_missing": len(per_ps) - ps_done - ps_partial,
    }


STAT_KEYS = ("expected", "done", "validated", "returned", "drafts", "late", "state")


def assert_monitoring_agrees(*cycles) -> None:
    assert recompute.differences() == {}
    for cycle in cycles:
        summary = selectors._monitoring_summary(cycle)
        expected = reference_summary(cycle)
        assert {k: summary[k] for k in expected} == expected, cycle.year
        stats = organisation_stats(cycle)
        rows = selectors.MonitoringRows(cycle)[0:10000]
        assert {
            row["organisation_id"]: {k: row[k] for k in row if k in STAT_KEYS} for row in rows
        } == {pk: {k: v for k, v in s.items() if k in STAT_KEYS} for pk, s in stats.items()}
        assert len(rows) == len(stats)
        for state in selectors.MONITORING_STATES:
            filtered = selectors.MonitoringRows(cycle, state)
            wanted = [
                pk
                for pk, s in organisation_stats(cycle).items()
                if (s["late"] > 0 if state == "late" else s["state"] == state)
            ]
            assert sorted(row["organisation_id"] for row in filtered[0:10000]) == sorted(wanted)
            assert filtered.count() == len(wanted)
            assert selectors.organisations_in_state(summary, state) == len(wanted)
        assert selectors.organisations_in_state(summary, "") == len(stats)


@pytest.fixture
def scene(reporting):
    r = reporting
    w = r.world
    other = make_organisation("Lisbon Hotel School", country="PT")
    r.people.commitment.responsible_organisations.add(other)
    pledge = Commitment.objects.create(organisation=other, title="Own pledge", is_current=True)
    pledged = make_target(pledge, "people-upskilled", "50")
    reports = {
        "member_people": make_report(r.people, w.member_org, r.cycle, "5", status="submitted"),
        "member_money": make_report(r.money, w.member_org, r.cycle, "9", status="draft"),
        "other_people": make_report(r.people, other, r.cycle, "2", status="validated"),
        "coordinator_events": make_report(
            r.events, w.coordinator_org, r.cycle, "3", status="submitted", is_late=True
        ),
        "pledge": make_report(pledged, other, r.cycle, "7", status="returned"),
        "closed": make_report(r.people, w.member_org, r.closed, "40"),
    }
    assert_monitoring_agrees(r.cycle, r.closed)
    return r, other, pledged, reports


def test_the_tables_hold_what_is_owed_and_reported(scene):
    r, other, _pledged, _reports = scene
    w = r.world
    owed = dict(
        DutyTotal.objects.filter(partnership=r.partnership).values_list("organisation", "expected")
    )
    # three targets of the shared commitment for its two responsible organisations; the
    # coordinator owes the events commitment, which names no responsible organisation
    assert owed == {w.member_org.pk: 3, other.pk: 3, w.coordinator_org.pk: 1}
    assert DutyTotal.objects.get(organisation=other, partnership=None).expected == 1
    mine = CycleStatusTotal.objects.get(cycle=r.cycle, organisation=w.member_org)
    assert (mine.reports, mine.submitted, mine.drafts) == (2, 1, 1)
    assert (
        CycleStatusTotal.objects.get(cycle=r.cycle, organisation=other, partnership=None).returned
        == 1
    )


def test_a_report_created_submitted_validated_returned_and_deleted(scene):
    r, _other, _pledged, reports = scene
    report = make_report(r.share, r.world.member_org, r.cycle, "4", status="draft")
    assert_monitoring_agrees(r.cycle)
    report.value = 6  # a draft saved again moves nothing
    report.save()
    assert_monitoring_agrees(r.cycle)
    for status, late in (("submitted", True), ("validated", True), ("returned", False)):
        report.status, report.is_late = status, late
        report.save()
        assert_monitoring_agrees(r.cycle)
    reports["member_money"].status = "submitted"
    reports["member_money"].save()
    report.status = "submitted"
    report.save()
    states = {
        row["organisation_id"]: row["state"] for row in selectors.MonitoringRows(r.cycle)[0:9]
    }
    assert states[r.world.member_org.pk] == "complete"  # 3 of 3
    assert selectors._monitoring_summary(r.cycle)["organisations_done"] == 2
    report.delete()
    assert_monitoring_agrees(r.cycle)
    ProgressReport.objects.filter(cycle=r.cycle).update(status="validated")
    assert_monitoring_agrees(r.cycle)
    ProgressReport.objects.filter(cycle=r.cycle).delete()
    assert_monitoring_agrees(r.cycle, r.closed)
    assert not CycleStatusTotal.objects.filter(cycle=r.cycle).exists()


def test_a_report_on_nothing_owed_is_not_counted(scene):
    r, _other, _pledged, _reports = scene
    stranger = make_organisation("Not Responsible Ltd", country="FR")
    make_report(r.people, stranger, r.cycle, "1", status="submitted")
    assert_monitoring_agrees(r.cycle)
    assert not CycleStatusTotal.objects.filter(organisation=stranger).exists()
    r.people.commitment.responsible_organisations.add(stranger)  # now it is owed
    assert_monitoring_agrees(r.cycle)
    assert CycleStatusTotal.objects.get(organisation=stranger).submitted == 1
    r.people.commitment.responsible_organisations.remove(stranger)
    assert_monitoring_agrees(r.cycle)


def test_a_partnership_published_closed_and_its_coordinator_changed(scene):
    r, other, _pledged, _reports = scene
    r.partnership.status = "closed"
    r.partnership.save()
    assert_monitoring_agrees(r.cycle)
    assert not DutyTotal.objects.filter(partnership=r.partnership).exists()
    r.partnership.status = "active"
    r.partnership.save()
    assert_monitoring_agrees(r.cycle)
    draft = make_partnership(r.world.coordinator_org, status="draft", name="Draft RSP")
    plan = Commitment.objects.create(partnership=draft, title="Plan", is_current=True)
    make_target(plan, "people-upskilled", "10")
    assert_monitoring_agrees(r.cycle)
    draft.status = "active"
    draft.save()
    assert_monitoring_agrees(r.cycle)
    assert DutyTotal.objects.get(partnership=draft).organisation_id == r.world.coordinator_org.pk
    PartnershipMembership.objects.filter(partnership=draft).update(organisation=other)
    assert_monitoring_agrees(r.cycle)
    PartnershipMembership.objects.filter(partnership=draft).delete()
    assert_monitoring_agrees(r.cycle)
    assert not DutyTotal.objects.filter(partnership=draft).exists()


def test_an_organisation_suspended_withdrawn_and_back(scene):
    r, other, _pledged, _reports = scene
    for status in (OrganisationStatus.SUSPENDED, OrganisationStatus.ACTIVE):
        other.status = status
        other.save()
        assert_monitoring_agrees(r.cycle, r.closed)
    other.status = OrganisationStatus.WITHDRAWN
    other.save()
    assert_monitoring_agrees(r.cycle, r.closed)
    assert not CycleStatusTotal.objects.filter(organisation=other).exists()


def test_commitments_and_targets_changed(scene):
    r, other, pledged, _reports = scene
    shared = r.people.commitment
    Commitment.objects.filter(pk=shared.pk).update(is_current=False)  # a new version replaces it
    assert_monitoring_agrees(r.cycle)
    Commitment.objects.filter(pk=shared.pk).update(is_current=True)
    assert_monitoring_agrees(r.cycle)
    Commitment.objects.filter(pk=pledged.commitment_id).update(partnership=r.partnership)
    assert_monitoring_agrees(r.cycle)
    Target.objects.filter(pk=r.events.pk).update(commitment=shared)
    assert_monitoring_agrees(r.cycle)
    extra = make_target(shared, "events-held", "3")
    assert_monitoring_agrees(r.cycle)
    extra.delete()
    assert_monitoring_agrees(r.cycle)
    # the pledge, moved into the partnership, names no responsible organisation: the coordinator owes it
    assert DutyTotal.objects.get(organisation=other, partnership=r.partnership).expected == 4


def test_a_rebuild_gives_the_same_tables(scene):
    r, _other, _pledged, _reports = scene
    before = set(CycleStatusTotal.objects.values_list("cycle", "organisation", "submitted"))
    CycleStatusTotal.objects.update(submitted=7)
    DutyTotal.objects.all().delete()
    assert {"duty totals", "cycle status totals"} <= set(recompute.differences())
    recompute.rebuild()
    assert_monitoring_agrees(r.cycle)
    assert set(CycleStatusTotal.objects.values_list("cycle", "organisation", "submitted")) == before


def _partnerships_owing(reporting, start: int, stop: int) -> list:
    made = []
    for k in range(start, stop):
        partnership = make_partnership(reporting.world.coordinator_org, name=f"Owing {k}")
        plan = Commitment.objects.create(partnership=partnership, title="Plan", is_current=True)
        target = make_target(plan, "people-upskilled", "10")
        member = make_organisation(f"Member {k}", country="BE")
        plan.responsible_organisations.add(member)
        make_report(target, member, reporting.cycle, "1", status="submitted")
        made.append(partnership)
    return made


def test_monitoring_reads_as_many_queries_for_1_and_50_partnerships(reporting, login, settings):
    settings.REMEMBERED_FIGURES_ENABLED = False
    settings.PAGE_CACHE_ENABLED = False
    staff = login(reporting.world.support)
    pages = [
        reverse("commitments:monitoring_cycle", args=[reporting.cycle.year]),
        reverse("commitments:monitoring"),
    ]

    def measured(partnerships: list) -> list[int]:
        counts = []
        for url in pages:
            staff.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert staff.get(url).status_code == 200
            counts.append(len(queries))
        with CaptureQueriesContext(connection) as queries:
            rows = oversight.status_counts(partnerships, reporting.cycle)
        assert [(row["expected"], row["submitted"], row["missing"]) for row in rows] == [
            (1, 1, 0)
        ] * len(partnerships)
        return [*counts, len(queries)]

    first = _partnerships_owing(reporting, 0, 1)
    one = measured(first)
    fifty = measured(first + _partnerships_owing(reporting, 1, 50))
    assert one == fifty
    assert one[-1] == 2


def test_a_cycle_created_or_deleted_and_an_organisation_renamed(scene):
    r, other, _pledged, _reports = scene
    cycle = ReportingCycle.objects.create(
        year=2026, opens_on=dt.date(2027, 2, 1), closes_on=dt.date(2027, 3, 31)
    )
    assert_monitoring_agrees(cycle)
    assert selectors._monitoring_summary(cycle)["organisations_missing"] == 3
    other.name = "Aaa Hotel School"
    other.save()
    assert_monitoring_agrees(r.cycle)
    assert selectors.MonitoringRows(r.cycle)[0]["name"] == "Aaa Hotel School"
    cycle.delete()
    assert recompute.differences() == {}
