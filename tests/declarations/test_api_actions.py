"""Declaration actions in the API: who may act, If-Match, and refusals that change nothing."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from commitments.models import Commitment, ProgressReport, ReportingCycle
from pact.kernel.api.auth import create_token

pytestmark = pytest.mark.django_db


def client_of(user, scope: str = "write") -> APIClient:
    _token, raw = create_token(user, "script", scope)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def url(world, suffix: str) -> str:
    return f"/api/v1/partnerships/{world.partnership.slug}/declarations/1/{suffix}"


def etag(draft) -> str:
    draft.refresh_from_db()
    return f'"{draft.pk}-{draft.lock_version}"'


def test_only_the_coordinator_edits_and_only_with_if_match(world, draft):
    body = {"objectives": "Changed"}
    section = url(world, "sections/objectives/")
    assert (
        client_of(world.member)
        .patch(section, body, format="json", HTTP_IF_MATCH=etag(draft))
        .status_code
        == 404
    )
    assert (
        client_of(world.outsider)
        .patch(section, body, format="json", HTTP_IF_MATCH=etag(draft))
        .status_code
        == 404
    )
    read_only = client_of(world.coordinator, "read")
    assert (
        read_only.patch(section, body, format="json", HTTP_IF_MATCH=etag(draft)).status_code == 403
    )
    coordinator = client_of(world.coordinator)
    assert coordinator.patch(section, body, format="json").status_code == 428
    wrong = coordinator.patch(
        url(world, "sections/objectives/"),
        {"ambition": "x"},
        format="json",
        HTTP_IF_MATCH=etag(draft),
    )
    assert wrong.status_code == 400
    draft.refresh_from_db()
    assert draft.objectives != "Changed"
    done = coordinator.patch(section, body, format="json", HTTP_IF_MATCH=etag(draft))
    assert done.status_code == 200
    assert done.json()["sections"]["objectives"] == "Changed"


def test_a_commitment_with_progress_reports_is_not_removed(world, draft):
    commitment = Commitment.objects.get(declaration_version=draft)
    cycle = ReportingCycle.objects.create(year=2024, opens_on="2025-02-01", closes_on="2025-03-31")
    ProgressReport.objects.create(
        target=commitment.targets.get(), organisation=world.coordinator_org, cycle=cycle, value=3
    )
    response = client_of(world.coordinator).delete(
        url(world, f"commitments/{commitment.uid}/"), HTTP_IF_MATCH=etag(draft)
    )
    assert response.status_code == 409
    assert Commitment.objects.filter(pk=commitment.pk).exists()
