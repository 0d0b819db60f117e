"""Commitments to search: the tourism partnership of ``reporting``, a Danish digital pledge and an
Austrian digital large-scale partnership, with one target reached and one behind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from commitments.models import Commitment, Target
from tests.commitments.conftest import make_report, make_target
from tests.factories import make_organisation, make_partnership


@dataclass
class Searchable:
    reporting: object
    pledge: Commitment
    cloud: Commitment


@pytest.fixture
def searchable(reporting) -> Searchable:
    r = reporting
    makers = make_organisation(
        "Nordic Makers", country="DK", nuts_region_id="DK01", ecosystems=["digital"]
    )
    pledge = Commitment.objects.create(
        organisation=makers, title="Coding clubs for adults", is_current=True, review="approved"
    )
    make_target(pledge, "people-upskilled", "500")
    alliance = make_partnership(
        make_organisation("Cloud Academy", country="AT"),
        name="Digital Skills Alliance",
        kind="lsp",
        ecosystem="digital",
        countries=["AT"],
    )
    alliance.regions.add("AT31")
    cloud = Commitment.objects.create(partnership=alliance, title="Cloud skills", is_current=True)
    make_target(cloud, "events-held", "40")
    Target.objects.filter(commitment__in=[pledge, cloud]).update(target_date=dt.date(2030, 6, 30))
    # Started long ago with nothing reported: behind. The hospitality learners are reached.
    Commitment.objects.filter(pk=cloud.pk).update(created_at=dt.datetime(2023, 1, 1, tzinfo=dt.UTC))
    make_report(r.people, r.world.member_org, r.closed, "120")
    return Searchable(r, pledge, cloud)
