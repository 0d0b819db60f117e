"""The next coordinator: a coordinating organisation that leaves, is suspended, withdraws or is
merged leaves the partnership waiting for staff, who appoint the next one among its members."""

from __future__ import annotations

import pytest
from django.urls import reverse

from members.merging import services as merging
from pact.models import AuditEntry, OutboundEmail
from partnerships.common import PartnershipError
from partnerships.models import CoordinatorVacancy, PartnershipMembership
from partnerships.workspace import coordination, membership
from tests.factories import make_organisation, make_partnership, make_user

pytestmark = pytest.mark.django_db


def test_a_coordinator_that_leaves_opens_a_vacancy(world):
    membership.leave_partnership(world.partnership, world.coordinator_org, actor=world.coordinator)
    world.partnership.refresh_from_db()
    assert world.partnership.coordinator is None
    vacancy = CoordinatorVacancy.objects.get(partnership=world.partnership, closed_at=None)
    assert vacancy.reason == "left" and vacancy.previous == world.coordinator_org
    assert AuditEntry.objects.filter(kind="pact.partnership.coordinator_vacancy_opened").exists()
    assert coordination.candidates(world.partnership) == [world.member_org]


def test_a_lone_coordinator_cannot_leave(world):
    alone = make_partnership(world.outsider_org)
    with pytest.raises(PartnershipError):
        membership.leave_partnership(alone, world.outsider_org, actor=world.outsider)
    assert not CoordinatorVacancy.objects.exists()


def test_merging_the_coordinator_asks_staff_for_the_next_one(world):
    duplicate = make_organisation("Coordinating Agency (duplicate)", admin=make_user())
    partnership = make_partnership(duplicate, members=(world.member_org,))
    merging.merge(duplicate, world.coordinator_org, world.reviewer, reason="Same agency")
    vacancy = CoordinatorVacancy.objects.get(partnership=partnership, closed_at=None)
    assert vacancy.reason == "merged"
    # The kept organisation took the membership over and can be confirmed as coordinator.
    assert world.coordinator_org in coordination.candidates(partnership)
    coordination.appoint_coordinator(vacancy, world.coordinator_org, actor=world.reviewer)
    assert PartnershipMembership.objects.get(
        partnership=partnership, role="coordinator"
    ).organisation == (world.coordinator_org)


def test_staff_appoint_through_the_page_and_others_get_404(world, login):
    membership.leave_partnership(world.partnership, world.coordinator_org, actor=world.coordinator)
    url = reverse("partnerships:appoint_coordinator", args=[world.partnership.slug])
    for person in (world.member, world.outsider, world.support):
        assert login(person).post(url, {"organisation": world.member_org.pk}).status_code == 404
    client = login(world.reviewer)
    assert world.member_org.name in client.get(url).text
    assert client.post(url, {"organisation": world.outsider_org.pk}).status_code == 400
    assert client.post(url, {"organisation": world.member_org.pk}).status_code == 302
    assert PartnershipMembership.objects.get(
        partnership=world.partnership, role="coordinator"
    ).organisation == (world.member_org)
    assert AuditEntry.objects.filter(
        kind="pact.partnership.coordinator_appointed", actor=world.reviewer
    ).exists()
    assert OutboundEmail.objects.filter(
        recipient=world.member, kind="partnership.coordination"
    ).exists()
    # Nothing left to appoint: the page is gone.
    assert client.get(url).status_code == 404
