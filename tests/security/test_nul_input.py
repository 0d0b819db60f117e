"""NUL and other invalid input gets 400 or 404, never 500 (PostgreSQL text cannot hold NUL).

The review found 500s for ``/media/%00``, ``/members/invitations/abc%00/`` and a JSON string holding
``\\u0000``. The guard (``pact.kernel.input_guard``) turns NUL away in paths (404), query strings
and text fields (400); file parts, which legitimately hold NUL bytes, go through.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from pact.kernel.api.auth import create_token
from pact.kernel.input_guard import InputGuardMiddleware

pytestmark = pytest.mark.django_db

PATHS = ["/media/%00", "/members/invitations/abc%00/", "/partnerships/a%00b/", "/%00"]


@pytest.mark.parametrize("path", PATHS)
def test_a_nul_in_the_path_is_not_found(client, world, path):
    assert client.get(path).status_code == 404
    client.force_login(world.member)
    assert client.get(path).status_code == 404
    assert client.post(path, {"x": "1"}).status_code == 404


@pytest.mark.parametrize("path", ["/partnerships/?q=a%00b", "/members/?%00=1", "/?next=%00"])
def test_a_nul_in_a_page_s_query_string_is_a_bad_request(client, path):
    assert client.get(path).status_code == 400


def test_a_nul_in_an_api_query_string_is_a_bad_request_with_a_reason(client):
    answer = client.get("/api/v1/indicators/?unit=a%00b")
    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid" and "NUL" in answer.json()["detail"]


def test_a_nul_in_a_form_s_text_field_is_a_bad_request(client):
    answer = client.post(reverse("account_login"), {"login": "a\x00b@example.org", "password": "x"})
    assert answer.status_code == 400


def _api(user) -> APIClient:
    _token, raw = create_token(user, "nul", "write")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return api


@pytest.mark.parametrize(
    "body",
    [
        {"organisation": "member\x00college", "target": 1, "value": "1"},
        {"organisation\x00": "x"},
        {"narrative": ["a", {"deep": "b\x00"}]},
    ],
)
def test_a_nul_in_a_json_string_is_a_bad_request(world, body):
    raw = json.dumps(body)
    assert "\\u0000" in raw
    answer = _api(world.member).post("/api/v1/reports/", raw, content_type="application/json")
    assert answer.status_code == 400
    assert "NUL" in answer.json()["detail"]


def test_a_nul_in_an_api_form_field_is_a_bad_request_but_file_parts_are_not_looked_at(world):
    api = _api(world.member)
    form = api.post(
        "/api/v1/reports/", "narrative=a%00b", content_type="application/x-www-form-urlencoded"
    )
    assert form.status_code == 400 and "NUL" in form.json()["detail"]
    upload = api.post(
        "/api/v1/reports/",
        {"narrative": "fine", "file": SimpleUploadedFile("a.bin", b"\x00\x01\x00")},
        format="multipart",
    )
    assert upload.status_code != 500
    assert "NUL" not in upload.content.decode()


def test_file_parts_with_nul_bytes_reach_the_form(login, world):
    client = login(world.coordinator)
    url = reverse("members:import_upload", args=[world.coordinator_org.slug])
    answer = client.post(url, {"file": SimpleUploadedFile("members.csv", b"name\x00,type\n")})
    assert answer.status_code in (200, 302, 404)  # the import's own answer, not the guard's 400


def test_the_guard_turns_no_exception_into_a_400():
    """No catch-all: an unexpected error stays a 500, to be seen and fixed."""
    assert not hasattr(InputGuardMiddleware, "process_exception")
    assert "pact.kernel.input_guard.InputGuardMiddleware" in settings.MIDDLEWARE
