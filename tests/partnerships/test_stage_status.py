"""Life-cycle stage (support services) and status (following the declaration, closing)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from pact.models import AuditEntry, OutboundEmail
from partnerships.common import PartnershipError
from partnerships.models import JoinRequest, PartnershipInvitation, StageChange
from partnerships.workspace import invitations, stages

pytestmark = pytest.mark.django_db


def _url(partnership, suffix=""):
    return f"/partnerships/{partnership.slug}/{suffix}"


def test_it_lets_support_services_change_the_stage_with_a_note(login, world):
    client = login(world.support)
    assert client.get(_url(world.partnership, "stage/")).status_code == 200
    response = client.post(
        _url(world.partnership, "stage/"), {"stage": "set_up", "note": "Governance agreed"}
    )
    assert response.status_code == 302
    world.partnership.refresh_from_db()
    assert world.partnership.stage == "set_up"
    change = StageChange.objects.get(partnership=world.partnership, stage="set_up")
    assert (change.note, change.changed_by) == ("Governance agreed", world.support)
    assert world.partnership.stage_since == change.changed_at
    entry = AuditEntry.objects.get(kind="pact.partnership.stage_changed")
    assert entry.data == {"from": "design", "to": "set_up", "note": "Governance agreed"}
    assert OutboundEmail.objects.filter(
        to_address=world.coordinator.email, kind="partnership.stage_changed"
    ).exists()


def test_it_asks_for_a_note_and_a_new_stage(login, world):
    client = login(world.support)
    response = client.post(_url(world.partnership, "stage/"), {"stage": "set_up", "note": ""})
    assert response.status_code == 400
    assert "Explain the change in a short note." in response.content.decode()
    response = client.post(_url(world.partnership, "stage/"), {"stage": "design", "note": "x"})
    assert response.status_code == 400
    assert "already in the Design stage" in response.content.decode()
    assert not AuditEntry.objects.filter(kind="pact.partnership.stage_changed").exists()


@pytest.mark.parametrize("who", ["coordinator", "member", "outsider", "reviewer"])
def test_it_lets_only_support_services_change_the_stage(login, world, who):
    client = login(getattr(world, who))
    response = client.post(_url(world.partnership, "stage/"), {"stage": "set_up", "note": "x"})
    assert response.status_code == 404
    world.partnership.refresh_from_db()
    assert world.partnership.stage == "design"


def test_it_gives_staff_an_overview_of_stages(login, world, public_partnership):
    stages.change_stage(public_partnership, "delivery", actor=world.support, note="Running")
    response = login(world.support).get("/partnerships/stages/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Private Workspace Partnership" in body
    assert "Active Skills Alliance" in body
    assert login(world.reviewer).get("/partnerships/stages/").status_code == 200


@pytest.mark.parametrize("who", ["coordinator", "outsider"])
def test_it_hides_the_stage_overview_from_non_staff(login, world, who):
    assert login(getattr(world, who)).get("/partnerships/stages/").status_code == 404


def test_it_follows_the_declaration_status(world):
    partnership = world.partnership
    assert stages.set_status_from_declaration(partnership, "under_review", world.coordinator)
    partnership.refresh_from_db()
    assert (partnership.status, partnership.launched_on) == ("under_review", None)
    assert stages.set_status_from_declaration(partnership, "active", world.reviewer)
    partnership.refresh_from_db()
    assert partnership.status == "active"
    assert partnership.launched_on == timezone.localdate()
    assert not stages.set_status_from_declaration(partnership, "active", world.reviewer)
    entries = AuditEntry.objects.filter(kind="pact.partnership.status_changed").order_by("pk")
    assert [e.data["to"] for e in entries] == ["under_review", "active"]
    with pytest.raises(ValueError):
        stages.set_status_from_declaration(partnership, "approved", world.reviewer)


def test_it_keeps_a_closed_partnership_closed(world, public_partnership):
    stages.close_partnership(public_partnership, actor=world.reviewer, note="Merged")
    assert not stages.set_status_from_declaration(public_partnership, "active", world.reviewer)
    public_partnership.refresh_from_db()
    assert public_partnership.status == "closed"


def test_it_lets_staff_close_a_partnership(login, world, public_partnership, newcomer):
    user, organisation = newcomer
    invitations.request_to_join(public_partnership, organisation, actor=user)
    invitations.invite_by_email(public_partnership, "x@example.net", actor=world.coordinator)
    client = login(world.reviewer)
    response = client.post(_url(public_partnership, "close/"), {"note": "Objectives reached"})
    assert response.status_code == 302
    public_partnership.refresh_from_db()
    assert public_partnership.status == "closed"
    entry = AuditEntry.objects.get(kind="pact.partnership.status_changed")
    assert entry.data == {"from": "active", "to": "closed", "note": "Objectives reached"}
    assert not JoinRequest.objects.filter(status="open").exists()
    assert not PartnershipInvitation.objects.filter(status="open").exists()
    # Closed partnerships stay public but take no new members.
    assert client.get(_url(public_partnership)).status_code == 200
    with pytest.raises(PartnershipError):
        invitations.invite_by_email(public_partnership, "y@example.net", actor=world.coordinator)


@pytest.mark.parametrize("who", ["coordinator", "support"])
def test_it_lets_only_commission_reviewers_close(login, world, public_partnership, who):
    response = login(getattr(world, who)).post(_url(public_partnership, "close/"), {"note": "x"})
    assert response.status_code == 404
    public_partnership.refresh_from_db()
    assert public_partnership.status == "active"


def test_it_asks_for_the_reason_to_close(login, world, public_partnership):
    response = login(world.reviewer).post(_url(public_partnership, "close/"), {"note": ""})
    assert response.status_code == 400
    public_partnership.refresh_from_db()
    assert public_partnership.status == "active"
