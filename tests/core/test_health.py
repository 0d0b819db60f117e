"""GET /healthz (= /healthz/ready) tells the state of the database, Redis, the worker and beat;
/healthz/live only that the process serves; the staff health page shows the backlogs."""

import os
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.urls import reverse

from pact.kernel import health
from pact.models import OutboundEmail
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_it_reports_503_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "degraded",
        "database": "up",
        "redis": "down",
        "cache": "up",
        "worker": "unknown",
        "beat": "unknown",
    }


def test_it_reports_503_when_the_cache_redis_is_unreachable(client, settings):
    settings.CACHE_REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["cache"] == "down" and body["redis"] == "up" and body["database"] == "up"


def test_the_cache_falls_back_to_the_broker_redis_when_unset():
    code = (
        "from pact import settings as s; print(s.CACHES['default']['LOCATION'], s.CACHE_REDIS_URL)"
    )
    env = {k: v for k, v in os.environ.items() if k != "CACHE_REDIS_URL"}
    env["REDIS_URL"] = "redis://broker.invalid:6379/0"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["redis://broker.invalid:6379/0"] * 2
    env["CACHE_REDIS_URL"] = "redis://cache.invalid:6379/0"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["redis://cache.invalid:6379/0"] * 2


def test_devservices_start_a_broker_that_never_evicts_and_a_bounded_cache():
    import socket

    import redis as redis_client

    from pact.devservices import DATA_DIR, Services

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    if port + 10000 > 65535:
        port -= 10000
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    services = Services()
    services.env = {"PACT_REDIS_PORT": str(port)}
    try:
        services._start_redis()
        broker = redis_client.Redis.from_url(services.env["REDIS_URL"])
        cache = redis_client.Redis.from_url(services.env["CACHE_REDIS_URL"])
        assert services.env["REDIS_URL"] != services.env["CACHE_REDIS_URL"]
        assert broker.config_get("maxmemory-policy")["maxmemory-policy"] == "noeviction"
        assert cache.config_get("maxmemory-policy")["maxmemory-policy"] == "allkeys-lru"
        assert int(cache.config_get("maxmemory")["maxmemory"]) > 0
    finally:
        services.stop()


def test_the_cache_port_is_derived_so_checkouts_never_collide():
    from pact.devservices import cache_port

    ports = [6390, 6400, 6412, 6413]
    cache_ports = [cache_port(p) for p in ports]
    assert len(set(ports) | set(cache_ports)) == 2 * len(ports)
    assert cache_port(60000) == 50000


def test_live_answers_200_whatever_the_services(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_is_the_same_check_as_healthz(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["redis"] == "down"


def test_beat_is_down_without_a_recent_heartbeat_and_up_with_one(client, settings):
    settings.BEAT_HEARTBEAT_MAX_AGE = 60
    health.record_beat_heartbeat(now=time.time() - 120)
    assert client.get("/healthz").json()["beat"] == "down"
    health.record_beat_heartbeat()
    body = client.get("/healthz").json()
    assert body["beat"] == "up"
    if body["worker"] == "down":
        assert client.get("/healthz").status_code == 503


def test_the_heartbeat_task_records_the_tick():
    from pact.site.tasks import beat_heartbeat

    health.record_beat_heartbeat(now=time.time() - 1000)
    beat_heartbeat.delay()
    age = health.beat_heartbeat_age()
    assert age is not None and age < 10


def test_the_staff_health_page_shows_backlogs_to_staff_administrators(client):
    OutboundEmail.objects.create(to_address="a@example.org", subject="s", body_text="b")
    admin = make_user("ops@example.org", staff_role="admin")
    client.force_login(admin)
    response = client.get(reverse("staff_health"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "1 mail waiting to be sent." in content
    assert "No PDF is waiting." in content
    assert "<code>celery</code>" in content or "<code>default</code>" in content


def test_the_staff_health_page_is_hidden_from_reviewers(client):
    client.force_login(make_user("reviewer-ops@example.org", staff_role="reviewer"))
    assert client.get(reverse("staff_health")).status_code == 404


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
    health.record_beat_heartbeat()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            response = client.get("/healthz")
            if response.status_code == 200:
                break
            time.sleep(1)
        assert response.status_code == 200, response.json()
        assert response.json() == {
            "status": "ok",
            "database": "up",
            "redis": "up",
            "cache": "up",
            "worker": "up",
            "beat": "up",
        }
    finally:
        worker.terminate()
        worker.wait(20)


def _database_url() -> str:
    s = connection.settings_dict
    host = s["HOST"] or ""
    from urllib.parse import quote

    return f"postgres://{s['USER']}@{quote(host, safe='')}:{s['PORT'] or 5432}/{s['NAME']}"
