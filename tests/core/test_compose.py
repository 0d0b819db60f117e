"""docker-compose.yml, checked by reading it (Docker does not run where the tests run): the
services, their health checks, a worker per queue, the reverse proxy in front of gunicorn, and
the database credentials."""

from pathlib import Path

import yaml
from django.conf import settings

from members.eusurvey import checks as eusurvey

ROOT = Path(settings.BASE_DIR)
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
PORTAL = {"migrate", "web", "beat", *(f"worker-{queue}" for queue in settings.PACT_QUEUES)}


def _command(name: str) -> list[str]:
    return SERVICES[name]["command"]


def test_it_runs_the_whole_stack():
    assert set(SERVICES) == PORTAL | {"proxy", "postgres", "redis", "redis-cache"}


def test_only_the_proxy_is_published_and_gunicorn_is_behind_it():
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"proxy"}
    assert _command("web")[0] == "gunicorn"
    assert SERVICES["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"
    mounts = SERVICES["proxy"]["volumes"]
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in mounts
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "server web:8000;" in conf
    assert "client_max_body_size 10m;" in conf
    assert "proxy_request_buffering on;" in conf
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf
    assert "proxy_set_header X-Request-ID $request_id;" in conf


def test_the_proxy_and_the_application_cap_request_bodies_alike():
    """One figure: what the proxy lets through, the application accepts, and the reverse; every
    single upload's own limit fits under it."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    megabytes = settings.REQUEST_BODY_MAX_BYTES // (1024 * 1024)
    assert megabytes * 1024 * 1024 == settings.REQUEST_BODY_MAX_BYTES
    assert f"client_max_body_size {megabytes}m;" in conf
    largest = max(settings.LOGO_MAX_BYTES, settings.EVIDENCE_MAX_BYTES, eusurvey.MAX_BYTES)
    assert largest + 64 * 1024 < settings.REQUEST_BODY_MAX_BYTES  # the form's other parts too


def test_health_checks_use_liveness_and_every_long_running_service_has_one():
    web = " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert "/healthz/live" in web and "/healthz'" not in web
    assert "/healthz/live" in " ".join(SERVICES["proxy"]["healthcheck"]["test"])
    for name, service in SERVICES.items():
        if name not in ("migrate", "beat"):  # a one-off; beat's heartbeat is in /healthz/ready
            assert "healthcheck" in service, name


def test_a_worker_per_queue_consumes_only_its_queue():
    for queue in settings.PACT_QUEUES:
        command = _command(f"worker-{queue}")
        assert command[:4] == ["celery", "-A", "pact", "worker"]
        assert command[command.index("-Q") + 1] == queue
        assert command[command.index("-n") + 1] == f"{queue}@%h"
        ping = SERVICES[f"worker-{queue}"]["healthcheck"]["test"]
        assert f"{queue}@$$HOSTNAME" in ping or f"{queue}@$HOSTNAME" in ping
    assert _command("beat")[:4] == ["celery", "-A", "pact", "beat"]


def test_the_portal_waits_for_migrations_and_sees_both_redis():
    assert _command("migrate")[-2:] == ["migrate", "--noinput"]
    for name in PORTAL - {"migrate"}:
        depends = SERVICES[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
    environment = SERVICES["web"]["environment"]
    assert environment["REDIS_URL"].startswith("redis://redis:")
    assert environment["CACHE_REDIS_URL"].startswith("redis://redis-cache:")
    assert "noeviction" in SERVICES["redis"]["command"]
    assert "allkeys-lru" in SERVICES["redis-cache"]["command"]
    assert "--maxmemory" in SERVICES["redis-cache"]["command"]


def test_the_database_passwords_have_no_default():
    database_url = SERVICES["web"]["environment"]["DATABASE_URL"]
    assert "${PACT_APP_PASSWORD:?" in database_url
    assert "${PACT_OWNER_PASSWORD:?" in SERVICES["migrate"]["environment"]["DATABASE_OWNER_URL"]
    for variable in ("POSTGRES_PASSWORD", "PACT_OWNER_PASSWORD", "PACT_APP_PASSWORD"):
        value = SERVICES["postgres"]["environment"][variable]
        assert value.startswith(f"${{{variable}:?"), variable
    assert ":-pact}" not in (ROOT / "docker-compose.yml").read_text()


def _user(url: str) -> str:
    return url.removeprefix("postgres://").split(":", 1)[0]


def test_only_migrate_knows_the_owner_and_the_portal_runs_as_the_application_role():
    """Web, workers and beat connect as pact_app (owns nothing); migrate alone as the owner."""
    assert _user(SERVICES["migrate"]["environment"]["DATABASE_OWNER_URL"]) == "pact_owner"
    for name in PORTAL:
        environment = SERVICES[name]["environment"]
        assert _user(environment["DATABASE_URL"]) == "pact_app", name
        if name != "migrate":
            assert "DATABASE_OWNER_URL" not in environment, name
    # The server's superuser is used by nobody but the init script and the health check.
    assert SERVICES["postgres"]["environment"]["POSTGRES_USER"] == "postgres"
    assert "POSTGRES_DB" not in SERVICES["postgres"]["environment"]


def test_the_roles_are_created_by_the_init_script_as_the_portal_expects():
    mounts = SERVICES["postgres"]["volumes"]
    assert "./deploy/postgres-init.sh:/docker-entrypoint-initdb.d/10-pact-roles.sh:ro" in mounts
    script = (ROOT / "deploy" / "postgres-init.sh").read_text()
    assert "CREATE ROLE pact_owner LOGIN NOSUPERUSER" in script
    assert "CREATE ROLE pact_app LOGIN NOSUPERUSER" in script
    assert "CREATE DATABASE pact OWNER pact_owner;" in script
