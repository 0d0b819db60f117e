"""Counters over time windows, kept in the Redis that never evicts (the broker's), for limits that
must hold across processes: mail a person sends to others, failed sign-ins.

A limit is a list of ``Window(scope, limit, seconds)``; ``take`` counts an action in every window
of the list at once, or in none of them when one would pass its limit (one Lua script, so parallel
requests cannot pass a limit together). Counters are fixed windows that start with their first
action. When Redis cannot be reached the limits do not hold (an outage delays nothing); it is
logged.

Kernel: imports no app.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

import redis
from django.conf import settings
from django.core.cache import caches
from django.utils.connection import ConnectionProxy

log = logging.getLogger(__name__)

# The cache alias in the same Redis (settings.CACHES["counters"]): where the API throttles and
# allauth's rate limits keep their counts (pact.apps points allauth at it).
COUNTERS = ConnectionProxy(caches, "counters")

# Checks every window, then counts in all of them (KEYS: counters; ARGV: amount, then per key its
# limit and its seconds). Returns 0 when counted, else the 1-based index of the first full window.
_TAKE = """
local amount = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  local used = tonumber(redis.call('GET', key) or '0')
  if used + amount > tonumber(ARGV[2 * i]) then return i end
end
for i, key in ipairs(KEYS) do
  local used = redis.call('INCRBY', key, amount)
  if used == amount then redis.call('EXPIRE', key, tonumber(ARGV[2 * i + 1])) end
end
return 0
"""


@dataclass(frozen=True)
class Window:
    """At most ``limit`` actions counted under ``scope`` within ``seconds``."""

    scope: str
    limit: int
    seconds: int


class LimitReached(Exception):
    def __init__(self, window: Window) -> None:
        super().__init__(window.scope)
        self.window = window


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


def client() -> redis.Redis:
    return _client(settings.COUNTERS_REDIS_URL)


def key(scope: str) -> str:
    return f"pact:counter:{settings.COUNTERS_KEY_PREFIX}{scope}"


_key = key


def take(windows: list[Window], amount: int = 1) -> None:
    """Count ``amount`` actions in every window, or raise ``LimitReached`` (counting nothing)."""
    if not windows or amount <= 0:
        return
    args: list[int] = [amount]
    for window in windows:
        args += [window.limit, window.seconds]
    try:
        full = client().eval(_TAKE, len(windows), *(_key(w.scope) for w in windows), *args)
    except redis.RedisError as error:
        log.warning("counters unavailable, limits not applied: %s", error)
        return
    if full:
        raise LimitReached(windows[int(full) - 1])


def count(scope: str) -> int:
    """What is counted now under ``scope`` (0 when Redis cannot be reached)."""
    try:
        value = client().get(_key(scope))
    except redis.RedisError:
        return 0
    return int(value or 0)


def add(scope: str, seconds: int, amount: int = 1) -> int:
    """Count without a limit; returns the new count (0 when Redis cannot be reached)."""
    key = _key(scope)
    try:
        pipe = client().pipeline()
        pipe.set(key, 0, ex=seconds, nx=True)
        pipe.incrby(key, amount)
        _, used = pipe.execute()
    except redis.RedisError as error:
        log.warning("counters unavailable: %s", error)
        return 0
    return int(used)


def reset(scope: str) -> None:
    try:
        client().delete(_key(scope))
    except redis.RedisError as error:
        log.warning("counters unavailable: %s", error)
