"""The benchmark: ``make bench`` (the Makefile runs it under ``pact.devservices exec``).

Seeds the synthetic data set (``seed_scale``; scale ``BENCH_SCALE``, default 0.1, 1 for the full
set), starts gunicorn on the loopback interface, drives it with ``wrk`` (and, for the open loop of
submissions, ``bench/loadgen.py``), measures query counts, PDFs and reminders through a real Celery worker,
and writes ``bench/results.json`` and ``bench/results.md``. Every figure comes from this run.

Settings (environment): BENCH_SCALE, BENCH_WORKERS (gunicorn workers, default 2 x CPUs),
BENCH_CONCURRENCY (wrk connections, 20), BENCH_DURATION (seconds per measure, 15), BENCH_WARMUP (3),
BENCH_BURST_CLIENTS (closed-loop submitters, 200), BENCH_BURST_SECONDS (30),
BENCH_OPEN_LOOP_RATE (submissions per second, 50), BENCH_OPEN_LOOP_SECONDS (120),
BENCH_REMINDER_RECIPIENTS (100000), BENCH_REMINDER_TIMEOUT (300 s; past it the
time for all is projected from the rate), BENCH_PDF_COUNT (12), BENCH_RESEED (0 keeps the data of
an earlier run of the same scale, 1 seeds anew), BENCH_STAGES (comma-separated subset of the
stages in ``bench/config.py``; a partial run leaves the README alone).

Load comes from ``wrk`` (``bench/wrk.py``) with the page cache and remembered figures off for every
measure that decides a goal; the README's Performance section is rewritten from the run.

This file is the entry point: it prepares the environment, starts Django, runs the stages of
``bench/measures/`` in order and writes the results. What a run is set to is in
``bench/config.py``, the processes it starts in ``bench/servers.py``.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on the path, where its modules would shadow others of
# the same name (``mailbox``): the project root goes there instead.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from bench.config import BENCH, CONFIG, CPUS, GOALS, RUNTIME, SELECTED, SERVER_ENV, relative  # noqa: E402

os.environ.update(SERVER_ENV)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pact.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.measures import data, http_load, pdf, profiles, queries, reminders  # noqa: E402
from bench.measures.mail_kills import mail_kills  # noqa: E402
from bench.measures.signup_timing import signup_timing  # noqa: E402
from bench.report import results_markdown, summary, update_readme  # noqa: E402
from bench.stages import log, results  # noqa: E402

STEPS = (
    data.seed,
    data.make_fixtures,
    queries.query_counts,
    http_load.served,
    pdf.pdf,
    reminders.reminders_run,
    profiles.profiles,
    signup_timing,
    mail_kills,
)

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
    path.write_text(relative(json.dumps(results, indent=2, default=str)) + "\n")
    results.update(json.loads(path.read_text()))

    (BENCH / "results.md").write_text(results_markdown(results))
    if not os.environ.get("BENCH_STAGES"):  # a partial run does not replace the README's figures
        update_readme(results, ROOT / "README.md")
    log(f"wrote {path.relative_to(ROOT)}, bench/results.md and the README's Performance section")


def main() -> int:
    started = time.monotonic()
    RUNTIME.mkdir(parents=True, exist_ok=True)
    # Migrations first, as the owner role: on a new database they create the application role
    # that everything after them connects as.
    call_command("migrate", "--noinput", verbosity=0)
    results["machine"] = machine()
    results["stages_selected"] = SELECTED
    log(f"scale {CONFIG['scale']}, stages {', '.join(SELECTED)}")
    for step in STEPS:
        step()
    write_results(started)
    failed = [n for n, s in results.get("stages", {}).items() if s["status"] != "ok"]
    if failed:
        log(f"stages with errors: {', '.join(failed)} (see bench/results.json)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
