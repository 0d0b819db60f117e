"""Invitations that explain themselves: a signed-out invitee sees who invited them to what, with
"Create an account" first; after sign-up and confirmation the invitation is applied."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from members.colleagues import services as colleagues
from members.models import OrganisationMembership
from pact.kernel.outbox import delivery
from pact.models import OutboundEmail
from partnerships.workspace import invitations as ps_invitations

pytestmark = pytest.mark.django_db


def _sign_up_and_confirm(client, email: str, next_url: str):
    response = client.post(
        reverse("account_signup") + "?next=" + next_url,
        {
            "full_name": "Nina Newcomer",
            "email": email,
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
            "next": next_url,
        },
    )
    assert response.status_code == 302
    _deliver_outbox()
    message = mail.outbox[-1]
    link = re.search(r"http://testserver(/accounts/confirm-email/[^\s]+)", message.body).group(1)
    return client.post(link)


def _deliver_outbox() -> None:
    """Send what the outbox holds now (in the portal, the worker does it after the commit)."""
    pending = OutboundEmail.objects.filter(status="pending").values_list("pk", flat=True)
    delivery.deliver_batch(list(pending))


def _order(page: str, first: str, second: str) -> bool:
    main = page[page.index("<main") :]
    return main.index(first) < main.index(second)


def test_a_signed_out_colleague_sees_who_invited_them_and_the_invitation_applies(client, world):
    invitation = colleagues.invite(
        world.member_org, world.member, "nina@example.org", "contributor"
    )
    url = reverse("members:invitation", kwargs={"token": invitation.token})

    page = client.get(url).content.decode()
    assert "Mia Member invited you to act for Member College" in page
    assert _order(page, reverse("account_signup"), reverse("account_login"))

    response = _sign_up_and_confirm(client, "nina@example.org", url)
    membership = OrganisationMembership.objects.get(user__email="nina@example.org")
    assert membership.organisation == world.member_org
    assert membership.role == "contributor"
    # Back on the invitation link, which now leads to the organisation.
    assert response.status_code == 302
    final = client.get(response.url)
    assert final.status_code == 302
    assert final.url == reverse("members:manage", kwargs={"slug": world.member_org.slug})


def test_a_signed_out_invitee_of_a_partnership_sees_what_and_comes_back_after_sign_up(
    client, world
):
    invitation = ps_invitations.invite_by_email(
        world.partnership, "nina@example.org", actor=world.coordinator
    )
    url = reverse("partnerships:invitation", kwargs={"token": invitation.token})

    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Private Workspace Partnership" in page
    assert "Cora Coordinator" in page
    assert _order(page, reverse("account_signup"), reverse("account_login"))

    response = _sign_up_and_confirm(client, "nina@example.org", url)
    assert response.status_code == 302
    assert response.url == url
    assert client.get(url).status_code == 200


def test_answering_a_partnership_invitation_still_needs_an_account(client, world):
    invitation = ps_invitations.invite_by_email(
        world.partnership, "nina@example.org", actor=world.coordinator
    )
    url = reverse("partnerships:invitation", kwargs={"token": invitation.token})
    response = client.post(url, {"action": "decline"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    invitation.refresh_from_db()
    assert invitation.status == "open"
