"""The benchmark: ``make bench`` (the Makefile runs it under ``pact.devservices exec``).

Seeds the synthetic data set (``seed_scale``; scale ``BENCH_SCALE``, default 0.1, 1 for the full
set), starts gunicorn on the loopback interface, drives it from a second process
(``bench/loadgen.py``), measures query counts, PDFs and reminders through a real Celery worker,
and writes ``bench/results.json`` and ``bench/results.md``. Every figure comes from this run.

Settings (environment): BENCH_SCALE, BENCH_WORKERS (gunicorn workers, default 2 x CPUs),
BENCH_CONCURRENCY (20), BENCH_DURATION (seconds per measured page, 15), BENCH_WARMUP (3),
BENCH_BURST_CLIENTS (200), BENCH_BURST_SECONDS (30; 120 for the full drill),
BENCH_REMINDER_RECIPIENTS (100000), BENCH_REMINDER_TIMEOUT (300 s; past it the
time for all is projected from the rate), BENCH_PDF_COUNT (12), BENCH_RESEED (1; 0 keeps the data of
an earlier run of the same scale), BENCH_STAGES (comma-separated subset of the stages below).
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def _relative(text: str) -> str:
    """Profiles name files relative to the project, never the machine's own paths."""
    return text.replace(f"{ROOT}/", "")


RUNTIME = ROOT / ".devdata" / "bench"
sys.path.insert(0, str(ROOT))


def env_float(name: str, default: float) -> float:
    return float(os.environ.get(name) or default)


CPUS = os.cpu_count() or 1
CONFIG: dict[str, Any] = {
    "scale": env_float("BENCH_SCALE", 0.1),
    "gunicorn_workers": int(env_float("BENCH_WORKERS", 2 * CPUS)),
    "concurrency": int(env_float("BENCH_CONCURRENCY", 20)),
    "duration_s": env_float("BENCH_DURATION", 15),
    "warmup_s": env_float("BENCH_WARMUP", 3),
    "burst_clients": int(env_float("BENCH_BURST_CLIENTS", 200)),
    "burst_seconds": env_float("BENCH_BURST_SECONDS", 30),
    "reminder_recipients": int(env_float("BENCH_REMINDER_RECIPIENTS", 100_000)),
    "pdf_count": int(env_float("BENCH_PDF_COUNT", 12)),
    "celery_workers": 2,
    "reminder_timeout_s": env_float("BENCH_REMINDER_TIMEOUT", 300),
    "reseed": os.environ.get("BENCH_RESEED", "1") != "0",
}
STAGES = ["seed", "fixtures", "queries", "http", "pdf", "reminders", "profiles"]
SELECTED = [s for s in os.environ.get("BENCH_STAGES", ",".join(STAGES)).split(",") if s]

GOALS = {
    "directory_ratio": 0.5,
    "public_p95_ms": 100,
    "api_p95_ms": 100,
    "dashboard_p95_ms": 200,
    "max_queries": 12,
    "pdf_render_s": 1.0,
    "reminders_s": 120,
    "reminder_duplicates": 0,
    "burst_errors": 0,
    "burst_lost": 0,
    "burst_p95_ms": 300,
}

# Server processes get these on top of the environment: no debug, the baseline view, mail into
# the bench's own folder, API throttles far above the load so they are measured, not hit.
SERVER_ENV = {
    "DEBUG": "0",
    "PACT_BENCH": "1",
    "PACT_TESTING": "0",
    "API_THROTTLE_ANON": "100000000/min",
    "API_THROTTLE_USER": "100000000/min",
    "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    "EMAIL_FILE_PATH": str(RUNTIME / "mail"),
    "MEDIA_ROOT": str(RUNTIME / "media"),
    "LOG_LEVEL": "WARNING",
}
os.environ.update(SERVER_ENV)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pact.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import fixtures, mailbox  # noqa: E402
from bench.report import results_markdown, summary  # noqa: E402

