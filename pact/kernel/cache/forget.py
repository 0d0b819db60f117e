"""Forget every stored page and figure: after a restore (their versions describe a later state)
and after an erasure (a stored page or figure may hold the person's name).

Only the cache's own keys (its ``KEY_PREFIX``) are removed; the broker's queues stay, also when
both share one Redis. Redis down: nothing stored can be served either, so nothing is lost.
"""

from __future__ import annotations

import logging

import redis
from django.conf import settings

log = logging.getLogger(__name__)


def forget_stored() -> int:
    """Delete every key of the page and figure cache; returns how many."""
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    client = redis.Redis.from_url(settings.CACHE_REDIS_URL)
    forgotten = 0
    try:
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            forgotten += client.delete(key)
    except redis.RedisError:
        log.warning("Redis unreachable: the cache could not be cleared", exc_info=True)
    return forgotten
