"""Mail a person sends to others by pressing a button is limited per person and per partnership (or
organisation), with a clear message; the portal's own mail is not (DESIGN.md §9)."""

from __future__ import annotations

import pytest

from members.models import OrganisationInvitation, OrganisationMembership
from pact.kernel.outbox import limits
from pact.models import OutboundEmail
from pact.support.common import SupportError
from pact.support.matchmaking import services as matchmaking
from partnerships.models import PartnershipInvitation
from partnerships.workspace import invitations
from tests.factories import make_organisation, make_partnership, make_user

pytestmark = pytest.mark.django_db

REACHED = "the most allowed. Please try again later."


def _invite(client, partnership, n):
    return client.post(
        f"/partnerships/{partnership.slug}/invite/email/",
        {"email": f"person-{n}@example.net", "message": "Join us"},
    )


def test_it_stops_a_person_sending_invitations_past_their_limit(login, world, settings):
    settings.MAIL_SEND_LIMITS = {"person": [(3, 3600)], "group": [(100, 3600)]}
    client = login(world.coordinator)
    for n in range(3):
        assert _invite(client, world.partnership, n).status_code == 302
    response = _invite(client, world.partnership, 3)
    assert response.status_code == 400
    body = response.content.decode()
    assert "You have sent 3 invitations or requests in the last hour" in body
    assert REACHED in body
    assert PartnershipInvitation.objects.count() == 3
    assert OutboundEmail.objects.filter(kind="partnership.invitation").count() == 3


def test_it_stops_a_partnership_sending_invitations_past_its_limit(login, world, settings):
    settings.MAIL_SEND_LIMITS = {"person": [(100, 3600)], "group": [(3, 3600)]}
    colleague = make_user("second-coordinator@example.org")
    OrganisationMembership.objects.create(
        organisation=world.coordinator_org, user=colleague, role="admin"
    )
    first = login(world.coordinator)
    for n in range(2):
        assert _invite(first, world.partnership, n).status_code == 302
    second = login(colleague)
    assert _invite(second, world.partnership, 2).status_code == 302
    response = _invite(second, world.partnership, 3)
    assert response.status_code == 400
    assert "have been sent for the same partnership or organisation" in response.content.decode()
    assert PartnershipInvitation.objects.count() == 3
    # Another partnership of the same person is not held back by this one's limit.
    other = make_organisation("Elsewhere Agency", admin=colleague)
    elsewhere = make_partnership(other, status="draft", name="Elsewhere Partnership")
    assert _invite(second, elsewhere, 4).status_code == 302


def test_it_limits_colleague_invitations_and_contact_requests(login, world, settings):
    settings.MAIL_SEND_LIMITS = {"person": [(1, 3600)], "group": [(100, 3600)]}
    client = login(world.member)
    url = f"/members/{world.member_org.slug}/invite/"
    assert client.post(url, {"email": "a@example.net", "role": "contributor"}).status_code == 302
    response = client.post(url, {"email": "b@example.net", "role": "contributor"})
    assert REACHED in response.content.decode()
    assert OrganisationInvitation.objects.count() == 1
    with pytest.raises(SupportError, match="invitations or requests"):
        matchmaking.send_contact_request(
            actor=world.member,
            from_organisation=world.member_org,
            to_organisation=world.outsider_org,
            message="Shall we talk?",
        )


def test_it_does_not_limit_the_portals_own_invitations(world, settings):
    settings.MAIL_SEND_LIMITS = {"person": [(1, 3600)], "group": [(1, 3600)]}
    invitations.invite_by_email(world.partnership, "one@example.net", actor=world.coordinator)
    with pytest.raises(limits.SendLimitReached):
        limits.take(world.coordinator, group=f"partnership:{world.partnership.pk}")
    # An accepted expression of interest invites its partners: system mail, never refused.
    for n in range(3):
        invitations.invite_by_email(
            world.partnership, f"partner-{n}@example.net", actor=world.coordinator, limited=False
        )
    assert PartnershipInvitation.objects.count() == 4


def test_it_sends_when_the_counters_cannot_be_reached(world, settings):
    settings.COUNTERS_REDIS_URL = "redis://127.0.0.1:1/0"
    settings.MAIL_SEND_LIMITS = {"person": [(1, 3600)], "group": [(1, 3600)]}
    for n in range(2):
        invitations.invite_by_email(world.partnership, f"p{n}@example.net", actor=world.coordinator)
    assert PartnershipInvitation.objects.count() == 2


def test_it_limits_sending_the_signature_requests_again(login, world, settings):
    from django.urls import reverse
    from django.utils import timezone

    from partnerships.declarations import signatures
    from partnerships.models import Signature
    from tests.declarations.conftest import write_draft

    version = write_draft(world, sign=False)
    signatures.request_signatures(version, [world.member_org], actor=world.coordinator)
    settings.MAIL_SEND_LIMITS = {"person": [(1, 3600)], "group": [(100, 3600)]}
    url = reverse("partnerships:declaration_signatures_remind", args=[world.partnership.slug])
    client = login(world.coordinator)
    before = OutboundEmail.objects.filter(kind="declaration.signature_requested").count()
    for _attempt in range(2):
        # The draft changed: the organisation is to be asked again.
        Signature.objects.filter(version=version).update(
            notified_at=None, rerequested_at=timezone.now()
        )
        response = client.post(url, follow=True)
    assert REACHED in response.content.decode()
    # The first press sent the requests again; the second sent nothing.
    sent = OutboundEmail.objects.filter(kind="declaration.signature_requested").count() - before
    assert sent == len(signatures.admins_of([world.member_org.pk]))