results: dict[str, Any] = {}
state: dict[str, Any] = {}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def stage(name: str) -> Callable[[Callable[[], Any]], Callable[[], None]]:
    """Run a stage if selected; record its duration, or its error without stopping the run."""

    def decorator(fn: Callable[[], Any]) -> Callable[[], None]:
        def run() -> None:
            if name not in SELECTED:
                return
            log(f"stage {name}")
            started = time.monotonic()
            record: dict[str, Any] = {"status": "ok"}
            try:
                fn()
            except Exception as exc:
                record = {
                    "status": "error",
                    "error": f"{type(exc).__name__}: {exc}"[:500],
                    "trace": traceback.format_exc()[-3000:],
                }
                log(f"stage {name} failed: {record['error']}")
            record["seconds"] = round(time.monotonic() - started, 1)
            results.setdefault("stages", {})[name] = record

        return run

    return decorator


# --- machine ---------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "nproc": CPUS,
        "memory_gb": memory_gb,
        "cpu_model": cpu or platform.processor(),
        "python": platform.python_version(),
        "postgresql": pg,
        "os": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "commit": commit,
    }


# --- stages ----------------------------------------------------------------------------------------


@stage("seed")
def seed() -> None:
    from members.models import Organisation

    call_command("migrate", "--noinput", verbosity=0)
    existing = Organisation.objects.filter(slug__startswith="scale-").count()
    expected = round(100_000 * CONFIG["scale"])
    if not CONFIG["reseed"] and existing >= expected:
        results["seed"] = {"reused": True, "organisations": existing}
        return
    started = time.monotonic()
    call_command("seed_scale", scale=CONFIG["scale"], reset=True, vacuum=True)
    results["seed"] = {"reused": False, "seconds": round(time.monotonic() - started, 1)}
    results["seed"].update(data_counts())


def data_counts() -> dict[str, int]:
    from commitments.models import Commitment, ProgressReport, Target
    from members.models import Organisation
    from partnerships.models import Partnership, PartnershipMembership

    return {
        "organisations": Organisation.objects.count(),
        "partnerships": Partnership.objects.count(),
        "partnership_memberships": PartnershipMembership.objects.count(),
        "commitments": Commitment.objects.count(),
        "targets": Target.objects.count(),
        "progress_reports": ProgressReport.objects.count(),
    }


def build_fixtures() -> None:
    from pact.models import User

    started = time.monotonic()
    fixtures.clear()
    state["staff"] = fixtures.staff_user()
    state["queries"] = fixtures.query_fixtures()
    state["pdf_versions"] = fixtures.pdf_fixtures(CONFIG["pdf_count"])
    per_client = fixtures.per_client_targets(CONFIG["burst_seconds"])
    state["burst"] = fixtures.burst_fixtures(CONFIG["burst_clients"], per_client)
    state["member"] = User.objects.get(pk=state["burst"][0].user_id)
    results["fixtures"] = {
        "seconds": round(time.monotonic() - started, 1),
        "burst_targets_per_client": per_client,
    }
    results.setdefault("seed", {}).update(data_counts())


def ensure_fixtures() -> None:
    """Stages run alone (BENCH_STAGES) find the fixtures of the same run, or make them."""
    if "queries" not in state:
        build_fixtures()


# --- query counts ------------------------------------------------------------------------------------


def page_urls() -> dict[str, dict[str, Any]]:
    """Each measured page with a URL showing one row and one showing fifty (or as many as exist)."""
    q = state["queries"]
    cycle = fixtures.open_cycle()
    year = fixtures.closed_cycles(1)[0].year
    pages: dict[str, dict[str, Any]] = {
        "partnership directory": {
            "one": f"/partnerships/?q={q.word_one}",
            "fifty": f"/partnerships/?q={q.word_many}",
        },
        "partnership page": {
            "one": f"/partnerships/{q.small_partnership}/",
            "fifty": f"/partnerships/{q.large_partnership}/",
        },
        "members directory": {
            "one": f"/members/?q={q.word_one}",
            "fifty": f"/members/?q={q.word_many}",
        },
        "organisation profile": {
            "one": f"/members/{q.small_organisation}/",
            "fifty": f"/members/{q.large_organisation}/",
        },
        "Pact-wide results": {"one": None, "fifty": "/results/"},
        "reports behind a result": {
            "one": f"/results/reports/?partnership={q.small_partnership}&year={year}",
            "fifty": f"/results/reports/?partnership={q.large_partnership}&year={year}",
        },
        "staff monitoring dashboard": {"one": None, "fifty": "/staff/monitoring/", "as": "staff"},
        "staff monitoring of the open cycle": {
            "one": None,
            "fifty": f"/staff/monitoring/{cycle.year}/",
            "as": "staff",
        },
    }
    for name, api in api_lists().items():
        pages[f"API {name}"] = {
            "one": f"{api['path']}?page_size=1",
            "fifty": f"{api['path']}?page_size=50",
            "as": api["as"],
        }
    return pages


