"""The client's address comes from the connection, or from proxies of ours: never from the client.

DRF trusted a raw ``X-Forwarded-For``, so sending a different one per request bypassed the anonymous
API throttle. Throttles and sign-in limits now read one address (``pact.kernel.client_ip``).
"""

from __future__ import annotations

import uuid

import pytest
from allauth.account.adapter import get_adapter
from django.conf import settings
from django.test import RequestFactory, override_settings
from rest_framework.test import APIClient

from pact.kernel.client_ip import client_ip
from pact.kernel.counters import COUNTERS as cache  # where throttles count

pytestmark = pytest.mark.django_db


def _ip() -> str:
    n = uuid.uuid4().int
    return f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250 + 1}"


def _low_anon_rate():
    return override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "100/min"},
        }
    )


def test_a_varying_forwarded_for_no_longer_bypasses_the_anonymous_throttle():
    ip = _ip()
    cache.delete(f"throttle_anon_{ip}")
    api = APIClient(REMOTE_ADDR=ip)
    with _low_anon_rate():
        answers = [
            api.get("/api/v1/indicators/", HTTP_X_FORWARDED_FOR=_ip()).status_code for _ in range(5)
        ]
    cache.delete(f"throttle_anon_{ip}")
    assert answers == [200, 200, 200, 429, 429]


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_only_the_entry_it_added_counts():
    proxy, client = _ip(), _ip()
    cache.delete(f"throttle_anon_{client}")
    api = APIClient(REMOTE_ADDR=proxy)
    with _low_anon_rate():
        answers = [
            api.get("/api/v1/indicators/", HTTP_X_FORWARDED_FOR=f"{_ip()}, {client}").status_code
            for _ in range(4)
        ]
        other = APIClient(REMOTE_ADDR=proxy).get("/api/v1/indicators/", HTTP_X_FORWARDED_FOR=_ip())
    cache.delete(f"throttle_anon_{client}")
    assert answers == [200, 200, 200, 429]
    assert other.status_code == 200  # another client behind the same proxy


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "192.0.2.1"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "203.0.113.5, 198.51.100.7", "198.51.100.7"),
        (2, "203.0.113.5, 198.51.100.7", "203.0.113.5"),
        (1, "not-an-address", "192.0.2.1"),
        (1, "", "192.0.2.1"),
    ],
)
def test_sign_in_limits_and_throttles_read_the_same_address(proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_ip(request) == expected
        assert get_adapter(request).get_client_ip(request) == expected
