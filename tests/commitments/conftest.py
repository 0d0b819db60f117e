"""A published partnership with targets, a pledge, an open 2025 cycle and a closed 2024 cycle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from commitments.models import Commitment, Indicator, ProgressReport, ReportingCycle, Target
from tests.factories import make_partnership


@dataclass
class Reporting:
    world: object
    partnership: object
    people: Target  # persons, responsible: member_org
    money: Target  # EUR, responsible: member_org
    share: Target  # percent, responsible: member_org
    events: Target  # count, partnership-level: reported by the coordinator
    cycle: ReportingCycle
    closed: ReportingCycle


def make_target(commitment, code: str, value: str, **extra) -> Target:
    indicator = Indicator.objects.get(code=code)
    return Target.objects.create(
        commitment=commitment,
        indicator=indicator,
        unit=indicator.unit,
        target_value=Decimal(value),
        target_date=dt.date(2027, 12, 31),
        **extra,
    )


def make_report(target, organisation, cycle, value, status="validated", **extra):
    return ProgressReport.objects.create(
        target=target,
        organisation=organisation,
        cycle=cycle,
        value=None if value is None else Decimal(value),
        status=status,
        **extra,
    )


@pytest.fixture
def reporting(world) -> Reporting:
    partnership = make_partnership(
        world.coordinator_org,
        members=(world.member_org,),
        status="active",
        name="Tourism Skills Alliance",
        kind="rsp",
        ecosystem="tourism",
    )
    shared = Commitment.objects.create(
        partnership=partnership, title="Train hospitality workers", is_current=True
    )
    shared.responsible_organisations.add(world.member_org)
    people = make_target(shared, "people-upskilled", "100")
    money = make_target(shared, "investment-eur", "10000")
    share = make_target(shared, "vet-learners-mobility-share", "20")
    level = Commitment.objects.create(
        partnership=partnership, title="Hold partnership events", is_current=True, position=1
    )
    events = make_target(level, "events-held", "12")
    today = timezone.localdate()
    cycle = ReportingCycle.objects.create(
        year=2025,
        opens_on=today - dt.timedelta(days=10),
        closes_on=today + dt.timedelta(days=20),
        reminder_days=[14, 3],
        status=ReportingCycle.Status.OPEN,
        opened_at=timezone.now(),
    )
    closed = ReportingCycle.objects.create(
        year=2024,
        opens_on=dt.date(2025, 2, 1),
        closes_on=dt.date(2025, 3, 31),
        status=ReportingCycle.Status.CLOSED,
    )
    return Reporting(world, partnership, people, money, share, events, cycle, closed)