def api_lists() -> dict[str, dict[str, Any]]:
    """The API's list routes, each requested anonymously, or by a member when it needs a login."""
    if "api_lists" not in state:
        lists = {}
        client = Client()
        for name, path in api_list_paths().items():
            status = client.get(path, HTTP_ACCEPT="application/json").status_code
            lists[name] = {"path": path, "as": "member" if status in (401, 403) else None}
        state["api_lists"] = lists
    return state["api_lists"]


def api_list_paths() -> dict[str, str]:
    """Every list route of the API (router names ending in ``-list`` without parameters)."""
    from django.urls import get_resolver

    paths: dict[str, str] = {}

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns, route)
            elif (p.name or "").endswith("-list") and "<" not in route and "(?P" not in route:
                clean = route.replace("^", "").replace("$", "").replace("\\", "")
                if clean.startswith("api/v1/") and "." not in clean.split("/")[-1]:
                    paths[p.name.removesuffix("-list")] = "/" + clean

    walk(get_resolver().url_patterns, "")
    return dict(sorted(paths.items()))


@stage("queries")
def query_counts() -> None:
    """Queries of building each page (the page cache off), and the time the first visitor after
    a change waits (data version moved on: neither stored pages nor remembered figures help)."""
    from django.test.utils import override_settings

    ensure_fixtures()
    rows: dict[str, Any] = {}
    for name, page in page_urls().items():
        client = Client()
        if page.get("as"):
            client.force_login(state[page["as"]])
        counts: dict[str, Any] = {}
        for size in ("one", "fifty"):
            url = page[size]
            if url is None:  # a page of totals: no number of rows to vary
                counts[size] = None
                continue
            client.get(url)  # warm: caches, sessions
            reset_queries()  # the log keeps 9,000 queries: a full one would capture none
            with (
                override_settings(PAGE_CACHE_ENABLED=False),
                CaptureQueriesContext(connection) as ctx,
            ):
                response = client.get(url, HTTP_ACCEPT="text/html,application/json")
            built_with = len(ctx)  # now: the log is emptied at each later request
            cold = []
            for _ in range(3):
                bump_data_version()
                started = time.perf_counter()
                client.get(url, HTTP_ACCEPT="text/html,application/json")
                cold.append((time.perf_counter() - started) * 1000)
            counts[size] = {
                "url": url,
                "status": response.status_code,
                "queries": built_with,
                "cold_ms": round(statistics.median(cold), 1),
            }
        measured = [c for c in counts.values() if c is not None]
        same = len({c["queries"] for c in measured}) == 1
        worst = max(c["queries"] for c in measured)
        rows[name] = {
            **counts,
            "equal": same if len(measured) == 2 else None,
            "max": worst,
            "ok": same
            and worst <= GOALS["max_queries"]
            and all(c["status"] == 200 for c in measured),
        }
    results["queries"] = rows


def bump_data_version() -> None:
    """What any write does: every stored page and remembered figure is out of date."""
    from pact.kernel.cache import data_version, page_cache

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nextval('{data_version.SEQUENCE}')")
        cursor.execute(f"SELECT nextval('{data_version.REPORTING_SEQUENCE}')")
    page_cache._version.value = None  # this process reads it afresh, as servers do within 1 s


# --- HTTP: gunicorn and the load generator ------------------------------------------------------------


