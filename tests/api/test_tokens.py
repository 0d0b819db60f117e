"""Personal API tokens: created on the account page, shown once, stored as a hash, revocable."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from pact.kernel.api.auth import create_token
from pact.models import ApiToken, AuditEntry
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _raw_token(html: str) -> str:
    match = re.search(r'id="new-token"[^>]*value="(pact_[^"]+)"', html)
    assert match, "the new token is not on the page"
    return match.group(1)


def test_it_sends_signed_out_people_to_sign_in(client):
    response = client.get(reverse("api_tokens"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_creates_a_token_shows_it_once_and_stores_only_its_hash(login):
    user = make_user("scripter@example.org")
    client = login(user)
    response = client.post(reverse("api_tokens"), {"name": "reporting script", "scope": "read"})
    assert response.status_code == 200
    raw = _raw_token(response.content.decode())
    token = ApiToken.objects.get(user=user)
    assert token.name == "reporting script"
    assert token.scope == "read"
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith(token.prefix)
    # The raw value is stored nowhere: not in the token row, not in the audit trail.
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    entry = AuditEntry.objects.get(kind="pact.api_token.created")
    assert raw not in str(entry.data)
    assert entry.actor == user
    # Shown once: the next visit lists the token by name and prefix only.
    page = client.get(reverse("api_tokens")).content.decode()
    assert raw not in page
    assert "reporting script" in page
    assert token.prefix in page


def test_it_keeps_the_form_and_explains_a_missing_name(login):
    client = login(make_user())
    response = client.post(reverse("api_tokens"), {"name": "", "scope": "write"})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert '<option value="write" selected>' in response.content.decode()
    assert "This field is required" in response.content.decode()


def test_it_refuses_an_unknown_scope(login):
    client = login(make_user())
    response = client.post(reverse("api_tokens"), {"name": "x", "scope": "admin"})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()


def test_it_authenticates_with_the_token_and_records_its_last_use(login):
    user = make_user("scripter@example.org")
    raw = _raw_token(
        login(user).post(reverse("api_tokens"), {"name": "ci", "scope": "read"}).content.decode()
    )
    api = APIClient()
    response = api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["email"] == "scripter@example.org"
    assert response.json()["token"] == {"name": "ci", "scope": "read"}
    token = ApiToken.objects.get(user=user)
    assert token.last_used_at is not None


def test_it_shows_when_a_token_was_last_used(login):
    user = make_user()
    token, _raw = create_token(user, "nightly export", "read")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(days=2))
    response = login(user).get(reverse("api_tokens"))
    row = response.content.decode().split("nightly export")[1].split("</tr>")[0]
    assert "—" not in row  # a date, not the "never used" dash


def test_it_revokes_a_token_which_then_stops_working(login):
    user = make_user()
    token, raw = create_token(user, "old laptop", "write")
    client = login(user)
    response = client.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(kind="pact.api_token.revoked", actor=user).exists()
    page = client.get(reverse("api_tokens")).content.decode()
    assert "was revoked" in page
    assert "No tokens." in page
    response = APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Invalid or revoked token.",
        "code": "authentication_failed",
    }


def test_it_answers_404_when_revoking_someone_elses_token(login):
    owner = make_user("owner@example.org")
    token, _raw = create_token(owner, "theirs", "read")
    response = login(make_user("thief@example.org")).post(
        reverse("api_token_revoke", args=[token.pk])
    )
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_lists_only_the_persons_own_tokens(login):
    create_token(make_user("other@example.org"), "someone else's secret job", "read")
    page = login(make_user()).get(reverse("api_tokens")).content.decode()
    assert "someone else" not in page
    assert "No tokens." in page


def test_it_refuses_revoking_by_get(login):
    user = make_user()
    token, _raw = create_token(user, "t", "read")
    assert login(user).get(reverse("api_token_revoke", args=[token.pk])).status_code == 405


@pytest.mark.parametrize(
    "header",
    ["Bearer pact_not-a-real-token", "Bearer", "Bearer two parts", "Token pact_nope"],
)
def test_it_answers_401_with_a_reason_to_bad_credentials(header):
    response = APIClient().get("/api/v1/partnerships/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "authentication_failed"
    assert body["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_the_token_of_an_inactive_person():
    user = make_user()
    _token, raw = create_token(user, "t", "read")
    user.is_active = False
    user.save()
    response = APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
