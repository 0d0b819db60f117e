"""API test helpers: a DRF client and personal tokens for the world's personas."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from pact.kernel.api.auth import create_token


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def token_client():
    """``token_client(user, scope)``: an API client that sends a fresh personal token."""

    def _make(user, scope: str = "read") -> APIClient:
        _token, raw = create_token(user, f"{scope} token", scope)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return _make