def free_port() -> int:
    preferred = os.environ.get("BENCH_PORT")
    if preferred:
        return int(preferred)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, workers: int) -> None:
        self.port = free_port()
        self.workers = workers
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
            env={**os.environ, **SERVER_ENV},
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


def directory_query_path() -> str:
    query = os.environ.get("BENCH_DIRECTORY_QUERY", "q=skills+partnership&kind=rsp&country=IT")
    return f"/partnerships/?{query}"


def sample_partnership_paths(n: int = 200) -> list[str]:
    from partnerships.models import Partnership

    slugs = (
        Partnership.objects.filter(slug__startswith="scale-", status="active")
        .order_by("?")
        .values_list("slug", flat=True)[:n]
    )
    return [f"/partnerships/{s}/" for s in slugs]


def latency_targets() -> dict[str, dict[str, Any]]:
    cookie = {
        role: {"Cookie": f"{settings.SESSION_COOKIE_NAME}={fixtures.session_cookie(state[role])}"}
        for role in ("staff", "member")
    }
    staff = cookie["staff"]
    targets: dict[str, dict[str, Any]] = {
        "partnership directory (search + 2 filters)": {
            "kind": "public",
            "requests": [{"path": directory_query_path()}],
        },
        "partnership page": {
            "kind": "public",
            "requests": [{"path": p} for p in sample_partnership_paths()],
        },
        "Pact-wide results": {"kind": "dashboard", "requests": [{"path": "/results/"}]},
        "staff monitoring dashboard": {
            "kind": "dashboard",
            "as": "staff",
            "requests": [{"path": "/staff/monitoring/", "headers": staff}],
        },
    }
    for name, api in api_lists().items():
        request = {"path": api["path"], "accept": "application/json"}
        if api["as"]:
            request["headers"] = cookie[api["as"]]
        targets[f"API {name} list" + (f" (as a {api['as']})" if api["as"] else "")] = {
            "kind": "api",
            "as": api["as"],
            "requests": [request],
        }
    return targets


def goal_for(kind: str) -> int:
    return int(
        {
            "public": GOALS["public_p95_ms"],
            "api": GOALS["api_p95_ms"],
            "dashboard": GOALS["dashboard_p95_ms"],
        }[kind]
    )


@stage("http")
def http() -> None:
    ensure_fixtures()
    with Gunicorn(CONFIG["gunicorn_workers"]) as server:
        log(f"gunicorn on 127.0.0.1:{server.port} with {server.workers} workers")
        c = CONFIG["concurrency"]
        ping_alone = load(
            server.port,
            {"concurrency": 1, "requests": [{"path": "/bench/ping"}], "warmup": 1, "duration": 4},
        )
        ping = load(server.port, {"concurrency": c, "requests": [{"path": "/bench/ping"}]})
        directory = load(
            server.port, {"concurrency": c, "requests": [{"path": directory_query_path()}]}
        )
        ratio = directory["rps"] / ping["rps"] if ping["rps"] else None
        results["throughput"] = {
            "concurrency": c,
            "baseline_view": {
                **_brief(ping, "/bench/ping"),
                "alone_p50_ms": ping_alone["latency_ms"]["p50"],
            },
            "directory": _brief(directory, directory_query_path()),
            "ratio": round(ratio, 3) if ratio is not None else None,
            "goal": GOALS["directory_ratio"],
            "ok": ratio is not None and ratio >= GOALS["directory_ratio"],
        }
        log(f"throughput ratio {results['throughput']['ratio']}")
        latency: dict[str, Any] = {}
        for name, target in latency_targets().items():
            # Every distinct URL once, in turn: the measure is of a site in use, whose pages
            # visitors have asked for before; what the first visitor after a change waits is
            # in the queries table ("first request after a change").
            primed = prime(server.port, target["requests"])
            # One client alone first: what a request costs without queueing behind others.
            alone = load(
                server.port,
                {"concurrency": 1, "requests": target["requests"], "warmup": 1, "duration": 4},
            )
            figures = load(server.port, {"concurrency": c, "requests": target["requests"]})
            goal = goal_for(target["kind"])
            p95 = figures["latency_ms"]["p95"]
            bad = sum(n for code, n in figures["status"].items() if code != "200")
            bad += sum(figures["errors"].values())
            latency[name] = {
                "kind": target["kind"],
                "as": target.get("as"),
                **_brief(figures, target["requests"][0]["path"]),
                "alone_p50_ms": alone["latency_ms"]["p50"],
                "primed_urls": primed,
                "goal_p95_ms": goal,
                "ok": p95 is not None and p95 <= goal and bad == 0,
            }
            log(
                f"{name}: alone {alone['latency_ms']['p50']} ms; at {c} clients p50 "
                f"{figures['latency_ms']['p50']} ms, p95 {p95} ms, {figures['rps']}/s"
            )
        results["latency"] = latency
        results["burst"] = burst(server.port)


