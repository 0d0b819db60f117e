"""Drill: PostgreSQL restarts while gunicorn serves pages under load.

The drill owns a PostgreSQL server (pgserver, under ``.devdata/drills/pg``) loaded with the test
database's schema, and a gunicorn on it. Readers keep requesting pages while the server is stopped
(fast shutdown: open connections are cut) and started again a few seconds later. Every request
must get a clean answer: the page (200) or the portal's 503 page with Retry-After; never a 500, a
cut connection or a hang; and pages come back without anyone restarting the portal.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.drills.conftest import ROOT, free_port, port_open, say, wait_for

PG_DATA = ROOT / ".devdata" / "drills" / "pg"
DATABASE = "drill"
PATHS = ["/partnerships/", "/members/", "/results/"]
READERS = 4
STEADY_SECONDS = 3
DOWN_SECONDS = 4
AFTER_SECONDS = 4


class OwnPostgres:
    def __init__(self, pgdata: Path) -> None:
        import pgserver

        pgdata.mkdir(parents=True, exist_ok=True)
        self.server = pgserver.get_server(pgdata, cleanup_mode="stop")
        self.bin = Path(pgserver.__file__).parent / "pginstall" / "bin"
        self.socket_dir = str(self.server.get_postmaster_info().socket_dir)

    def url(self) -> str:
        return f"postgres://postgres@{quote(self.socket_dir, safe='')}/{DATABASE}"

    def psql(self, *args: str, stdin: bytes | None = None) -> None:
        done = subprocess.run(
            [str(self.bin / "psql"), "-h", self.socket_dir, "-U", "postgres", "-q", *args],
            input=stdin,
            capture_output=True,
            check=False,
        )
        if done.returncode:
            raise AssertionError(
                f"psql {' '.join(args[:3])} failed: {done.stderr.decode()[-2000:]}"
            )

    def load_schema_of(self, settings_dict: dict) -> None:
        """A fresh database with the schema (tables, triggers) of the test database."""
        self.psql("-d", "postgres", "-c", f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        self.psql("-d", "postgres", "-c", f'CREATE DATABASE "{DATABASE}"')
        env = {"PGPASSWORD": settings_dict.get("PASSWORD") or ""}
        dump = subprocess.run(
            [
                str(self.bin / "pg_dump"),
                "--schema-only",
                # Not what a browser journey of the same session keeps aside (its snapshot
                # schema, which only the owner may read).
                "--exclude-schema=browser_snapshot",
                "--no-owner",
                "--no-privileges",
                "-h",
                settings_dict.get("HOST") or "127.0.0.1",
                "-p",
                str(settings_dict.get("PORT") or 5432),
                "-U",
                settings_dict.get("USER") or "postgres",
                settings_dict["NAME"],
            ],
            check=True,
            capture_output=True,
            env=env,
        ).stdout
        # Column options some server builds add (pg_attver=...) mean nothing to another server.
        dump = b"\n".join(line for line in dump.splitlines() if b"SET (pg_attver=" not in line)
        self.psql("-d", DATABASE, "-v", "ON_ERROR_STOP=1", stdin=dump)

    def stop(self) -> None:
        from pgserver._commands import pg_ctl

        pg_ctl(
            ["-w", "-m", "fast", "stop"], pgdata=self.server.pgdata, user=self.server.system_user
        )

    def start(self) -> None:
        with self.server._lock:
            self.server.ensure_postgres_running()

    def close(self) -> None:
        self.server.cleanup()


def warm(port: int) -> bool:
    """True once a page comes back (the workers' first requests load the URL conf, templates)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{PATHS[0]}", timeout=30) as r:
            return r.status == 200
    except Exception:
        time.sleep(0.5)
        return False


class Readers:
    """Threads requesting pages in a loop; every answer (or failure) is kept with its time."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.stop = threading.Event()
        self.answers: list[tuple[float, float, str, str]] = []  # start, end, path, outcome
        self.bodies: dict[str, bytes] = {}
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.read, args=(k,)) for k in range(READERS)]

    def read(self, k: int) -> None:
        n = k
        while not self.stop.is_set():
            path = PATHS[n % len(PATHS)]
            n += 1
            started = time.monotonic()
            # A new address each time: the page cache would otherwise answer from Redis for a
            # second of the outage, and the drill is of the pages that need PostgreSQL.
            url = f"http://127.0.0.1:{self.port}{path}?reader={k}&n={n}"
            try:
                with urllib.request.urlopen(url, timeout=30) as r:
                    outcome = str(r.status)
                    r.read()
            except urllib.error.HTTPError as exc:
                outcome = str(exc.code)
                body = exc.read()
                with self.lock:
                    self.bodies.setdefault(outcome, body)
                    if outcome == "503":
                        self.bodies.setdefault(
                            "retry-after", (exc.headers["Retry-After"] or "").encode()
                        )
            except Exception as exc:
                outcome = type(exc).__name__
            with self.lock:
                self.answers.append((started, time.monotonic(), path, outcome))

    def __enter__(self) -> Readers:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(30)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_answers_503_while_postgres_restarts_then_recovers(drill):
    from django.db import connection

    postgres = OwnPostgres(PG_DATA)
    try:
        postgres.load_schema_of(connection.settings_dict)
        port = free_port()
        gunicorn = drill.process(
            "gunicorn",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "pact.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--timeout",
                "30",
            ],
            DATABASE_URL=postgres.url(),
            DB_CONN_MAX_AGE="60",
        ).start(ready=None)
        wait_for(lambda: port_open(port), 60, "gunicorn")
        wait_for(lambda: warm(port), 120, "gunicorn's workers to serve their first pages", step=0)
        say("gunicorn (2 workers, persistent connections) on a PostgreSQL of the drill's own")
        with Readers(port) as readers:
            wait_for(
                lambda: sum(1 for a in readers.answers if a[3] == "200") >= 2 * READERS,
                60,
                "pages served before the restart",
            )
            time.sleep(STEADY_SECONDS)
            down = time.monotonic()
            postgres.stop()
            stopped = time.monotonic()
            say("PostgreSQL stopped (fast shutdown: open connections cut)")
            time.sleep(DOWN_SECONDS)
            postgres.start()
            up = time.monotonic()
            say(f"PostgreSQL started again after {up - down:.1f} s")
            time.sleep(AFTER_SECONDS)
        assert gunicorn.proc is not None and gunicorn.proc.poll() is None, "gunicorn kept running"
    finally:
        drill.stop_all()
        postgres.close()

    answers = readers.answers
    before = Counter(o for s, e, _, o in answers if e < down)
    during = Counter(o for s, e, _, o in answers if s > stopped and e < up)
    after = Counter(o for s, e, _, o in answers if s > up + 1)
    overall = Counter(o for _, _, _, o in answers)
    say(f"before: {dict(before)}; while down: {dict(during)}; after: {dict(after)}")
    say(f"all {len(answers)} answers: {dict(overall)}")
    assert set(before) == {"200"}
    # Requests in flight across the stop may still finish with 200; what must not happen is any
    # other answer (a 500, a hang) while the database is away.
    assert during["503"] and set(during) <= {"503", "200"}, during
    assert during["503"] >= 0.95 * sum(during.values()), during
    assert after and set(after) == {"200"}, after
    assert set(overall) <= {"200", "503"}, "no 500, no cut connection, no timeout"
    assert b"temporarily unavailable" in readers.bodies["503"]
    assert readers.bodies["retry-after"] == b"30"
    first_ok = min(e for s, e, _, o in answers if s > up and o == "200")
    say(
        f"first page served {first_ok - up:.2f} s after PostgreSQL was back, no restart of gunicorn"
    )
