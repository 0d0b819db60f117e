"""GET /healthz tells the state of the database, Redis and the worker."""

import os
import subprocess
import sys
import time

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_it_reports_503_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "degraded",
        "database": "up",
        "redis": "down",
        "worker": "unknown",
    }


def test_it_reports_503_when_no_worker_answers(client):
    response = client.get("/healthz")
    body = response.json()
    assert body["database"] == "up"
    assert body["redis"] == "up"
    if body["worker"] == "down":
        assert response.status_code == 503


@pytest.mark.slow
def test_it_reports_200_with_a_real_worker(client, settings):
    env = dict(os.environ, PACT_TESTING="0", DATABASE_URL=_database_url())
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "pact",
            "worker",
            "-l",
            "warning",
            "--pool",
            "solo",
            "-n",
            "health@%h",
        ],
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            response = client.get("/healthz")
            if response.status_code == 200:
                break
            time.sleep(1)
        assert response.status_code == 200, response.json()
        assert response.json() == {"status": "ok", "database": "up", "redis": "up", "worker": "up"}
    finally:
        worker.terminate()
        worker.wait(20)


def _database_url() -> str:
    s = connection.settings_dict
    host = s["HOST"] or ""
    from urllib.parse import quote

    return f"postgres://{s['USER']}@{quote(host, safe='')}:{s['PORT'] or 5432}/{s['NAME']}"