def prime(port: int, requests: list[dict[str, Any]]) -> int:
    """Ask for each distinct request once, one after the other; returns how many there were."""
    import http.client

    distinct = {json.dumps(r, sort_keys=True): r for r in requests}
    for request in distinct.values():
        connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        headers = {"Accept": request.get("accept", "text/html,application/json")}
        headers.update(request.get("headers", {}))
        connection_.request("GET", request["path"], headers=headers)
        connection_.getresponse().read()
        connection_.close()
    return len(distinct)


def _brief(figures: dict[str, Any], path: str) -> dict[str, Any]:
    return {
        "path": path,
        "rps": figures["rps"],
        "requests": figures["requests"],
        "p50_ms": figures["latency_ms"]["p50"],
        "p95_ms": figures["latency_ms"]["p95"],
        "p99_ms": figures["latency_ms"]["p99"],
        "status": figures["status"],
        "errors": figures["errors"],
    }


def burst(port: int) -> dict[str, Any]:
    """Deadline day: many people submit progress reports at once through the report form."""
    from django.middleware.csrf import _get_new_csrf_string

    from commitments.models import ProgressReport

    cycle = fixtures.open_cycle()
    clients = state["burst"]
    token = _get_new_csrf_string()
    specs = []
    for c in clients:
        cookie = f"{settings.SESSION_COOKIE_NAME}={c.session}; {settings.CSRF_COOKIE_NAME}={token}"
        specs.append(
            [
                {
                    "id": f"{c.organisation_id}:{target}",
                    "method": "POST",
                    "path": f"/reporting/{cycle.year}/{c.organisation_slug}/{target}/",
                    "headers": {"Cookie": cookie},
                    "body": (
                        f"value={17 + k % 50}&narrative=Courses+delivered+in+spring"
                        f"&evidence_links=https%3A%2F%2Fexample.org%2Freport&lock_version=0"
                        f"&action=submit&csrfmiddlewaretoken={token}"
                    ),
                }
                for k, target in enumerate(c.target_ids)
            ]
        )
    figures = load(
        port,
        {
            "clients": specs,
            "warmup": 0,
            "duration": CONFIG["burst_seconds"],
            "timeout": 60,
            "ok_status": [302],
        },
    )
    target_ids = [t for c in clients for t in c.target_ids]
    stored = set(
        ProgressReport.objects.filter(
            cycle=cycle, target_id__in=target_ids, status="submitted"
        ).values_list("organisation_id", "target_id")
    )
    ok = {tuple(int(x) for x in rid.split(":")) for rid in figures["ok_ids"]}
    lost = len(ok - stored)
    unconfirmed = len(stored - ok)
    errors = sum(n for code, n in figures["status"].items() if code != "302")
    errors += sum(figures["errors"].values())
    p95 = figures["latency_ms"]["p95"]
    return {
        "clients": len(clients),
        "seconds": CONFIG["burst_seconds"],
        "submitted": figures["requests"],
        "successful": len(ok),
        "rows_stored": len(stored),
        "errors": errors,
        "status": figures["status"],
        "connection_errors": figures["errors"],
        "lost": lost,
        "stored_without_success_response": unconfirmed,
        "rps": figures["rps"],
        "p50_ms": figures["latency_ms"]["p50"],
        "p95_ms": p95,
        "p99_ms": figures["latency_ms"]["p99"],
        "goal_p95_ms": GOALS["burst_p95_ms"],
        "ok": errors == 0 and lost == 0 and p95 is not None and p95 <= GOALS["burst_p95_ms"],
    }


