"""Staff monitoring's totals stay equal to the data when a report changes while, in another
transaction, who owes reports changes, or another report of the same partnership changes.
Connections of their own, which commit: the rows are made and removed here."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from decimal import Decimal

from commitments.models import (
    Commitment,
    CyclePartnershipStatus,
    Indicator,
    ProgressReport,
    ReportingCycle,
    Target,
)
from commitments.summaries import recompute
from members.models import Organisation
from partnerships.models import Partnership, PartnershipMembership
from tests.survey.test_schedule import _in_thread


def _scene() -> dict:
    unique = uuid.uuid4().hex[:8]
    orgs = [
        Organisation.objects.create(
            name=f"Racer {k} {unique}",
            slug=f"racer-{k}-{unique}",
            type="sme",
            country="BE",
            contact_name="C",
            contact_email="c@example.org",
            status="active",
        )
        for k in range(3)
    ]
    partnership = Partnership.objects.create(
        name=f"Racing {unique}",
        slug=f"racing-{unique}",
        status="active",
        kind="rsp",
        shape="single_region",
        countries=["BE"],
        coordinator=orgs[0],
    )
    PartnershipMembership.objects.create(
        partnership=partnership, organisation=orgs[0], role="coordinator"
    )
    commitment = Commitment.objects.create(partnership=partnership, title="Race", is_current=True)
    commitment.responsible_organisations.add(orgs[0], orgs[1])
    indicator = Indicator.objects.get(code="people-upskilled")
    target = Target.objects.create(
        commitment=commitment,
        indicator=indicator,
        unit=indicator.unit,
        target_value=Decimal(10),
        target_date=dt.date(2030, 1, 1),
    )
    cycle = ReportingCycle.objects.create(
        year=2800 + int(unique, 16) % 90,
        opens_on=dt.date(2026, 1, 1),
        closes_on=dt.date(2026, 12, 31),
        status=ReportingCycle.Status.OPEN,
    )
    reports = [
        ProgressReport.objects.create(
            target=target, organisation=org, cycle=cycle, value=Decimal(1), status="draft"
        ).pk
        for org in orgs
    ]
    return {
        "orgs": [o.pk for o in orgs],
        "partnership": partnership.pk,
        "commitment": commitment.pk,
        "target": target.pk,
        "cycle": cycle.pk,
        "reports": reports,
    }


def _remove(s: dict) -> None:
    ProgressReport.objects.filter(pk__in=s["reports"]).delete()
    Target.objects.filter(pk=s["target"]).delete()
    Commitment.objects.filter(pk=s["commitment"]).delete()
    Partnership.objects.filter(pk=s["partnership"]).delete()
    ReportingCycle.objects.filter(pk=s["cycle"]).delete()
    Organisation.objects.filter(pk__in=s["orgs"]).delete()


def _race(first, second) -> None:
    """``first`` runs and holds its transaction open; ``second`` starts meanwhile; then both end."""
    from django.db import transaction

    holding, release = threading.Event(), threading.Event()

    def one() -> None:
        with transaction.atomic():
            first()
            holding.set()
            release.wait(10)

    def two() -> None:
        with transaction.atomic():
            second()

    a = threading.Thread(target=lambda: _in_thread(one))
    a.start()
    assert holding.wait(10)
    b = threading.Thread(target=lambda: _in_thread(two))
    b.start()
    b.join(1)  # it waits, or it is done: either way it started before the first ended
    release.set()
    a.join(20)
    b.join(20)


def _submit(pk: int):
    return lambda: ProgressReport.objects.filter(pk=pk).update(status="submitted")


def test_a_report_submitted_while_its_organisation_becomes_responsible(db):
    s = _in_thread(_scene)
    try:
        outsider = s["orgs"][2]  # has a draft, owes nothing yet

        def add() -> None:
            Commitment.objects.get(pk=s["commitment"]).responsible_organisations.add(outsider)

        _race(add, _submit(s["reports"][2]))
        assert _in_thread(recompute.differences) == {}
        # and the other way round: the report first, the duty second
        _in_thread(lambda: ProgressReport.objects.filter(pk=s["reports"][1]).update(status="draft"))

        def remove() -> None:
            Commitment.objects.get(pk=s["commitment"]).responsible_organisations.remove(outsider)

        _race(_submit(s["reports"][1]), remove)
        assert _in_thread(recompute.differences) == {}
    finally:
        _in_thread(lambda: _remove(s))


def test_two_reports_of_one_partnership_submitted_at_once(db):
    s = _in_thread(_scene)
    try:
        _race(_submit(s["reports"][0]), _submit(s["reports"][1]))
        assert _in_thread(recompute.differences) == {}
        done = _in_thread(
            lambda: (
                CyclePartnershipStatus.objects.get(
                    cycle_id=s["cycle"], partnership_id=s["partnership"]
                ).pairs_done
            )
        )
        assert done == 2
    finally:
        _in_thread(lambda: _remove(s))
