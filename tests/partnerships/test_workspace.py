"""The private workspace: who sees it, who may act in it, notes and support notes."""

from __future__ import annotations

import pytest

from pact.models import AuditEntry, OutboundEmail
from partnerships.models import InternalNote

pytestmark = pytest.mark.django_db


def _url(partnership, suffix=""):
    return f"/partnerships/{partnership.slug}/{suffix}"


def _coordinator_actions(partnership, member_org):
    """Every coordinator-only route of a partnership, with its method."""
    return [
        ("get", _url(partnership, "edit/")),
        ("post", _url(partnership, "edit/")),
        ("get", _url(partnership, "invite/")),
        ("post", _url(partnership, "invite/")),
        ("post", _url(partnership, "invite/email/")),
        ("post", _url(partnership, "invitations/1/revoke/")),
        ("post", _url(partnership, "join-requests/1/accept/")),
        ("post", _url(partnership, "join-requests/1/decline/")),
        ("get", _url(partnership, f"members/{member_org.pk}/remove/")),
        ("post", _url(partnership, f"members/{member_org.pk}/remove/")),
        ("get", _url(partnership, "coordination/")),
        ("post", _url(partnership, "coordination/")),
    ]


def test_it_shows_the_workspace_to_members_with_roles(login, world):
    response = login(world.member).get(_url(world.partnership, "workspace/"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Coordinating Agency" in body
    assert "Member College" in body
    assert "Coordinator" in body
    # A member sees the workspace but none of the coordinator's tools.
    assert _url(world.partnership, "invite/") not in body
    assert "Support notes" not in body


def test_it_shows_the_workspace_to_contributors_of_member_organisations(login, world):
    assert login(world.contributor).get(_url(world.partnership, "workspace/")).status_code == 200


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_it_answers_404_to_outsiders_on_every_private_page_and_action(client, login, world, who):
    if who == "outsider":
        client = login(world.outsider)
    partnership = world.partnership
    private = [
        ("get", _url(partnership)),
        ("get", _url(partnership, "workspace/")),
        ("post", _url(partnership, "notes/")),
        ("post", _url(partnership, "support-notes/")),
        ("post", _url(partnership, "leave/")),
        ("get", _url(partnership, "join/")),
        *_coordinator_actions(partnership, world.member_org),
    ]
    for method, url in private:
        response = getattr(client, method)(url, {"body": "x", "organisation": world.member_org.pk})
        if who == "anonymous" and response.status_code == 302:
            assert "/accounts/login/" in response["Location"], url
        else:
            assert response.status_code == 404, (method, url, response.status_code)
    assert not InternalNote.objects.exists()


def test_it_answers_404_to_members_on_coordinator_actions(login, world):
    client = login(world.member)
    for method, url in _coordinator_actions(world.partnership, world.member_org):
        response = getattr(client, method)(url, {"organisation": world.member_org.pk})
        assert response.status_code == 404, (method, url, response.status_code)
    assert world.partnership.memberships.count() == 2


def test_it_lets_staff_read_the_workspace_but_not_coordinate(login, world):
    client = login(world.reviewer)
    assert client.get(_url(world.partnership, "workspace/")).status_code == 200
    assert client.get(_url(world.partnership, "invite/")).status_code == 404


def test_it_lets_members_post_internal_notes(login, world):
    client = login(world.member)
    response = client.post(_url(world.partnership, "notes/"), {"body": "Kick-off on 3 March"})
    assert response.status_code == 302
    note = InternalNote.objects.get()
    assert (note.author, note.audience, note.body) == (
        world.member,
        "workspace",
        "Kick-off on 3 March",
    )
    assert AuditEntry.objects.filter(
        kind="pact.partnership.note_added", partnership_id=world.partnership.pk
    ).exists()
    body = login(world.coordinator).get(_url(world.partnership, "workspace/")).content.decode()
    assert "Kick-off on 3 March" in body


def test_it_refuses_an_empty_note_clearly(login, world):
    response = login(world.member).post(_url(world.partnership, "notes/"), {"body": "   "})
    assert response.status_code == 400
    assert "Write the note before posting it." in response.content.decode()
    assert not InternalNote.objects.exists()


def test_it_keeps_support_notes_for_the_coordinator_and_staff(login, world):
    client = login(world.support)
    response = client.post(
        _url(world.partnership, "support-notes/"), {"support-body": "Consider an RSP call"}
    )
    assert response.status_code == 302
    note = InternalNote.objects.get()
    assert note.audience == "support"
    # The coordinator's administrators are told.
    assert OutboundEmail.objects.filter(
        to_address=world.coordinator.email, kind="partnership.support_note"
    ).exists()
    coordinator_view = login(world.coordinator).get(_url(world.partnership, "workspace/"))
    assert "Consider an RSP call" in coordinator_view.content.decode()
    member_view = login(world.member).get(_url(world.partnership, "workspace/"))
    assert "Consider an RSP call" not in member_view.content.decode()
    reviewer_view = login(world.reviewer).get(_url(world.partnership, "workspace/"))
    assert "Consider an RSP call" in reviewer_view.content.decode()


def test_it_lets_only_support_staff_write_support_notes(login, world):
    for user in (world.coordinator, world.member, world.reviewer):
        response = login(user).post(
            _url(world.partnership, "support-notes/"), {"support-body": "Sneaky"}
        )
        assert response.status_code == 404
    assert not InternalNote.objects.exists()


def test_it_shows_the_stage_history(login, world):
    from partnerships.workspace import stages

    stages.change_stage(
        world.partnership, "set_up", actor=world.support, note="Declaration drafted"
    )
    body = login(world.member).get(_url(world.partnership, "workspace/")).content.decode()
    assert "Declaration drafted" in body
    assert "Set-up" in body


def test_it_runs_a_constant_number_of_queries_in_the_workspace(login, count_queries, world):
    from partnerships.models import PartnershipMembership
    from partnerships.workspace import invitations, membership
    from tests.factories import make_organisation

    def add(n: int) -> None:
        organisation = make_organisation(f"Extra member {n}")
        PartnershipMembership.objects.create(
            partnership=world.partnership, organisation=organisation
        )
        invitations.invite_by_email(
            world.partnership, f"person{n}@example.net", actor=world.coordinator
        )
        membership.add_note(world.partnership, actor=world.member, body=f"Note {n}")

    client = login(world.coordinator)
    url = _url(world.partnership, "workspace/")
    add(0)
    client.get(url)
    one = count_queries(lambda: client.get(url))
    for n in range(1, 30):
        add(n)
    assert count_queries(lambda: client.get(url)) == one


def test_it_shows_my_partnerships_with_my_role_on_the_dashboard(login, world):
    body = login(world.member).get("/dashboard/").content.decode()
    assert "Private Workspace Partnership" in body
    assert f"/partnerships/{world.partnership.slug}/workspace/" in body
