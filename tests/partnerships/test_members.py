"""Join requests, removing members, leaving, and handing coordination over."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from pact.models import AuditEntry, OutboundEmail
from partnerships.common import PartnershipError
from partnerships.models import JoinRequest, PartnershipMembership
from partnerships.workspace import invitations, membership

pytestmark = pytest.mark.django_db


def _url(partnership, suffix=""):
    return f"/partnerships/{partnership.slug}/{suffix}"


# --- join requests -------------------------------------------------------------------------------


def test_it_lets_an_active_member_organisation_ask_to_join(
    login, world, public_partnership, newcomer
):
    user, organisation = newcomer
    client = login(user)
    page = client.get(_url(public_partnership)).content.decode()
    assert "Ask to join this partnership" in page
    response = client.post(_url(public_partnership, "join/"), {"message": "We train welders"})
    assert response.status_code == 302
    request = JoinRequest.objects.get()
    assert (request.organisation, request.status, request.message) == (
        organisation,
        "open",
        "We train welders",
    )
    assert AuditEntry.objects.filter(kind="pact.partnership.join_requested").exists()
    assert OutboundEmail.objects.filter(
        to_address=world.coordinator.email, kind="partnership.join_request"
    ).exists()
    assert "has asked to join" in client.get(_url(public_partnership)).content.decode()
    # Asking twice is refused.
    response = client.post(_url(public_partnership, "join/"), {"message": "Again"})
    assert JoinRequest.objects.count() == 1


def test_it_refuses_join_requests_to_draft_partnerships(login, world, newcomer):
    user, _organisation = newcomer
    assert login(user).post(_url(world.partnership, "join/")).status_code == 404
    with pytest.raises(PartnershipError):
        invitations.request_to_join(world.partnership, _organisation, actor=user)
    assert not JoinRequest.objects.exists()


def test_it_refuses_join_requests_from_members_and_contributors(login, world, public_partnership):
    response = login(world.member).post(
        _url(public_partnership, "join/"), {"organisation": world.member_org.pk}
    )
    assert response.status_code == 400
    with pytest.raises(PartnershipError):
        invitations.request_to_join(public_partnership, world.member_org, actor=world.contributor)
    assert not JoinRequest.objects.exists()


def test_it_lets_the_coordinator_accept_a_join_request(login, world, public_partnership, newcomer):
    user, organisation = newcomer
    request = invitations.request_to_join(public_partnership, organisation, actor=user)
    client = login(world.coordinator)
    assert organisation.name in client.get("/dashboard/").content.decode()
    response = client.post(_url(public_partnership, f"join-requests/{request.pk}/accept/"))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "accepted"
    assert PartnershipMembership.objects.filter(
        partnership=public_partnership, organisation=organisation, role="member"
    ).exists()
    public_partnership.refresh_from_db()
    assert public_partnership.member_count == 3
    assert AuditEntry.objects.filter(kind="pact.partnership.join_accepted").exists()
    assert OutboundEmail.objects.filter(
        to_address=user.email, kind="partnership.join_answered"
    ).exists()
    # The new member's people now see the workspace.
    assert login(user).get(_url(public_partnership, "workspace/")).status_code == 200


def test_it_lets_the_coordinator_decline_a_join_request(login, world, public_partnership, newcomer):
    user, organisation = newcomer
    request = invitations.request_to_join(public_partnership, organisation, actor=user)
    response = login(world.coordinator).post(
        _url(public_partnership, f"join-requests/{request.pk}/decline/")
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "declined"
    assert not PartnershipMembership.objects.filter(organisation=organisation).exists()
    assert AuditEntry.objects.filter(kind="pact.partnership.join_declined").exists()
    # Answering twice is refused.
    login(world.coordinator).post(_url(public_partnership, f"join-requests/{request.pk}/accept/"))
    assert not PartnershipMembership.objects.filter(organisation=organisation).exists()


# --- removing and leaving ------------------------------------------------------------------------


def test_it_lets_the_coordinator_remove_a_member(login, world):
    client = login(world.coordinator)
    url = _url(world.partnership, f"members/{world.member_org.pk}/remove/")
    assert "Remove Member College?" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert not PartnershipMembership.objects.filter(organisation=world.member_org).exists()
    world.partnership.refresh_from_db()
    assert world.partnership.member_count == 1
    assert AuditEntry.objects.filter(kind="pact.partnership.member_removed").exists()
    assert OutboundEmail.objects.filter(
        to_address=world.member.email, kind="partnership.member_removed"
    ).exists()
    # The removed organisation's people lose the workspace.
    assert login(world.member).get(_url(world.partnership, "workspace/")).status_code == 404


def test_it_never_removes_the_coordinating_organisation(login, world):
    client = login(world.coordinator)
    url = _url(world.partnership, f"members/{world.coordinator_org.pk}/remove/")
    assert "cannot be removed" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "cannot be removed" in response.content.decode()
    assert PartnershipMembership.objects.filter(
        organisation=world.coordinator_org, role="coordinator"
    ).exists()
    with pytest.raises(PartnershipError):
        membership.remove_member(world.partnership, world.coordinator_org, actor=world.coordinator)
    assert not AuditEntry.objects.filter(kind="pact.partnership.member_removed").exists()


def test_it_makes_removing_the_last_coordinator_impossible(world):
    """Neither removing nor a second coordinator can leave a partnership without one; a
    coordinator that leaves opens a vacancy staff fill (tests/partnerships/test_coordination.py)."""
    partnership = world.partnership
    with pytest.raises(PartnershipError):
        membership.remove_member(partnership, world.coordinator_org, actor=world.coordinator)
    with pytest.raises(PartnershipError):
        membership.hand_over_coordination(partnership, world.outsider_org, actor=world.coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipMembership.objects.filter(organisation=world.member_org).update(
            role="coordinator"
        )
    assert list(
        PartnershipMembership.objects.filter(
            partnership=partnership, role="coordinator"
        ).values_list("organisation", flat=True)
    ) == [world.coordinator_org.pk]


def test_it_lets_a_member_organisation_leave(login, world):
    response = login(world.member).post(
        _url(world.partnership, "leave/"), {"organisation": world.member_org.pk}
    )
    assert response.status_code == 302
    assert not PartnershipMembership.objects.filter(organisation=world.member_org).exists()
    assert OutboundEmail.objects.filter(
        to_address=world.coordinator.email, kind="partnership.member_left"
    ).exists()


def test_it_lets_only_an_admin_take_the_organisation_out(login, world):
    response = login(world.contributor).post(
        _url(world.partnership, "leave/"), {"organisation": world.member_org.pk}
    )
    assert response.status_code == 404
    assert PartnershipMembership.objects.filter(organisation=world.member_org).exists()


# --- coordination --------------------------------------------------------------------------------


def test_it_hands_coordination_over_to_another_member(login, world):
    client = login(world.coordinator)
    url = _url(world.partnership, "coordination/")
    assert "Member College" in client.get(url).content.decode()
    response = client.post(url, {"organisation": world.member_org.pk, "confirm": "on"})
    assert response.status_code == 302
    roles = dict(
        PartnershipMembership.objects.filter(partnership=world.partnership).values_list(
            "organisation__name", "role"
        )
    )
    assert roles == {"Coordinating Agency": "member", "Member College": "coordinator"}
    world.partnership.refresh_from_db()
    assert world.partnership.coordinator == world.member_org
    assert world.partnership.member_count == 2
    entry = AuditEntry.objects.get(kind="pact.partnership.coordination_handed_over")
    assert entry.data["to"] == world.member_org.slug
    assert OutboundEmail.objects.filter(
        to_address=world.member.email, kind="partnership.coordination"
    ).exists()
    # The rights follow: the former coordinator can no longer invite, the new one can.
    assert login(world.coordinator).get(_url(world.partnership, "invite/")).status_code == 404
    assert login(world.member).get(_url(world.partnership, "invite/")).status_code == 200


def test_it_asks_to_confirm_the_hand_over(login, world):
    response = login(world.coordinator).post(
        _url(world.partnership, "coordination/"), {"organisation": world.member_org.pk}
    )
    assert response.status_code == 400
    assert "Confirm the hand-over." in response.content.decode()
    world.partnership.refresh_from_db()
    assert world.partnership.coordinator == world.coordinator_org


def test_it_refuses_to_hand_over_to_an_organisation_outside_the_partnership(login, world):
    response = login(world.coordinator).post(
        _url(world.partnership, "coordination/"),
        {"organisation": world.outsider_org.pk, "confirm": "on"},
    )
    assert response.status_code == 400
    world.partnership.refresh_from_db()
    assert world.partnership.coordinator == world.coordinator_org
