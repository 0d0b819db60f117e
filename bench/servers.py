"""The processes a run starts and drives: gunicorn on the loopback interface, the load generator
(``bench/loadgen.py``) in a second process, and real Celery workers; and the mail folder they write to."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings

from bench.config import BENCH, CONFIG, ROOT, RUNTIME, SERVER_ENV


def free_port() -> int:
    preferred = os.environ.get("BENCH_PORT")
    if preferred:
        return int(preferred)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, workers: int, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.workers = workers
        self.env = env or {}
        RUNTIME.mkdir(parents=True, exist_ok=True)
        self.log_path = RUNTIME / "gunicorn.log"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        log_file = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "pact.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "60",
                "--backlog",
                "2048",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env={**os.environ, **SERVER_ENV, **self.env},
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("gunicorn stopped:\n" + self.log_path.read_text()[-3000:])
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"GET /bench/ping HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                    if b" 200 " in s.recv(100):
                        return self
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /bench/ping within 60 s")

    def __exit__(self, *exc: object) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def load(port: int, spec: dict[str, Any]) -> dict[str, Any]:
    """Run the load generator in a second process and return its figures."""
    spec = {"port": port, "warmup": CONFIG["warmup_s"], "duration": CONFIG["duration_s"], **spec}
    budget = spec["warmup"] + spec["duration"] + 120
    done = subprocess.run(
        [sys.executable, str(BENCH / "loadgen.py")],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        timeout=budget,
        cwd=ROOT,
    )
    if done.returncode:
        raise RuntimeError(f"load generator failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def settle(port: int) -> None:
    """Wait until the server has answered what is still queued from the last measure: one ping
    goes through the same queue, so when it is answered the queue before it is empty."""
    connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection_.request("GET", "/bench/ping")
        connection_.getresponse().read()
    finally:
        connection_.close()


class CeleryWorker:
    """A real ``celery worker`` (prefork, ``concurrency`` processes) on the bench's broker."""

    def __init__(self, concurrency: int, name: str) -> None:
        self.concurrency = concurrency
        self.name = name
        self.log_path = RUNTIME / f"worker-{name}.log"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> CeleryWorker:
        RUNTIME.mkdir(parents=True, exist_ok=True)
        log_file = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "pact",
                "worker",
                "--concurrency",
                str(self.concurrency),
                "--loglevel",
                "INFO",
                "--purge",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"bench-{self.name}-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env={**os.environ, **SERVER_ENV},
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while b" ready." not in self.log_path.read_bytes():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError(
                    "Celery worker did not start:\n" + self.log_path.read_text()[-3000:]
                )
            time.sleep(0.2)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def fresh_mail_dir() -> Path:
    mail = Path(SERVER_ENV["EMAIL_FILE_PATH"])
    shutil.rmtree(mail, ignore_errors=True)
    mail.mkdir(parents=True)
    settings.EMAIL_FILE_PATH = str(mail)
    return mail
