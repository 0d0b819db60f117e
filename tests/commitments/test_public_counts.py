"""The public counts the API's lists read (``PublicCount``, kept by triggers) equal a count of
``public()`` after every change that moves reports, commitments or targets in or out of it; and
the lists' ``count`` is what a count of the visible rows gives, for members and outsiders."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Sum
from django.test import Client

from commitments.models import Commitment, ProgressReport, PublicCount, Target
from members.models import Organisation
from pact import access
from tests.commitments.conftest import make_report, make_target
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def kept() -> dict:
    rows = PublicCount.objects.values("kind", "cycle_id").annotate(total=Sum("n"))
    return {(r["kind"], r["cycle_id"]): r["total"] for r in rows if r["total"]}


def recounted() -> dict:
    counts: dict = {}
    for cycle_id in ProgressReport.objects.public().values_list("cycle_id", flat=True):
        counts[("reports", cycle_id)] = counts.get(("reports", cycle_id), 0) + 1
    public = Commitment.objects.public()
    if public.count():
        counts[("commitments", 0)] = public.count()
    targets = Target.objects.filter(commitment__in=public).count()
    if targets:
        counts[("targets", 0)] = targets
    return counts


@pytest.fixture
def scene(reporting):
    r = reporting
    w = r.world
    pledger = make_organisation("Pledging Training Centre", admin=None)
    pledge = Commitment.objects.create(
        organisation=pledger, title="Our pledge", is_current=True, review="approved"
    )
    pledged = make_target(pledge, "people-upskilled", "50")
    reports = [
        make_report(r.people, w.member_org, r.closed, "10"),
        make_report(r.money, w.member_org, r.closed, "100"),
        make_report(r.people, w.member_org, r.cycle, "5", status="submitted"),
        make_report(pledged, pledger, r.closed, "7"),
    ]
    return r, pledger, pledge, pledged, reports


def test_the_counts_follow_every_change_of_what_is_public(scene):
    r, pledger, pledge, pledged, reports = scene
    assert kept() == recounted() and kept()[("reports", r.closed.pk)] == 3

    steps = [
        lambda: ProgressReport.objects.filter(pk=reports[2].pk).update(status="validated"),
        lambda: ProgressReport.objects.filter(pk=reports[0].pk).update(status="returned"),
        lambda: ProgressReport.objects.filter(pk=reports[0].pk).update(status="validated"),
        lambda: ProgressReport.objects.filter(pk=reports[1].pk).delete(),
        lambda: ProgressReport.objects.filter(pk=reports[2].pk).update(
            target=r.money, cycle=r.closed
        ),
        lambda: r.partnership.__class__.objects.filter(pk=r.partnership.pk).update(status="closed"),
        lambda: r.partnership.__class__.objects.filter(pk=r.partnership.pk).update(
            status="suspended"
        ),
        lambda: r.partnership.__class__.objects.filter(pk=r.partnership.pk).update(status="active"),
        lambda: Organisation.objects.filter(pk=pledger.pk).update(status="suspended"),
        lambda: Organisation.objects.filter(pk=pledger.pk).update(status="active"),
        lambda: Commitment.objects.filter(pk=pledge.pk).update(is_current=False),
        lambda: Commitment.objects.filter(pk=pledge.pk).update(is_current=True),
        # A changed pledge waits for staff again, then is approved.
        lambda: Commitment.objects.filter(pk=pledge.pk).update(review="pending"),
        lambda: Organisation.objects.filter(pk=pledger.pk).update(status="suspended"),
        lambda: Organisation.objects.filter(pk=pledger.pk).update(status="active"),
        lambda: Commitment.objects.filter(pk=pledge.pk).update(review="approved"),
        lambda: Target.objects.filter(pk=pledged.pk).update(commitment=r.people.commitment),
        lambda: make_target(pledge, "events-held", "3"),
        lambda: Commitment.objects.filter(pk=pledge.pk).update(
            partnership=r.partnership, organisation=None
        ),
        # Statements of many rows: the triggers add one delta per statement.
        lambda: ProgressReport.objects.filter(organisation=r.world.member_org).update(
            status="returned"
        ),
        lambda: ProgressReport.objects.filter(organisation=r.world.member_org).update(
            status="validated"
        ),
        lambda: ProgressReport.objects.bulk_create(
            [
                ProgressReport(
                    target=target,
                    organisation=r.world.member_org,
                    cycle=r.cycle,
                    value=i,
                    status=status,
                )
                for target, i, status in (
                    (r.money, 1, "validated"),
                    (r.share, 2, "submitted"),
                    (r.events, 3, "validated"),
                )
            ]
        ),
        lambda: Target.objects.filter(commitment=pledge).update(commitment=r.people.commitment),
        lambda: Commitment.objects.filter(pk__in=[pledge.pk, r.people.commitment_id]).update(
            is_current=False
        ),
        lambda: Commitment.objects.filter(pk__in=[pledge.pk, r.people.commitment_id]).update(
            is_current=True
        ),
        lambda: ProgressReport.objects.filter(cycle=r.cycle, value__in=[1, 2, 3]).delete(),
    ]
    for number, step in enumerate(steps):
        step()
        assert kept() == recounted(), f"after step {number}"


def test_the_list_counts_are_the_visible_rows(scene, login):
    r, *_ = scene
    w = r.world
    ProgressReport.objects.filter(organisation=w.member_org, status="submitted").update(
        status="draft"
    )
    for person in (w.member, w.outsider, None):
        client = login(person) if person else Client()
        user = person or AnonymousUser()
        for path, visible in (
            ("/api/v1/reports/", access.reports_visible_to),
            ("/api/v1/commitments/", access.commitments_visible_to),
        ):
            data = client.get(path, HTTP_ACCEPT="application/json").json()
            assert data["count"] == visible(user).count(), (path, person)
        data = client.get(f"/api/v1/reports/?cycle={r.cycle.year}&status=draft").json()
        mine = access.reports_visible_to(user).filter(cycle=r.cycle, status="draft")
        assert data["count"] == mine.count() == len(data["results"])
        targets = client.get("/api/v1/targets/").json()["count"]
        assert (
            targets
            == Target.objects.filter(commitment__in=access.commitments_visible_to(user)).count()
        )