# --- Celery -------------------------------------------------------------------------------------------


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


def pdf_pages(data: bytes) -> int | None:
    """Pages of a PDF, from poppler's pdfinfo (installed by make system-deps)."""
    if not shutil.which("pdfinfo"):
        return None
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=False)
    found = re.search(rb"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    return int(found.group(1)) if found else None


@stage("pdf")
def pdf() -> None:
    ensure_fixtures()
    from partnerships.declarations import pdf as pdf_module
    from partnerships.declarations import publication as declaration_services
    from partnerships.models import DeclarationPdf

    versions = state["pdf_versions"]
    version = versions[0]
    pdf_module.render_version(version)  # warm: fonts, templates
    timings = []
    size = 0
    for _ in range(5):
        started = time.perf_counter()
        data = pdf_module.render_version(version)
        timings.append(time.perf_counter() - started)
        size = len(data)
    pages = pdf_pages(data)
    html = pdf_module.version_html(version)
    render = {
        "commitments": version.commitments.count(),
        "has_chart": "<svg" in html,
        "pages": pages,
        "bytes": size,
        "median_s": round(statistics.median(timings), 3),
        "max_s": round(max(timings), 3),
        "goal_s": GOALS["pdf_render_s"],
    }
    render["ok"] = render["median_s"] < GOALS["pdf_render_s"] and render["has_chart"]
    DeclarationPdf.objects.filter(version__in=versions).delete()
    with CeleryWorker(CONFIG["celery_workers"], "pdf"):
        started = time.monotonic()
        for v in versions:
            declaration_services.request_pdf(v)
        pks = list(DeclarationPdf.objects.filter(version__in=versions).values_list("pk", flat=True))
        deadline = started + 600
        while time.monotonic() < deadline:
            pending = DeclarationPdf.objects.filter(pk__in=pks, status="pending").count()
            if not pending:
                break
            time.sleep(0.2)
        elapsed = time.monotonic() - started
    ready = DeclarationPdf.objects.filter(pk__in=pks, status="ready").count()
    failed = DeclarationPdf.objects.filter(pk__in=pks, status="failed").count()
    results["pdf"] = {
        "render": render,
        "throughput": {
            "workers": CONFIG["celery_workers"],
            "pdfs": len(pks),
            "ready": ready,
            "failed": failed,
            "seconds": round(elapsed, 2),
            "per_minute": round(ready / elapsed * 60, 1) if elapsed else None,
        },
    }


@stage("reminders")
def reminders_run() -> None:
    from commitments.models import ReminderDispatch
    from commitments.tasks import send_cycle_reminders
    from pact.models import OutboundEmail

    cycle = fixtures.open_cycle()
    fixtures.only_opening_notice_due(cycle)
    people = fixtures.top_up_recipients(cycle, CONFIG["reminder_recipients"])
    prefix = f"reminder:{cycle.pk}:"
    # A reminder is recorded once per cycle: forget the previous bench run's, in this database.
    ReminderDispatch.objects.filter(cycle=cycle).delete()
    OutboundEmail.objects.filter(dedupe_key__startswith=prefix).delete()
    mail = fresh_mail_dir()
    mine = OutboundEmail.objects.filter(dedupe_key__startswith=prefix)
    with CeleryWorker(CONFIG["celery_workers"], "reminders"):
        started = time.monotonic()
        send_cycle_reminders.delay(cycle.pk)
        deadline = started + CONFIG["reminder_timeout_s"]
        recorded = 0
        complete = False
        while time.monotonic() < deadline:
            time.sleep(1)
            if ReminderDispatch.objects.filter(cycle=cycle, recorded_at__isnull=False).exists():
                recorded = mine.count()
                if not mine.filter(status=OutboundEmail.Status.PENDING).exists():
                    complete = True
                    break
        elapsed = time.monotonic() - started
        sent = mine.filter(status=OutboundEmail.Status.SENT).count()
    per_message = mailbox.messages(mail)
    messages = sum(per_message.values())
    duplicates = mailbox.duplicates(per_message)
    results["reminders"] = {
        **people,
        "worker_processes": CONFIG["celery_workers"],
        "recorded": recorded,
        "sent": sent,
        "messages_in_mailbox": messages,
        "distinct_addresses": len({to for to, _ in per_message}),
        "reminders_due": list(
            ReminderDispatch.objects.filter(cycle=cycle).values_list("key", flat=True)
        ),
        "duplicates": duplicates,
        "complete": complete,
        "seconds": round(elapsed, 1),
        "per_second": round(sent / elapsed, 1) if elapsed else None,
        # Stopped at the time limit: how long all of them would take at the rate measured.
        "projected_s": None if complete or not sent else round(recorded / (sent / elapsed), 1),
        "goal_s": GOALS["reminders_s"],
        "ok": complete and duplicates == 0 and elapsed < GOALS["reminders_s"],
    }
    shutil.rmtree(mail, ignore_errors=True)


# --- profiles of what missed its goal -------------------------------------------------------------------


@stage("profiles")
def profiles() -> None:
    """For each page that missed its latency goal: a pyinstrument profile of one request and
    EXPLAIN ANALYZE of its slowest queries, taken in this process through the test client."""
    from pyinstrument import Profiler

    missed = {n: r for n, r in results.get("latency", {}).items() if not r.get("ok")}
    if results.get("throughput") and not results["throughput"].get("ok"):
        missed.setdefault(
            "partnership directory (search + 2 filters)",
            {"path": results["throughput"]["directory"]["path"], "kind": "public"},
        )
    out: dict[str, Any] = {}
    for name, row in missed.items():
        client = Client()
        if row.get("as"):
            client.force_login(state[row["as"]])
        path = row["path"]
        client.get(path)
        bump_data_version()  # profile building the page, not serving a stored copy
        reset_queries()
        profiler = Profiler(interval=0.0005)
        profiler.start()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            client.get(path, HTTP_ACCEPT="text/html,application/json")
        took = time.perf_counter() - started
        profiler.stop()
        queries = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))
        explains = []
        for q in queries[:2]:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
            explains.append(
                {
                    "ms": round(float(q["time"]) * 1000, 1),
                    "sql": q["sql"][:600],
                    "plan": plan[:4000],
                }
            )
        text = _relative(profiler.output_text(unicode=False, color=False, show_all=False))
        out[name] = {
            "path": path,
            "single_request_ms": round(took * 1000, 1),
            "queries": len(ctx),
            "query_ms": round(sum(float(q["time"]) for q in ctx.captured_queries) * 1000, 1),
            "profile": "\n".join(text.splitlines()[:60]),
            "slowest_queries": explains,
        }
        reset_queries()
    pdf_result = results.get("pdf", {}).get("render")
    if pdf_result and not pdf_result.get("ok"):
        out["declaration PDF"] = profile_pdf(Profiler)
    reminder_result = results.get("reminders")
    if reminder_result and not reminder_result.get("ok"):
        out["reminder delivery"] = profile_reminders(Profiler)
    results["profiles"] = out


