"""Health checks for the container and for the load balancer.

- ``GET /healthz/live``: the process serves requests (no outside service asked): the container's
  health check, so an outage of the worker or of a Redis never marks the web container unhealthy.
- ``GET /healthz/ready`` and ``GET /healthz`` (the outside contract, DESIGN.md §8): JSON with the
  state of the database, both Redis (``redis``: broker and counters; ``cache``: the cache's), the
  worker and the beat heartbeat; 200 when all are up, 503 otherwise.
"""

from __future__ import annotations

import time

import redis
from celery import current_app
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# Written by the beat-scheduled heartbeat task into the broker's Redis (never evicted).
BEAT_HEARTBEAT_KEY = "pact:beat:heartbeat"


def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "up"
    except Exception:
        return "down"


def _redis(url: str) -> str:
    try:
        _client(url).ping()
        return "up"
    except Exception:
        return "down"


def _worker(redis_state: str) -> str:
    if redis_state != "up":
        return "unknown"
    try:
        # The project's Celery app (pact.celery makes it the default app of every thread).
        replies = current_app.control.ping(timeout=1.0)
    except Exception:
        return "down"
    return "up" if replies else "down"


def record_beat_heartbeat(now: float | None = None) -> None:
    """Called by the heartbeat task beat schedules: the time of the last tick."""
    _client(settings.REDIS_URL).set(
        BEAT_HEARTBEAT_KEY,
        str(time.time() if now is None else now),
        ex=int(settings.BEAT_HEARTBEAT_MAX_AGE) * 10,
    )


def beat_heartbeat_age() -> float | None:
    """Seconds since the last beat tick, None when none was recorded (or Redis is down)."""
    try:
        value = _client(settings.REDIS_URL).get(BEAT_HEARTBEAT_KEY)
    except Exception:
        return None
    if value is None:
        return None
    try:
        return max(0.0, time.time() - float(value))
    except ValueError:
        return None


def _beat(redis_state: str) -> str:
    if redis_state != "up":
        return "unknown"
    age = beat_heartbeat_age()
    return "up" if age is not None and age <= settings.BEAT_HEARTBEAT_MAX_AGE else "down"


def readiness() -> dict[str, str]:
    state = {"database": _database(), "redis": _redis(settings.REDIS_URL)}
    state["cache"] = (
        state["redis"]
        if settings.CACHE_REDIS_URL == settings.REDIS_URL
        else _redis(settings.CACHE_REDIS_URL)
    )
    state["worker"] = _worker(state["redis"])
    state["beat"] = _beat(state["redis"])
    return state


@never_cache
@require_GET
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def healthz(request):
    state = readiness()
    ok = all(value == "up" for value in state.values())
    return JsonResponse({"status": "ok" if ok else "degraded", **state}, status=200 if ok else 503)
