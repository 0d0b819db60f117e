"""Shared API plumbing: error bodies, optimistic concurrency (ETag / If-Match), idempotent POST,
token scopes and CSRF for browser writes. Exercised through a small API over real models."""

from __future__ import annotations

import pytest
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from rest_framework.test import APIClient

from pact.models import IdempotentRequest
from partnerships.models import InternalNote

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.plumbing_urls")]


def _summary_url(partnership) -> str:
    return f"/api/v1/summaries/{partnership.slug}/"


def test_it_sends_an_etag_with_the_object(world, token_client):
    client = token_client(world.coordinator)
    response = client.get(_summary_url(world.partnership))
    assert response.status_code == 200
    assert response["ETag"] == f'"{world.partnership.pk}-{world.partnership.lock_version}"'


def test_it_requires_the_version_read_before_a_change(world, token_client):
    client = token_client(world.coordinator, "write")
    response = client.patch(_summary_url(world.partnership), {"summary": "New"}, format="json")
    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"
    assert "If-Match" in response.json()["detail"]
    world.partnership.refresh_from_db()
    assert world.partnership.summary == ""


def test_it_applies_a_change_with_the_current_etag_and_returns_the_new_one(world, token_client):
    client = token_client(world.coordinator, "write")
    etag = client.get(_summary_url(world.partnership))["ETag"]
    response = client.patch(
        _summary_url(world.partnership), {"summary": "Ours"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.json()
    assert response["ETag"] != etag
    world.partnership.refresh_from_db()
    assert world.partnership.summary == "Ours"
    assert response["ETag"] == f'"{world.partnership.pk}-{world.partnership.lock_version}"'


def test_it_refuses_a_stale_etag_with_412_and_keeps_the_other_change(world, token_client):
    first = token_client(world.coordinator, "write")
    second = token_client(world.coordinator, "write")
    etag = first.get(_summary_url(world.partnership))["ETag"]
    assert second.get(_summary_url(world.partnership))["ETag"] == etag
    ok = first.patch(
        _summary_url(world.partnership), {"summary": "First"}, format="json", HTTP_IF_MATCH=etag
    )
    assert ok.status_code == 200
    late = second.patch(
        _summary_url(world.partnership), {"summary": "Second"}, format="json", HTTP_IF_MATCH=etag
    )
    assert late.status_code == 412
    assert late.json() == {
        "detail": "If-Match does not match the current version; reload and retry.",
        "code": "precondition_failed",
    }
    world.partnership.refresh_from_db()
    assert world.partnership.summary == "First"


def test_it_refuses_a_stale_lock_version_in_the_body_with_409(world, token_client):
    client = token_client(world.coordinator, "write")
    version = world.partnership.lock_version
    assert (
        client.patch(
            _summary_url(world.partnership),
            {"summary": "One", "lock_version": version},
            format="json",
        ).status_code
        == 200
    )
    response = client.patch(
        _summary_url(world.partnership),
        {"summary": "Two", "lock_version": version},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert "changed by someone else" in response.json()["detail"]
    world.partnership.refresh_from_db()
    assert world.partnership.summary == "One"


def test_it_answers_400_with_field_errors_for_a_bad_lock_version(world, token_client):
    client = token_client(world.coordinator, "write")
    response = client.patch(
        _summary_url(world.partnership),
        {"summary": "x", "lock_version": "seven"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Invalid input.",
        "code": "invalid",
        "errors": {"lock_version": ["Must be an integer."]},
    }


def test_it_answers_404_to_an_outsider_reading_or_changing_a_private_object(world, token_client):
    client = token_client(world.outsider, "write")
    assert client.get(_summary_url(world.partnership)).status_code == 404
    response = client.patch(
        _summary_url(world.partnership),
        {"summary": "x"},
        format="json",
        HTTP_IF_MATCH=f'"{world.partnership.pk}-{world.partnership.lock_version}"',
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_it_answers_404_when_a_member_may_read_but_not_coordinate(world, token_client):
    client = token_client(world.member, "write")
    assert client.get(_summary_url(world.partnership)).status_code == 200
    response = client.patch(
        _summary_url(world.partnership),
        {"summary": "x", "lock_version": world.partnership.lock_version},
        format="json",
    )
    assert response.status_code == 404


def test_it_refuses_writes_with_a_read_only_token_with_a_reason(world, token_client):
    client = token_client(world.coordinator, "read")
    response = client.patch(
        _summary_url(world.partnership),
        {"summary": "x", "lock_version": 1},
        format="json",
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": "This token is read-only; create a read-write token to make changes.",
        "code": "permission_denied",
    }


def test_it_refuses_writes_without_credentials(world):
    response = APIClient().post(
        "/api/v1/notes/", {"partnership": world.partnership.slug, "body": "x"}, format="json"
    )
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_it_answers_405_with_a_reason(world, token_client):
    response = token_client(world.coordinator, "write").delete(_summary_url(world.partnership))
    assert response.status_code == 405
    assert response.json() == {
        "detail": 'Method "DELETE" not allowed.',
        "code": "method_not_allowed",
    }


# --- idempotent creation --------------------------------------------------------------------------


def test_it_applies_a_retried_post_once_and_replays_the_first_answer(world, token_client):
    client = token_client(world.member, "write")
    payload = {"partnership": world.partnership.slug, "body": "Meeting on Tuesday"}
    first = client.post("/api/v1/notes/", payload, format="json", HTTP_X_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201
    again = client.post("/api/v1/notes/", payload, format="json", HTTP_X_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert InternalNote.objects.filter(partnership=world.partnership).count() == 1
    # A new key is a new request.
    third = client.post("/api/v1/notes/", payload, format="json", HTTP_X_IDEMPOTENCY_KEY="k-2")
    assert third.status_code == 201
    assert InternalNote.objects.filter(partnership=world.partnership).count() == 2


def test_it_keeps_idempotency_keys_per_person(world, token_client):
    payload = {"partnership": world.partnership.slug, "body": "Hello"}
    a = token_client(world.member, "write").post(
        "/api/v1/notes/", payload, format="json", HTTP_X_IDEMPOTENCY_KEY="same"
    )
    b = token_client(world.coordinator, "write").post(
        "/api/v1/notes/", payload, format="json", HTTP_X_IDEMPOTENCY_KEY="same"
    )
    assert a.status_code == b.status_code == 201
    assert a.json()["id"] != b.json()["id"]


def test_it_refuses_a_key_reused_for_another_request_with_409(world, token_client):
    client = token_client(world.member, "write")
    client.post(
        "/api/v1/notes/",
        {"partnership": world.partnership.slug, "body": "x"},
        format="json",
        HTTP_X_IDEMPOTENCY_KEY="reused",
    )
    IdempotentRequest.objects.filter(key="reused").update(path="/api/v1/other/")
    response = client.post(
        "/api/v1/notes/",
        {"partnership": world.partnership.slug, "body": "x"},
        format="json",
        HTTP_X_IDEMPOTENCY_KEY="reused",
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "This idempotency key was used for another request.",
        "code": "conflict",
    }


def test_it_refuses_a_key_reused_with_another_body_with_409_and_a_reason(world, token_client):
    client = token_client(world.member, "write")
    first = {"partnership": world.partnership.slug, "body": "Meeting on Tuesday"}
    assert (
        client.post(
            "/api/v1/notes/", first, format="json", HTTP_X_IDEMPOTENCY_KEY="body"
        ).status_code
        == 201
    )
    other = {"partnership": world.partnership.slug, "body": "Meeting on Friday"}
    response = client.post("/api/v1/notes/", other, format="json", HTTP_X_IDEMPOTENCY_KEY="body")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert "another body" in response.json()["detail"]
    assert "Idempotent-Replayed" not in response
    assert list(InternalNote.objects.values_list("body", flat=True)) == ["Meeting on Tuesday"]
    # The same body with its keys in another order is the same request: replayed.
    same = {"body": "Meeting on Tuesday", "partnership": world.partnership.slug}
    again = client.post("/api/v1/notes/", same, format="json", HTTP_X_IDEMPOTENCY_KEY="body")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"


def test_it_answers_409_while_the_first_request_is_still_running(world, token_client):
    client = token_client(world.member, "write")
    IdempotentRequest.objects.create(
        user=world.member, key="busy", method="POST", path="/api/v1/notes/"
    )
    response = client.post(
        "/api/v1/notes/",
        {"partnership": world.partnership.slug, "body": "x"},
        format="json",
        HTTP_X_IDEMPOTENCY_KEY="busy",
    )
    assert response.status_code == 409
    assert "still being processed" in response.json()["detail"]
    assert not InternalNote.objects.exists()


def test_it_refuses_an_overlong_idempotency_key(world, token_client):
    response = token_client(world.member, "write").post(
        "/api/v1/notes/",
        {"partnership": world.partnership.slug, "body": "x"},
        format="json",
        HTTP_X_IDEMPOTENCY_KEY="k" * 129,
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"X-Idempotency-Key": ["At most 128 characters."]}


def test_it_forgets_the_key_of_a_refused_request_so_it_can_be_retried(world, token_client):
    client = token_client(world.outsider, "write")
    payload = {"partnership": world.partnership.slug, "body": "x"}
    assert (
        client.post("/api/v1/notes/", payload, format="json", HTTP_X_IDEMPOTENCY_KEY="o")
    ).status_code == 404
    assert not IdempotentRequest.objects.filter(key="o").exists()


def test_it_answers_400_with_errors_per_field(world, token_client):
    response = token_client(world.member, "write").post(
        "/api/v1/notes/", {"partnership": "no-such-partnership", "body": ""}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Invalid input."
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"partnership", "body"}


# --- browser sessions --------------------------------------------------------------------------------


def test_it_enforces_csrf_on_session_writes(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.member)
    payload = {"partnership": world.partnership.slug, "body": "From the browser"}
    refused = client.post("/api/v1/notes/", payload, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not InternalNote.objects.exists()

    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    accepted = client.post(
        "/api/v1/notes/", payload, format="json", HTTP_X_CSRFTOKEN=_mask_cipher_secret(secret)
    )
    assert accepted.status_code == 201
    assert InternalNote.objects.get().author == world.member


def test_it_reads_with_the_browser_session(world):
    client = APIClient()
    client.force_login(world.member)
    assert client.get(_summary_url(world.partnership)).status_code == 200


# --- filters ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "moment",
    ["2020-01-01T00:00:00+19:24", "1764-01-02T01:50:17.403-23:00", "2020-01-01T00:00:00Z"],
)
def test_it_filters_on_times_with_any_valid_offset(world, token_client, moment):
    InternalNote.objects.create(partnership=world.partnership, author=world.member, body="x")
    response = token_client(world.member).get("/api/v1/notes/", {"created_after": moment})
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_it_refuses_a_time_that_overflows_in_utc(world, token_client):
    response = token_client(world.member).get(
        "/api/v1/notes/", {"created_after": "0001-01-01T00:00:00+05:00"}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"created_after": ["Date out of range."]}


def test_it_refuses_a_malformed_time(world, token_client):
    response = token_client(world.member).get("/api/v1/notes/", {"created_after": "yesterday"})
    assert response.status_code == 400
    assert "created_after" in response.json()["errors"]