def profile_pdf(profiler_class: Any) -> dict[str, Any]:
    """Where a declaration PDF's render time goes: the HTML (queries, template), WeasyPrint's
    layout, writing the PDF."""
    from weasyprint import HTML

    from partnerships.declarations import pdf as pdf_module

    version = state["pdf_versions"][0]
    profiler = profiler_class(interval=0.001)
    profiler.start()
    t0 = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        html = pdf_module.version_html(version)
    t1 = time.perf_counter()
    document = HTML(
        string=html,
        base_url=settings.SITE_URL + "/",
        url_fetcher=pdf_module.StaticOnlyFetcher(),
    ).render()
    t2 = time.perf_counter()
    document.write_pdf()
    t3 = time.perf_counter()
    profiler.stop()
    text = _relative(profiler.output_text(unicode=False, color=False, show_all=False))
    return {
        "path": f"partnerships.declarations.pdf.render_version (version {version.pk})",
        "single_request_ms": round((t3 - t0) * 1000, 1),
        "queries": len(ctx),
        "query_ms": round(sum(float(q["time"]) for q in ctx.captured_queries) * 1000, 1),
        "split_ms": {
            "html": round((t1 - t0) * 1000, 1),
            "layout": round((t2 - t1) * 1000, 1),
            "write_pdf": round((t3 - t2) * 1000, 1),
        },
        "html_bytes": len(html),
        "profile": "\n".join(text.splitlines()[:60]),
        "slowest_queries": [],
    }


