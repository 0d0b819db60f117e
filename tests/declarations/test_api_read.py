"""Declarations in the API (read): published versions for all, drafts and change requests for the
workspace, everything for staff, the page's word diff; outsiders get 404 everywhere."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from pact.kernel.api.auth import create_token
from partnerships.declarations import drafting, publication, review
from partnerships.models import DeclarationPdf

pytestmark = pytest.mark.django_db


def as_token(user) -> APIClient:
    _token, raw = create_token(user, "read", "read")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def base(world) -> str:
    return f"/api/v1/partnerships/{world.partnership.slug}/declarations/"


def numbers(client, world) -> list[int]:
    response = client.get(base(world))
    assert response.status_code == 200, response.content
    return [row["number"] for row in response.json()["results"]]


def _submit(world, version):
    return review.submit(version, lock_version=version.lock_version, actor=world.coordinator)


def test_a_draft_is_for_the_workspace_and_staff_only(world, draft):
    assert numbers(as_token(world.coordinator), world) == [1]
    assert numbers(as_token(world.member), world) == [1]
    assert numbers(as_token(world.reviewer), world) == [1]
    detail = as_token(world.coordinator).get(base(world) + "1/")
    assert detail.status_code == 200
    body = detail.json()
    assert body["status"] == "draft"
    assert body["language"] == "en"
    assert "creative" in body["sections"]["challenges"]
    assert body["commitments"][0]["title"] == "Commitment 1"
    assert body["commitments"][0]["targets"][0]["indicator"] == "organisations-participating"
    assert body["signatures"][0]["organisation"] == world.coordinator_org.slug
    assert body["content_hash"] == draft.content_hash
    assert body["pdf"] is None
    assert detail["ETag"] == f'"{draft.pk}-{draft.lock_version}"'


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_an_outsider_gets_404_on_every_declaration_route(world, draft, who):
    client = APIClient() if who == "anonymous" else as_token(world.outsider)
    for suffix in ("", "1/", "1/diff/", "1/diff/?against=1", "2/"):
        assert client.get(base(world) + suffix).status_code == 404, suffix


def test_a_published_version_is_public_with_its_pdf(world, draft, media_root):
    _submit(world, draft)
    approved = publication.approve(draft, actor=world.reviewer)
    DeclarationPdf.objects.filter(version=approved).update(
        status="ready", file="declarations/x.pdf"
    )
    amendment = drafting.start_draft(world.partnership, world.coordinator)

    public = APIClient()
    assert numbers(public, world) == [1]
    assert public.get(base(world) + f"{amendment.number}/").status_code == 404
    body = public.get(base(world) + "1/").json()
    assert body["status"] == "approved" and body["is_published"] is True
    assert body["pdf"].endswith(f"/partnerships/{world.partnership.slug}/declaration/v1/pdf/")
    assert numbers(as_token(world.member), world) == [2, 1]
    assert numbers(as_token(world.outsider), world) == [1]


def test_a_change_request_and_its_diff_are_for_the_workspace(world, draft):
    _submit(world, draft)
    new = review.request_changes(draft, reason="Be precise.", actor=world.reviewer)
    drafting.save_section(
        new,
        "ambition",
        {"ambition": "A region where creative industries lead."},
        lock_version=new.lock_version,
        actor=world.coordinator,
    )
    member = as_token(world.member)
    assert numbers(member, world) == [2, 1]
    assert member.get(base(world) + "1/").json()["status"] == "changes_requested"
    diff = member.get(base(world) + "2/diff/", {"against": "1"})
    assert diff.status_code == 200, diff.content
    sections = {s["section"]: s for s in diff.json()["sections"]}
    assert sections["ambition"]["changed"] is True
    assert "<del>thrive.</del>" in sections["ambition"]["html"]
    assert "<ins>lead.</ins>" in sections["ambition"]["html"]
    assert sections["objectives"]["changed"] is False
    assert member.get(base(world) + "2/diff/", {"against": "x"}).status_code == 400
    assert member.get(base(world) + "2/diff/", {"since": "1"}).status_code == 400
