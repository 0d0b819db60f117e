"""Throttle and rate-limit counts live in the Redis that never evicts (REDIS_URL, the "counters"
cache), not in the page cache's evicting one: evicted, a count would start again from zero."""

from __future__ import annotations

import uuid

import pytest
import redis
from allauth.core.internal import ratelimit
from allauth.mfa.totp.internal import auth as totp
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from pact.kernel.api.auth import AnonRateThrottle, UserRateThrottle
from pact.kernel.counters import COUNTERS

pytestmark = pytest.mark.django_db


def _keys(url: str, pattern: str) -> list[bytes]:
    return redis.Redis.from_url(url).keys(pattern)


def test_api_throttles_allauth_limits_and_used_codes_count_in_the_counters_cache():
    assert AnonRateThrottle.cache is COUNTERS and UserRateThrottle.cache is COUNTERS
    assert ratelimit.cache is COUNTERS and totp.cache is COUNTERS
    assert settings.CACHES["counters"]["LOCATION"] == settings.REDIS_URL


def test_a_throttled_request_is_counted_in_the_redis_that_never_evicts():
    ip = f"10.77.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}"
    rates = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "5/min", "user": None}}
    with override_settings(REST_FRAMEWORK=rates):
        assert APIClient(REMOTE_ADDR=ip).get("/api/v1/indicators/").status_code == 200
    try:
        assert _keys(settings.REDIS_URL, f"*throttle_anon_{ip}")
        if settings.CACHE_REDIS_URL != settings.REDIS_URL:  # CI's single Redis holds both
            assert not _keys(settings.CACHE_REDIS_URL, f"*throttle_anon_{ip}")
    finally:
        COUNTERS.delete(f"throttle_anon_{ip}")


def test_a_sign_in_attempt_is_counted_in_the_redis_that_never_evicts(client):
    before = set(_keys(settings.REDIS_URL, "*:rl:*"))
    with override_settings(ACCOUNT_RATE_LIMITS={"login": "30/m/ip"}):
        client.post(
            reverse("account_login"),
            {"login": "nobody@example.org", "password": "wrong"},
            REMOTE_ADDR=f"10.78.{uuid.uuid4().int % 250}.9",
        )
    added = set(_keys(settings.REDIS_URL, "*:rl:*")) - before
    assert added
    if settings.CACHE_REDIS_URL != settings.REDIS_URL:
        assert not {k for k in _keys(settings.CACHE_REDIS_URL, "*:rl:*") if k in added}
    redis.Redis.from_url(settings.REDIS_URL).delete(*added)
