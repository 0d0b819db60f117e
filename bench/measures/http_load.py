"""Stage ``http``: what users meet, through gunicorn, driven by ``wrk`` (``bench/wrk.py``), each
throughput side by side with ``/bench/ping`` measured by the same server in the same run.

First a server with the page cache and the remembered figures off (every row that decides "met"):
unique searches of both directories, hundreds of partnership pages, the Pact-wide results, the
API's reports and commitments as a member of the busiest organisation, staff monitoring while
members submit, and deadline day (an open loop at a fixed rate, then a closed loop of many
clients). Then a server with both caches on: one directory URL asked again and again (cache hits,
labelled as such) and results and directory while a public change lands every second.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.db import connection

from bench import workload
from bench import wrk as wrk_tool
from bench.config import CACHE_ON, CONFIG, GOALS
from bench.measures import deadline
from bench.measures.data import ensure_fixtures
from bench.servers import Gunicorn, settle
from bench.stages import log, results, stage, state
from commitments.models import ProgressReport
from partnerships.models import Partnership

# name -> (goal key, requests builder, who asks); every one measured with the caches off.
UNIQUE_ROWS: dict[str, tuple[str, Any, str | None]] = {
    "partnership directory, a different search + 2 filters per request": (
        "directory_ratio",
        workload.directory_searches,
        None,
    ),
    "members directory, a different search per request": (
        "members_ratio",
        workload.members_searches,
        None,
    ),
    "partnership pages, 400 pages in random order": (
        "pages_ratio",
        workload.partnership_pages,
        None,
    ),
    "Pact-wide results": ("results_ratio", workload.results_pages, None),
    "API /api/v1/reports/ as a member of the busiest organisation": (
        "api_ratio",
        lambda: workload.api_pages("/api/v1/reports/"),
        "busiest",
    ),
    "API /api/v1/commitments/ as a member of the busiest organisation": (
        "api_ratio",
        lambda: workload.api_pages("/api/v1/commitments/"),
        "busiest",
    ),
}


def measure(port: int, name: str, requests: list[str], **options: Any) -> dict[str, Any]:
    options.setdefault("connections", CONFIG["concurrency"])
    options.setdefault("seconds", CONFIG["duration_s"])
    figures = wrk_tool.run(port, name, requests, **options)
    settle(port)
    log(
        f"{name}: {figures['rps']}/s answered 200, p50 {figures['latency_ms']['p50']} ms, "
        f"p99 {figures['latency_ms']['p99']} ms"
        + (f", {figures['other_status']} other answers" if figures["other_status"] else "")
    )
    return figures


def ping(port: int) -> dict[str, Any]:
    return measure(port, "/bench/ping", workload.ping())


def compared(figures: dict[str, Any], ping_rps: float | None, goal: float) -> dict[str, Any]:
    ratio = figures["rps"] / ping_rps if ping_rps and figures["rps"] is not None else None
    clean = figures["other_status"] == 0 and not figures["errors"]
    return {
        **figures,
        "ratio": round(ratio, 3) if ratio is not None else None,
        "goal_ratio": goal,
        "ok": ratio is not None and ratio >= goal and clean and not figures["repeated"],
    }


@stage("http")
def served() -> None:
    ensure_fixtures()
    if not wrk_tool.available():
        raise RuntimeError("wrk is not installed (make system-deps installs it)")
    workload.busiest_member()
    results["busiest_organisation"] = state["busiest"]
    with Gunicorn(CONFIG["gunicorn_workers"]) as server:
        log(f"caches off: gunicorn on 127.0.0.1:{server.port} with {server.workers} workers")
        measure(server.port, "warm-up", workload.ping(), seconds=2)
        before = ping(server.port)
        rows: dict[str, Any] = {}
        for name, (goal, build, role) in UNIQUE_ROWS.items():
            requests = build()
            figures = measure(server.port, name, requests)
            rows[name] = {
                **compared(figures, before["rps"], GOALS[goal]),
                "path": requests[0].split("\t")[1],
                "as": role,
            }
        after = ping(server.port)
        # The ratios divide by the mean of the ping before and after the rows (same server).
        ping_rps = round((before["rps"] + after["rps"]) / 2, 1)
        for name, row in rows.items():
            rows[name] = compared(row, ping_rps, row["goal_ratio"])
        results["cold"] = {
            "ping": {"before": before, "after": after, "rps": ping_rps},
            "rows": rows,
        }
        subs = deadline.Submissions()
        results["monitoring_while_submitting"] = deadline.monitoring_while_submitting(
            server.port, subs
        )
        results["deadline"] = {
            "open_loop": deadline.open_loop(server.port, subs),
            "closed_loop": deadline.closed_loop(server.port, subs),
        }
    with Gunicorn(CONFIG["gunicorn_workers"], env=CACHE_ON) as server:
        log(f"caches on: gunicorn on 127.0.0.1:{server.port}")
        measure(server.port, "warm-up", workload.ping(), seconds=2)
        ping_on = ping(server.port)
        directory = workload.directory_searches(20)
        hits = measure(server.port, "one directory URL again and again", directory[:1])
        results["cache_hits"] = {
            "ping": ping_on,
            "directory_same_url": {
                **hits,
                "ratio": round(hits["rps"] / ping_on["rps"], 3) if ping_on["rps"] else None,
            },
        }
        results["cache_on_changes"] = while_changing(server.port, workload.cached_mix(directory))


def while_changing(port: int, requests: list[str]) -> dict[str, Any]:
    """Results and directory (the page cache and remembered figures on) while a public change
    lands every second, by turns: a published partnership's short description is saved (its
    page and the directory go stale, the results stay stored: ``pact.kernel.cache.scopes``),
    then a validated report's narrative (its partnership's page and the figures go stale, the
    directories stay stored)."""
    partnership = Partnership.objects.public().filter(slug__startswith="scale-").first()
    report = ProgressReport.objects.filter(status="validated").order_by("pk").first()
    stop = threading.Event()
    changes = 0

    def change() -> None:
        nonlocal changes
        while not stop.wait(1.0):
            changes += 1
            if changes % 2 or report is None:
                Partnership.objects.filter(pk=partnership.pk).update(
                    summary=f"Changed by the benchmark ({changes})"
                )
            else:
                ProgressReport.objects.filter(pk=report.pk).update(
                    narrative=f"Changed by the benchmark ({changes})"
                )
        connection.close()

    thread = threading.Thread(target=change)
    thread.start()
    started = time.monotonic()
    try:
        figures = measure(port, "results and directory while a public change lands", requests)
    finally:
        stop.set()
        thread.join()
    p99 = figures["latency_ms"]["p99"]
    return {
        **figures,
        "changes": changes,
        "seconds": round(time.monotonic() - started, 1),
        "goal_p99_ms": GOALS["cache_on_p99_ms"],
        "ok": p99 is not None
        and p99 <= GOALS["cache_on_p99_ms"]
        and figures["other_status"] == 0
        and not figures["errors"],
    }
