"""Invitations: by the coordinator, to a member organisation or to an address; the answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from pact.models import AuditEntry, OutboundEmail
from partnerships.models import PartnershipInvitation, PartnershipMembership
from partnerships.workspace import invitations
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


def _invite_url(partnership):
    return f"/partnerships/{partnership.slug}/invite/"


def test_it_finds_member_organisations_by_name_or_acronym(login, world, newcomer):
    client = login(world.coordinator)
    response = client.get(_invite_url(world.partnership), {"q": "ntc"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Newcomer Training Centre" in body
    # Members are listed but cannot be chosen again.
    response = client.get(_invite_url(world.partnership), {"q": "college"})
    assert "already a member" in response.content.decode()


def test_it_answers_the_htmx_search_with_the_results_only(login, world, newcomer):
    response = login(world.coordinator).get(
        _invite_url(world.partnership), {"q": "Newcomer"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Newcomer Training Centre" in body
    assert "<html" not in body


def test_it_does_not_offer_organisations_that_are_not_active(login, world):
    make_organisation("Pending Institute", status="applied")
    response = login(world.coordinator).get(_invite_url(world.partnership), {"q": "Pending"})
    assert "Pending Institute" not in response.content.decode()


def test_it_invites_a_member_organisation_and_its_admin_accepts(login, world, newcomer):
    user, organisation = newcomer
    client = login(world.coordinator)
    response = client.post(
        _invite_url(world.partnership), {"organisation": organisation.pk, "message": "Join us!"}
    )
    assert response.status_code == 302
    invitation = PartnershipInvitation.objects.get()
    assert (invitation.organisation, invitation.status) == (organisation, "open")
    assert AuditEntry.objects.filter(kind="pact.partnership.invitation_sent").exists()
    mail = OutboundEmail.objects.get(to_address=user.email, kind="partnership.invitation")
    assert invitation.token in mail.body_text
    assert "Join us!" in mail.body_text

    # The invited organisation's admin sees it on their dashboard and accepts.
    client = login(user)
    assert world.partnership.name in client.get("/dashboard/").content.decode()
    page = client.get(f"/partnerships/invitations/{invitation.token}/")
    assert page.status_code == 200
    response = client.post(f"/partnerships/invitations/{invitation.token}/", {"action": "accept"})
    assert response.status_code == 302
    assert response["Location"] == f"/partnerships/{world.partnership.slug}/workspace/"
    membership = PartnershipMembership.objects.get(
        partnership=world.partnership, organisation=organisation
    )
    assert membership.role == "member"
    world.partnership.refresh_from_db()
    assert world.partnership.member_count == 3
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    assert AuditEntry.objects.filter(kind="pact.partnership.invitation_accepted").exists()
    assert OutboundEmail.objects.filter(
        to_address=world.coordinator.email, kind="partnership.invitation_answered"
    ).exists()
    assert client.get(response["Location"]).status_code == 200


def test_it_refuses_to_invite_the_same_organisation_twice(login, world, newcomer):
    _user, organisation = newcomer
    client = login(world.coordinator)
    client.post(_invite_url(world.partnership), {"organisation": organisation.pk})
    response = client.post(
        _invite_url(world.partnership), {"organisation": organisation.pk, "message": "Again"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "has already been invited and has not answered yet" in body
    assert "Again" in body
    assert PartnershipInvitation.objects.count() == 1


def test_it_refuses_to_invite_a_member(login, world):
    response = login(world.coordinator).post(
        _invite_url(world.partnership), {"organisation": world.member_org.pk}
    )
    assert response.status_code == 400
    assert "is already a member of this partnership" in response.content.decode()
    assert not PartnershipInvitation.objects.exists()


def test_it_refuses_to_invite_an_organisation_that_is_not_active(login, world):
    pending = make_organisation("Pending Institute", status="applied")
    response = login(world.coordinator).post(
        _invite_url(world.partnership), {"organisation": pending.pk}
    )
    assert response.status_code == 400
    assert not PartnershipInvitation.objects.exists()


def test_it_invites_again_once_an_invitation_expired(world, newcomer):
    _user, organisation = newcomer
    first = invitations.invite_organisation(
        world.partnership, organisation, actor=world.coordinator
    )
    PartnershipInvitation.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - timedelta(days=60)
    )
    second = invitations.invite_organisation(
        world.partnership, organisation, actor=world.coordinator
    )
    first.refresh_from_db()
    assert first.status == "revoked"
    assert second.status == "open"


def test_it_lets_the_invited_organisation_decline(login, world, newcomer):
    user, organisation = newcomer
    invitation = invitations.invite_organisation(
        world.partnership, organisation, actor=world.coordinator
    )
    response = login(user).post(
        f"/partnerships/invitations/{invitation.token}/", {"action": "decline"}
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    assert not PartnershipMembership.objects.filter(organisation=organisation).exists()
    assert AuditEntry.objects.filter(kind="pact.partnership.invitation_declined").exists()
    # An answered invitation cannot be answered again.
    login(user).post(f"/partnerships/invitations/{invitation.token}/", {"action": "accept"})
    assert not PartnershipMembership.objects.filter(organisation=organisation).exists()


def test_it_hides_an_organisation_invitation_from_people_who_cannot_answer_it(
    login, world, newcomer
):
    _user, organisation = newcomer
    colleague = make_user("colleague@example.org")
    from members.models import OrganisationMembership

    OrganisationMembership.objects.create(
        organisation=organisation, user=colleague, role="contributor"
    )
    invitation = invitations.invite_organisation(
        world.partnership, organisation, actor=world.coordinator
    )
    for user in (colleague, world.outsider):
        url = f"/partnerships/invitations/{invitation.token}/"
        assert login(user).get(url).status_code == 404
        assert login(user).post(url, {"action": "accept"}).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "open"


def test_it_refuses_an_expired_invitation(login, world, newcomer):
    user, organisation = newcomer
    invitation = invitations.invite_organisation(
        world.partnership, organisation, actor=world.coordinator
    )
    PartnershipInvitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=60)
    )
    client = login(user)
    assert (
        "has expired"
        in client.get(f"/partnerships/invitations/{invitation.token}/").content.decode()
    )
    client.post(f"/partnerships/invitations/{invitation.token}/", {"action": "accept"})
    assert not PartnershipMembership.objects.filter(organisation=organisation).exists()


def test_it_invites_by_email_and_the_recipient_registers_then_accepts(login, world):
    client = login(world.coordinator)
    response = client.post(
        f"/partnerships/{world.partnership.slug}/invite/email/",
        {"email": "Director@Future-Academy.example", "message": "We need you"},
    )
    assert response.status_code == 302
    invitation = PartnershipInvitation.objects.get()
    mail = OutboundEmail.objects.get(to_address="Director@Future-Academy.example")
    assert f"/partnerships/invitations/{invitation.token}/" in mail.body_text

    # The same address (whatever its case) cannot be invited twice.
    response = client.post(
        f"/partnerships/{world.partnership.slug}/invite/email/",
        {"email": "director@future-academy.example"},
    )
    assert response.status_code == 400
    assert "has already been invited" in response.content.decode()
    assert PartnershipInvitation.objects.count() == 1

    # The recipient signs up; until their organisation is approved they are asked to register it.
    director = make_user("director@future-academy.example")
    url = f"/partnerships/invitations/{invitation.token}/"
    client = login(director)
    assert "Register your organisation first" in client.get(url).content.decode()
    assert world.partnership.name in client.get("/dashboard/").content.decode()
    academy = make_organisation("Future Academy", admin=director, status="applied")
    assert "is being reviewed" in client.get(url).content.decode()
    academy.status = "active"
    academy.save()
    response = client.post(url, {"action": "accept", "organisation": academy.pk})
    assert response.status_code == 302
    assert PartnershipMembership.objects.filter(
        partnership=world.partnership, organisation=academy, role="member"
    ).exists()
    invitation.refresh_from_db()
    assert (invitation.status, invitation.organisation) == ("accepted", academy)


def test_it_refuses_an_invalid_address(login, world):
    response = login(world.coordinator).post(
        f"/partnerships/{world.partnership.slug}/invite/email/", {"email": "not-an-address"}
    )
    assert response.status_code == 400
    assert not PartnershipInvitation.objects.exists()


def test_it_lets_the_coordinator_withdraw_an_invitation(login, world, newcomer):
    user, organisation = newcomer
    invitation = invitations.invite_organisation(
        world.partnership, organisation, actor=world.coordinator
    )
    response = login(world.coordinator).post(
        f"/partnerships/{world.partnership.slug}/invitations/{invitation.pk}/revoke/"
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    login(user).post(f"/partnerships/invitations/{invitation.token}/", {"action": "accept"})
    assert not PartnershipMembership.objects.filter(organisation=organisation).exists()


def test_it_lists_open_invitations_in_the_workspace(login, world, newcomer):
    _user, organisation = newcomer
    invitations.invite_organisation(world.partnership, organisation, actor=world.coordinator)
    invitations.invite_by_email(world.partnership, "someone@example.net", actor=world.coordinator)
    body = (
        login(world.member)
        .get(f"/partnerships/{world.partnership.slug}/workspace/")
        .content.decode()
    )
    assert "Newcomer Training Centre" in body
    assert "someone@example.net" in body
