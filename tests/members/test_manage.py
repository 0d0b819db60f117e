"""The organisation's own pages: profile editing, colleagues, invitations and the last admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.postgres.search import SearchQuery
from django.urls import reverse
from django.utils import timezone

from members import common
from members.colleagues import services as colleagues
from members.models import Organisation, OrganisationInvitation, OrganisationMembership
from members.profile import services
from pact.models import AuditEntry, OutboundEmail
from tests.factories import make_user
from tests.members.conftest import image_bytes, upload

pytestmark = pytest.mark.django_db


def url(name, organisation, *args):
    return reverse(f"members:{name}", args=[organisation.slug, *args])


def profile_data(organisation, **overrides):
    data = {
        "name": organisation.name,
        "acronym": "MC",
        "type": organisation.type,
        "country": organisation.country.code,
        "nuts_region": "",
        "website": "https://college.example.be",
        "description": "A college.",
        "contact_name": "Mia",
        "contact_email": "mia@college.example.be",
        "lock_version": organisation.lock_version,
    }
    data.update(overrides)
    return data


# --- the private page ---------------------------------------------------------------------------


def test_it_shows_people_invitations_and_status_to_the_admin(world, login):
    colleagues.invite(world.member_org, world.member, "new@college.example.be", "contributor")
    html = login(world.member).get(url("manage", world.member_org)).content.decode()
    assert "Mia Member" in html and "Carl Contributor" in html
    assert "new@college.example.be" in html
    assert "Active member" in html
    assert url("invite", world.member_org) in html


def test_it_shows_people_but_no_admin_actions_to_a_contributor(world, login):
    html = login(world.contributor).get(url("manage", world.member_org)).content.decode()
    assert "Mia Member" in html
    assert url("invite", world.member_org) not in html
    assert url("edit", world.member_org) not in html


def test_it_answers_404_to_outsiders_and_sends_anonymous_people_to_sign_in(world, login, client):
    response = client.get(url("manage", world.member_org))
    assert response.status_code == 302
    assert login(world.outsider).get(url("manage", world.member_org)).status_code == 404
    assert login(world.outsider).get("/members/no-such-organisation/manage/").status_code == 404


@pytest.mark.parametrize(
    ("name", "method", "data"),
    [
        ("edit", "get", None),
        ("invite", "get", None),
        ("invite", "post", {"email": "x@example.org", "role": "admin"}),
        ("import_upload", "get", None),
        ("leave", "post", {}),
    ],
)
def test_it_answers_404_to_outsiders_on_every_action(world, login, name, method, data):
    client = login(world.outsider)
    response = getattr(client, method)(url(name, world.member_org), data)
    assert response.status_code == 404
    assert not OrganisationInvitation.objects.filter(email="x@example.org").exists()


def test_it_answers_404_to_outsiders_on_invitation_and_people_actions(world, login):
    invitation = colleagues.invite(world.member_org, world.member, "new@example.org", "contributor")
    membership = OrganisationMembership.objects.get(user=world.contributor)
    client = login(world.outsider)
    for response in (
        client.post(url("revoke_invitation", world.member_org, invitation.pk)),
        client.post(url("remove_member", world.member_org, membership.pk)),
        client.post(url("change_role", world.member_org, membership.pk), {"role": "admin"}),
        client.post(url("hand_over", world.member_org, membership.pk)),
        # the outsider's own organisation cannot reach another organisation's rows either
        client.post(url("remove_member", world.outsider_org, membership.pk)),
        client.post(url("revoke_invitation", world.outsider_org, invitation.pk)),
    ):
        assert response.status_code == 404
    invitation.refresh_from_db()
    membership.refresh_from_db()
    assert invitation.revoked_at is None
    assert membership.role == "contributor"


def test_it_answers_404_to_a_contributor_on_admin_actions(world, login):
    client = login(world.contributor)
    assert client.get(url("edit", world.member_org)).status_code == 404
    assert client.post(url("invite", world.member_org), {"email": "a@b.org"}).status_code == 404


# --- profile -------------------------------------------------------------------------------------


def test_it_saves_the_profile_and_keeps_search_up_to_date(world, login):
    organisation = world.member_org
    response = login(world.member).post(
        url("edit", organisation),
        profile_data(
            organisation,
            description="Welding and mechatronics courses.",
            logo=upload("l.gif", image_bytes("GIF")),
        ),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.acronym == "MC"
    assert organisation.lock_version == 1
    assert organisation.logo.name.endswith(".png")
    entry = AuditEntry.objects.get(kind="pact.organisation.updated")
    assert "description" in entry.data["fields"] and "logo" in entry.data["fields"]
    assert Organisation.objects.filter(
        pk=organisation.pk, search_vector=SearchQuery("mechatronics", config="simple")
    ).exists()


def test_it_refuses_a_stale_save_and_keeps_the_text(world, login):
    organisation = world.member_org
    stale = profile_data(organisation, description="My long careful text")
    services.update_profile(
        organisation,
        world.member,
        {**profile_data(organisation, description="Saved by a colleague"), "nuts_region": None},
        expected_version=0,
    )
    response = login(world.member).post(url("edit", organisation), stale)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this profile" in html
    assert "My long careful text" in html
    assert "Saved by a colleague" in html  # the current version is shown
    organisation.refresh_from_db()
    assert organisation.description == "Saved by a colleague"


def test_it_refuses_renaming_to_a_name_taken_in_the_country(world, login):
    response = login(world.member).post(
        url("edit", world.member_org), profile_data(world.member_org, name="outsider LTD")
    )
    assert response.status_code == 200
    assert "already registered in this country" in response.content.decode()


# --- invitations ---------------------------------------------------------------------------------


def test_it_invites_a_colleague_by_email(world, login):
    response = login(world.member).post(
        url("invite", world.member_org), {"email": "New.Person@College.example.be", "role": "admin"}
    )
    assert response.status_code == 302
    invitation = OrganisationInvitation.objects.get(organisation=world.member_org)
    assert (invitation.email, invitation.role) == ("new.person@college.example.be", "admin")
    email = OutboundEmail.objects.get(kind="members.invitation")
    assert reverse("members:invitation", args=[invitation.token]) in email.body_text
    assert AuditEntry.objects.filter(kind="pact.organisation_member.invited").exists()


def test_it_refuses_inviting_an_address_twice(world, login):
    client = login(world.member)
    client.post(url("invite", world.member_org), {"email": "twice@example.org", "role": "admin"})
    response = client.post(
        url("invite", world.member_org), {"email": "TWICE@example.org", "role": "contributor"}
    )
    assert response.status_code == 200
    assert "already open" in response.content.decode()
    assert OrganisationInvitation.objects.filter(email="twice@example.org").count() == 1


def test_it_refuses_inviting_someone_who_is_already_a_member(world, login):
    response = login(world.member).post(
        url("invite", world.member_org), {"email": world.contributor.email, "role": "admin"}
    )
    assert response.status_code == 200
    assert "already a member" in response.content.decode()
    assert not OrganisationInvitation.objects.exists()


def test_it_allows_a_new_invitation_once_the_old_one_expired(world, settings):
    old = colleagues.invite(world.member_org, world.member, "late@example.org", "contributor")
    OrganisationInvitation.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=settings.INVITATION_VALIDITY_DAYS + 1)
    )
    colleagues.invite(world.member_org, world.member, "late@example.org", "contributor")
    old.refresh_from_db()
    assert old.revoked_at is not None


def test_it_lets_the_invited_person_accept_after_signing_in(world, client, login):
    invitation = colleagues.invite(world.member_org, world.member, "joiner@example.org", "admin")
    link = reverse("members:invitation", args=[invitation.token])
    anonymous = client.get(link)
    assert anonymous.status_code == 200
    assert reverse("account_login") in anonymous.content.decode()
    joiner = make_user("Joiner@example.org".lower())
    response = login(joiner).post(link)
    assert response.status_code == 302
    assert OrganisationMembership.objects.get(user=joiner).role == "admin"
    assert AuditEntry.objects.filter(kind="pact.organisation_member.joined").exists()
    assert login(joiner).post(link).status_code == 410  # one use only


def test_it_refuses_an_invitation_to_someone_signed_in_with_another_address(world, login):
    invitation = colleagues.invite(world.member_org, world.member, "joiner@example.org", "admin")
    link = reverse("members:invitation", args=[invitation.token])
    response = login(world.outsider).post(link)
    assert response.status_code == 404
    assert "another email address" in response.content.decode()
    assert world.member_org.name not in response.content.decode()
    assert not OrganisationMembership.objects.filter(
        user=world.outsider, organisation=world.member_org
    ).exists()


def test_it_answers_404_to_an_unknown_token(client):
    assert client.get(reverse("members:invitation", args=["not-a-token"])).status_code == 404


def test_it_revokes_an_invitation(world, login):
    invitation = colleagues.invite(world.member_org, world.member, "gone@example.org", "admin")
    login(world.member).post(url("revoke_invitation", world.member_org, invitation.pk))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    link = reverse("members:invitation", args=[invitation.token])
    assert login(make_user("gone@example.org")).get(link).status_code == 410


def test_it_lists_open_invitations_on_the_invited_persons_dashboard(world, login):
    joiner = make_user("dash@example.org")
    colleagues.invite(world.member_org, world.member, "dash@example.org", "contributor")
    html = login(joiner).get(reverse("dashboard")).content.decode()
    assert "You are invited to act for" in html and "Member College" in html


# --- people and the last admin ---------------------------------------------------------------------


def test_it_removes_a_colleague(world, login):
    membership = OrganisationMembership.objects.get(user=world.contributor)
    response = login(world.member).post(url("remove_member", world.member_org, membership.pk))
    assert response.status_code == 302
    assert not OrganisationMembership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.filter(kind="pact.organisation_member.removed").exists()


def test_the_last_admin_cannot_leave(world, login):
    response = login(world.member).post(url("leave", world.member_org), follow=True)
    assert "only admin" in response.content.decode()
    assert OrganisationMembership.objects.filter(user=world.member, role="admin").exists()


def test_the_last_admin_cannot_be_removed_or_downgraded(world, login):
    own = OrganisationMembership.objects.get(user=world.member)
    client = login(world.member)
    client.post(url("remove_member", world.member_org, own.pk))
    client.post(url("change_role", world.member_org, own.pk), {"role": "contributor"})
    own.refresh_from_db()
    assert own.role == "admin"
    with pytest.raises(common.MembershipError):
        colleagues.change_role(own, world.member, "contributor")


def test_a_contributor_can_leave(world, login):
    response = login(world.contributor).post(url("leave", world.member_org))
    assert response.status_code == 302
    assert not OrganisationMembership.objects.filter(user=world.contributor).exists()


def test_it_changes_a_role_and_then_lets_the_former_admin_leave(world, login):
    membership = OrganisationMembership.objects.get(user=world.contributor)
    client = login(world.member)
    client.post(url("change_role", world.member_org, membership.pk), {"role": "admin"})
    membership.refresh_from_db()
    assert membership.role == "admin"
    assert AuditEntry.objects.filter(kind="pact.organisation_member.role_changed").exists()
    client.post(url("leave", world.member_org))
    assert not OrganisationMembership.objects.filter(user=world.member).exists()


def test_it_hands_the_admin_role_over(world, login):
    membership = OrganisationMembership.objects.get(user=world.contributor)
    login(world.member).post(url("hand_over", world.member_org, membership.pk))
    roles = dict(
        OrganisationMembership.objects.filter(organisation=world.member_org).values_list(
            "user__email", "role"
        )
    )
    assert roles == {world.contributor.email: "admin", world.member.email: "contributor"}
