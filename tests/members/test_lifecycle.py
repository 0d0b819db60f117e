"""Suspension, withdrawal, reinstatement and administrator recovery through their pages: staff with a
second factor suspend (with a reason) and reinstate, an administrator withdraws (typing the name),
staff appoint a new administrator after a documented check. Each is audited and mailed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from members.models import AdminAppointment, OrganisationInvitation, OrganisationMembership
from pact.models import AuditEntry, OutboundEmail
from pact.site.personal_data import services as personal_data
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _status(org):
    return reverse("members:status", args=[org.slug])


def test_staff_suspend_with_a_reason_and_reinstate(world, login):
    client = login(world.reviewer)
    url = _status(world.member_org)
    assert client.post(url, {"suspend": "1", "reason": ""}).status_code == 400
    response = client.post(url, {"suspend": "1", "reason": "Figures not substantiated."})
    assert response.status_code == 302
    world.member_org.refresh_from_db()
    assert world.member_org.status == "suspended"
    assert world.member_org.status_reason == "Figures not substantiated."
    entry = AuditEntry.objects.get(kind="pact.organisation.suspended")
    assert entry.actor == world.reviewer and entry.organisation_id == world.member_org.pk
    mailed = OutboundEmail.objects.filter(kind="members_suspended")
    assert {m.recipient for m in mailed if m.recipient} == {world.member, world.contributor}
    assert mailed.filter(to_address="contact@example.org").exists()
    assert "Figures not substantiated." in mailed.first().body_text
    client.post(url, {"reinstate": "1", "note": "Evidence received."})
    world.member_org.refresh_from_db()
    assert world.member_org.status == "active" and world.member_org.status_reason == ""
    assert AuditEntry.objects.filter(kind="pact.organisation.reinstated").count() == 1


def test_the_status_page_is_staffs_only(world, login):
    url = _status(world.member_org)
    for person in (world.member, world.outsider, world.support):
        assert login(person).get(url).status_code == 404
    nomfa = make_user(staff_role="reviewer", mfa=False)
    refused = login(nomfa).post(url, {"suspend": "1", "reason": "x"})
    assert refused.status_code == 302 and "/2fa/" in refused["Location"]  # asked to raise it
    world.member_org.refresh_from_db()
    assert world.member_org.status == "active"


def test_an_admin_withdraws_after_typing_the_name_and_can_then_delete_the_account(world, login):
    url = reverse("members:withdraw", args=[world.member_org.slug])
    assert personal_data.sole_admin_organisations(world.member) == [world.member_org]
    page = login(world.member).get(reverse("communications:account_delete")).text
    assert url in page  # the message that says "withdraw the organisation" links to it
    client = login(world.member)
    assert client.post(url, {"confirmation": "Another name"}).status_code == 400
    world.member_org.refresh_from_db()
    assert world.member_org.status == "active"
    assert client.post(url, {"confirmation": "member college"}).status_code == 302
    world.member_org.refresh_from_db()
    assert world.member_org.status == "withdrawn"
    assert AuditEntry.objects.filter(
        kind="pact.organisation.withdrawn", actor=world.member
    ).exists()
    assert OutboundEmail.objects.filter(kind="members_withdrawn").exists()
    assert personal_data.sole_admin_organisations(world.member) == []
    personal_data.delete_account(world.member)


def test_only_an_admin_may_withdraw(world, login):
    url = reverse("members:withdraw", args=[world.member_org.slug])
    assert login(world.outsider).get(url).status_code == 404
    assert login(world.contributor).post(url, {"confirmation": "Member College"}).status_code == 404
    world.member_org.refresh_from_db()
    assert world.member_org.status == "active"


def test_staff_appoint_a_new_admin_after_a_documented_check(world, login):
    OrganisationMembership.objects.filter(organisation=world.member_org, role="admin").delete()
    url = reverse("members:appoint_admin", args=[world.member_org.slug])
    client = login(world.reviewer)
    refused = client.post(url, {"email": "new@example.org", "check_performed": "ok"})
    assert refused.status_code == 400 and not AdminAppointment.objects.exists()
    check = "Phoned the director (number from the official register); letter of 2 Dec seen."
    newcomer = make_user("new-admin@example.org")
    response = client.post(url, {"email": "new-admin@example.org", "check_performed": check})
    assert response.status_code == 302
    assert OrganisationMembership.objects.get(
        organisation=world.member_org, user=newcomer
    ).role == ("admin")
    appointment = AdminAppointment.objects.get()
    assert appointment.check_performed == check and appointment.appointed_by == world.reviewer
    entry = AuditEntry.objects.get(kind="pact.organisation.admin_appointed")
    assert entry.data["user"] == newcomer.pk and "new-admin@example.org" not in str(entry.data)
    assert OutboundEmail.objects.filter(recipient=newcomer, kind="members_admin_appointed").exists()
    assert OutboundEmail.objects.filter(
        to_address="contact@example.org", kind="members_admin_appointed"
    ).exists()
    # Someone without an account is invited as administrator.
    client.post(url, {"email": "nobody-yet@example.org", "check_performed": check})
    invitation = OrganisationInvitation.objects.get(email="nobody-yet@example.org")
    assert invitation.role == "admin"


def test_only_staff_appoint_admins(world, login):
    url = reverse("members:appoint_admin", args=[world.member_org.slug])
    body = {"email": "x@example.org", "check_performed": "A long enough check description."}
    for person in (world.member, world.outsider, world.support):
        assert login(person).post(url, body).status_code == 404
    assert not AdminAppointment.objects.exists()
