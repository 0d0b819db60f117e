"""A declaration driven through the API with tokens only: written, signed, submitted, sent back
with a change request, amended, signed again, approved; then its PDF appears."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from pact.kernel.api.auth import create_token
from pact.models import AuditEntry
from partnerships.declarations import drafting

pytestmark = pytest.mark.django_db


def writer(user) -> APIClient:
    _token, raw = create_token(user, "script", "write")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


class Declaration:
    def __init__(self, world, number: int) -> None:
        self.base = f"/api/v1/partnerships/{world.partnership.slug}/declarations/{number}/"
        self.etag = ""

    def call(self, client, method: str, suffix: str = "", data=None, status: int = 200, **headers):
        response = getattr(client, method)(self.base + suffix, data or {}, format="json", **headers)
        assert response.status_code == status, (suffix, response.status_code, response.content)
        if "ETag" in response:
            self.etag = response["ETag"]
        return response.json() if response.content else None

    def change(self, client, method: str, suffix: str, data=None, status: int = 200):
        return self.call(client, method, suffix, data, status, HTTP_IF_MATCH=self.etag)


def test_a_declaration_goes_from_draft_to_published_pdf_with_tokens_only(
    world, media_root, django_capture_on_commit_callbacks
):
    drafting.start_draft(world.partnership, world.coordinator)  # "start" is the page's button
    coordinator, member = writer(world.coordinator), writer(world.member)
    reviewer = writer(world.reviewer)
    v1 = Declaration(world, 1)
    v1.call(coordinator, "get")

    v1.change(
        coordinator, "patch", "sections/challenges/", {"language": "en", "challenges": "Gaps."}
    )
    v1.change(coordinator, "patch", "sections/objectives/", {"objectives": "Train people."})
    target = {"indicator": "people-upskilled", "target_value": "500", "target_date": "2030-12-31"}
    body = v1.change(
        coordinator,
        "post",
        "commitments/",
        {"title": "Upskill workers", "targets": [target]},
        status=201,
    )
    body = v1.change(
        coordinator, "post", "commitments/", {"title": "Spare", "targets": [target]}, status=201
    )
    spare = next(c["uid"] for c in body["commitments"] if c["title"] == "Spare")
    body = v1.change(coordinator, "delete", f"commitments/{spare}/")
    assert [c["title"] for c in body["commitments"]] == ["Upskill workers"]
    # A stale If-Match changes nothing.
    stale = v1.call(
        coordinator, "patch", "sections/ambition/", {"ambition": "x"}, 412, HTTP_IF_MATCH='"0-0"'
    )
    assert stale["code"] == "precondition_failed"

    orgs = [world.coordinator_org.slug, world.member_org.slug]
    body = v1.call(coordinator, "post", "signatures/", {"organisations": orgs})
    by_org = {s["organisation"]: s for s in body["signatures"]}
    assert set(by_org) == set(orgs)
    assert set(body["signatures"][0]) >= {"organisation", "status"}
    signature_ids = dict(
        world.partnership.declarations.get(number=1).signatures.values_list(
            "organisation__slug", "pk"
        )
    )
    content_hash = body["content_hash"]
    # The member cannot sign for the coordinator, nor submit.
    v1.call(
        member,
        "post",
        f"signatures/{signature_ids[orgs[0]]}/answer/",
        {"sign": True, "content_hash": content_hash},
        404,
    )
    v1.call(
        coordinator,
        "post",
        f"signatures/{signature_ids[orgs[0]]}/answer/",
        {"sign": True, "content_hash": content_hash},
    )
    v1.call(
        member,
        "post",
        f"signatures/{signature_ids[orgs[1]]}/answer/",
        {"sign": True, "content_hash": content_hash},
    )
    v1.change(member, "post", "submit/", status=404)
    body = v1.change(coordinator, "post", "submit/")
    assert body["status"] == "submitted"

    # The coordinator cannot decide; the reviewer comments and asks for changes.
    v1.call(coordinator, "post", "approve/", status=404)
    v1.call(reviewer, "post", "comments/", {"section": "objectives", "body": "Say how many."}, 201)
    body = v1.call(reviewer, "post", "request-changes/", {"reason": "Give a number."})
    assert body["status"] == "changes_requested"

    v2 = Declaration(world, 2)
    body = v2.call(coordinator, "get")
    assert body["status"] == "draft"
    body = v2.change(
        coordinator, "patch", "sections/objectives/", {"objectives": "Train 500 people."}
    )
    content_hash = body["content_hash"]
    signature_ids = dict(
        world.partnership.declarations.get(number=2).signatures.values_list(
            "organisation__slug", "pk"
        )
    )
    v2.call(
        coordinator,
        "post",
        f"signatures/{signature_ids[orgs[0]]}/answer/",
        {"sign": True, "content_hash": content_hash},
    )
    v2.change(coordinator, "post", "submit/")
    diff = v2.call(coordinator, "get", "diff/?against=1")
    assert {s["section"] for s in diff["sections"] if s["changed"]} == {"objectives"}

    with django_capture_on_commit_callbacks(execute=True):
        body = v2.call(reviewer, "post", "approve/", {"reason": "Thank you."})
    assert body["status"] == "approved"
    published = v2.call(APIClient(), "get")
    assert published["pdf"], "the published version links its PDF"
    pdf = APIClient().get(published["pdf"])
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")

    used = AuditEntry.objects.filter(kind="pact.api_token.used").order_by("pk")
    assert [e.data["action"] for e in used] == ["comment", "request_changes", "approve"]
