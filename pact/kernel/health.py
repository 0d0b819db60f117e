"""GET /healthz: database, Redis and worker state as JSON; 200 when all are up, 503 otherwise."""

from __future__ import annotations

import redis
from celery import current_app
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "up"
    except Exception:
        return "down"


def _redis() -> str:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
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


@never_cache
@require_GET
def healthz(request):
    state = {"database": _database(), "redis": _redis()}
    state["worker"] = _worker(state["redis"])
    ok = all(value == "up" for value in state.values())
    return JsonResponse({"status": "ok" if ok else "degraded", **state}, status=200 if ok else 503)
