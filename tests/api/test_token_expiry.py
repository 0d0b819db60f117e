"""Tokens expire; a staff token that can write comes only from a sign-in with a second factor and
lives 90 days at most; its creation is audited with both (DESIGN.md §9)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from pact.kernel.api.auth import create_token
from pact.models import ApiToken, AuditEntry
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _create(client, **data):
    return client.post(reverse("api_tokens"), {"name": "script", "scope": "read", **data})


def _days_left(token: ApiToken) -> int:
    assert token.expires_at is not None
    return round((token.expires_at - timezone.now()) / timedelta(days=1))


def test_every_token_expires_after_the_chosen_lifetime(login):
    client = login(make_user())
    _create(client, name="default")
    _create(client, name="short", days="30")
    _create(client, name="long", scope="write", days="365")
    lifetimes = {t.name: _days_left(t) for t in ApiToken.objects.all()}
    assert lifetimes == {"default": 90, "short": 30, "long": 365}
    response = _create(client, name="forever", days="10000")
    assert response.status_code == 200
    assert not ApiToken.objects.filter(name="forever").exists()


def test_an_expired_token_is_refused_and_no_longer_listed(login):
    user = make_user()
    token, raw = create_token(user, "old", "read")
    api = APIClient()
    assert api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]
    page = login(user).get(reverse("api_tokens")).content.decode()
    assert "No tokens." in page


def test_a_staff_write_token_needs_a_sign_in_with_a_second_factor(login):
    staff = make_user(staff_role="reviewer", mfa=False)  # signed in with a password only
    client = login(staff)
    response = _create(client, scope="write")
    assert response.status_code == 200
    assert "second factor" in response.content.decode()
    assert not ApiToken.objects.exists()
    # Reading needs no second factor.
    _create(client, scope="read")
    assert ApiToken.objects.get().scope == "read"


def test_a_staff_write_token_lives_90_days_at_most_and_is_audited(login):
    staff = make_user(staff_role="reviewer")  # signs in with an authenticator code
    client = login(staff)
    response = _create(client, scope="write", days="180")
    assert "90 days at most" in response.content.decode()
    assert not ApiToken.objects.exists()
    _create(client, scope="write", days="90")
    token = ApiToken.objects.get()
    assert token.scope == "write" and _days_left(token) == 90
    entry = AuditEntry.objects.get(kind="pact.api_token.created")
    assert entry.data["multi_factor"] is True
    assert entry.data["staff"] is True
    assert entry.data["expires_at"] == token.expires_at.isoformat()
