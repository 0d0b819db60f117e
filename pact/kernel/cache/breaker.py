"""Redis reads and writes that give up quietly when Redis is down, and then leave it alone for
``BREAKER_SECONDS`` so that a dead Redis costs each request nothing. One breaker for the page cache
and the remembered figures (``data_version.remembered``): either tells the other Redis is down."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

BREAKER_SECONDS = 10.0
_redis_down_until = 0.0


def cache_get(key: str) -> Any:
    """Redis, or None when it is down (then skipped for ``BREAKER_SECONDS``)."""
    global _redis_down_until
    if time.monotonic() < _redis_down_until:
        return None
    try:
        return cache.get(key)
    except Exception as error:  # Redis down: render instead
        _redis_down_until = time.monotonic() + BREAKER_SECONDS
        logger.warning("page cache unavailable, rendering pages: %s", error)
        return None


def cache_set(key: str, value: Any) -> bool:
    global _redis_down_until
    if time.monotonic() < _redis_down_until:
        return False
    try:
        cache.set(key, value, settings.PAGE_CACHE_TIMEOUT)
    except Exception as error:
        _redis_down_until = time.monotonic() + BREAKER_SECONDS
        logger.warning("page cache unavailable, pages not stored: %s", error)
        return False
    return True


def cache_add(key: str, value: Any, timeout: float) -> bool | None:
    """Store ``value`` only if ``key`` is absent (a lock): True if stored, False if the key was
    there, None when Redis is down (then nobody can hold the lock: the caller goes ahead)."""
    global _redis_down_until
    if time.monotonic() < _redis_down_until:
        return None
    try:
        return bool(cache.add(key, value, timeout))
    except Exception as error:
        _redis_down_until = time.monotonic() + BREAKER_SECONDS
        logger.warning("page cache unavailable, computing without a lock: %s", error)
        return None


def cache_delete(key: str) -> None:
    try:
        cache.delete(key)
    except Exception as error:  # the lock expires by itself
        logger.warning("page cache unavailable, lock left to expire: %s", error)