def profile_reminders(profiler_class: Any, n: int = 200) -> dict[str, Any]:
    """What sending one recorded reminder costs: ``n`` mails through the batch task, in-process."""
    from commitments.tasks import send_reminder_batch
    from pact.models import OutboundEmail, User

    people = list(
        User.objects.filter(email__startswith="scale-", email__endswith="@scale.example")
        .order_by("pk")
        .values_list("pk", "email")[:n]
    )
    stamp = int(time.time())
    rows = OutboundEmail.objects.bulk_create(
        [
            OutboundEmail(
                kind="reminder.profile",
                dedupe_key=f"bench-profile:{stamp}:{pk}",
                recipient_id=pk,
                to_address=email,
                subject="[Pact Portal] Reporting is open",
                body_text="The reporting cycle is open.\n",
            )
            for pk, email in people
        ]
    )
    fresh_mail_dir()
    profiler = profiler_class(interval=0.0005)
    profiler.start()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        send_reminder_batch([r.pk for r in rows])
    took = time.perf_counter() - started
    profiler.stop()
    OutboundEmail.objects.filter(pk__in=[r.pk for r in rows]).delete()
    text = _relative(profiler.output_text(unicode=False, color=False, show_all=False))
    return {
        "path": f"commitments.tasks.send_reminder_batch with {len(rows)} mails, in-process",
        "single_request_ms": round(took * 1000, 1),
        "per_mail_ms": round(took * 1000 / max(1, len(rows)), 2),
        "queries": len(ctx),
        "queries_per_mail": round(len(ctx) / max(1, len(rows)), 1),
        "query_ms": round(sum(float(q["time"]) for q in ctx.captured_queries) * 1000, 1),
        "profile": "\n".join(text.splitlines()[:60]),
        "slowest_queries": [],
    }


# --- results ----------------------------------------------------------------------------------------------


def write_results(started: float) -> None:
    path = BENCH / "results.json"
    history: list[dict[str, Any]] = []
    if path.exists():
        try:
            previous = json.loads(path.read_text())
            history = previous.get("history", [])
            if previous.get("finished_at"):
                history.append(summary(previous))
        except (ValueError, KeyError):
            history = []
    results["config"] = CONFIG
    results["goals"] = GOALS
    results["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    results["total_seconds"] = round(time.monotonic() - started, 1)
    results["command"] = "make bench" + (
        f"  (BENCH_SCALE={CONFIG['scale']:g})" if CONFIG["scale"] != 0.1 else ""
    )
    results["history"] = history[-10:]
    # Nothing in the results names this machine's folders (profiles, plans, errors).
    path.write_text(_relative(json.dumps(results, indent=2, default=str)) + "\n")
    results.update(json.loads(path.read_text()))

    (BENCH / "results.md").write_text(results_markdown(results))
    log(f"wrote {path.relative_to(ROOT)} and bench/results.md in {results['total_seconds']} s")


def main() -> int:
    started = time.monotonic()
    RUNTIME.mkdir(parents=True, exist_ok=True)
    results["machine"] = machine()
    results["stages_selected"] = SELECTED
    log(f"scale {CONFIG['scale']}, stages {', '.join(SELECTED)}")
    for step in (seed, make_fixtures_stage, query_counts, http, pdf, reminders_run, profiles):
        step()
    write_results(started)
    failed = [n for n, s in results.get("stages", {}).items() if s["status"] != "ok"]
    if failed:
        log(f"stages with errors: {', '.join(failed)} (see bench/results.json)")
    return 1 if failed else 0


make_fixtures_stage = stage("fixtures")(build_fixtures)


if __name__ == "__main__":
    sys.exit(main())
