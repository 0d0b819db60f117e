"""Deadline day, through the report form: members submitting while staff watch the open cycle,
an open loop of submissions arriving at a fixed rate (the Python load generator, which sends each
at its time whatever the answers before it), and a closed loop of many clients (wrk) for capacity.

Each measure submits its own (organisation, target) pairs, so every submission is new; afterwards
the rows in the database are compared with the answers: a submission answered 302 whose report
is not stored is lost.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string

from bench import fixtures, workload
from bench import wrk as wrk_tool
from bench.config import CONFIG, GOALS
from bench.servers import load, settle
from bench.stages import log, state
from commitments.models import ProgressReport

MONITORING_SUBMIT_RATE = 10  # submissions per second while staff monitoring is measured
CLOSED_LOOP_CEILING = 400  # submissions per second the closed loop could reach, for its lines


def targets_per_client() -> int:
    """Enough targets for every submission the three measures can send, with room to spare."""
    wanted = (
        MONITORING_SUBMIT_RATE * CONFIG["duration_s"]
        + CONFIG["open_loop_rate"] * CONFIG["open_loop_seconds"]
        + CLOSED_LOOP_CEILING * CONFIG["burst_seconds"]
    )
    return max(20, math.ceil(wanted / max(1, CONFIG["burst_clients"])) + 2)


class Submissions:
    """The burst clients' (organisation, target) pairs, handed out once each, client by client."""

    def __init__(self) -> None:
        self.cycle = fixtures.open_cycle()
        self.token = _get_new_csrf_string()
        self._next = self._all()

    def _all(self) -> Iterator[dict[str, Any]]:
        clients = state["burst"]
        longest = max(len(c.target_ids) for c in clients)
        for k in range(longest):
            for c in clients:
                if k < len(c.target_ids):
                    yield self.request_for(c, c.target_ids[k], k)

    def request_for(self, client, target: int, k: int) -> dict[str, Any]:
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={client.session}; "
            f"{settings.CSRF_COOKIE_NAME}={self.token}"
        )
        return {
            "id": f"{client.organisation_id}:{target}",
            "method": "POST",
            "path": f"/reporting/{self.cycle.year}/{client.organisation_slug}/{target}/",
            "headers": {"Cookie": cookie},
            "body": (
                f"value={17 + k % 50}&narrative=Courses+delivered+in+spring"
                f"&evidence_links=https%3A%2F%2Fexample.org%2Freport&lock_version=0"
                f"&action=submit&csrfmiddlewaretoken={self.token}"
            ),
        }

    def take(self, n: int) -> list[dict[str, Any]]:
        taken = [r for _, r in zip(range(n), self._next, strict=False)]
        if not taken:
            raise RuntimeError("no submissions left: raise the burst targets per client")
        return taken

    def stored(self, requests: list[dict[str, Any]]) -> set[tuple[int, int]]:
        pairs = [tuple(int(x) for x in r["id"].split(":")) for r in requests]
        found = ProgressReport.objects.filter(
            cycle=self.cycle,
            target_id__in=[t for _, t in pairs],
            status__in=("submitted", "validated"),
        ).values_list("organisation_id", "target_id")
        return set(found) & set(pairs)


def _as_line(request: dict[str, Any]) -> str:
    return wrk_tool.line(
        request["path"], method="POST", body=request["body"], headers=request["headers"]
    )


def monitoring_while_submitting(port: int, subs: Submissions) -> dict[str, Any]:
    """Staff monitoring of the open cycle (wrk, 20 connections) while members submit reports at
    ``MONITORING_SUBMIT_RATE`` per second (open loop, from a second process)."""
    seconds = CONFIG["duration_s"]
    arrivals = subs.take(int(MONITORING_SUBMIT_RATE * seconds) + 5)
    submitted: dict[str, Any] = {}

    def submit() -> None:
        submitted.update(
            load(
                port,
                {
                    "arrivals": arrivals,
                    "rate": MONITORING_SUBMIT_RATE,
                    "warmup": 0,
                    "duration": seconds,
                    "timeout": 60,
                    "ok_status": [302],
                },
            )
        )

    thread = threading.Thread(target=submit)
    thread.start()
    figures = wrk_tool.run(
        port,
        "staff monitoring while members submit",
        workload.staff_monitoring(subs.cycle.year),
        connections=CONFIG["concurrency"],
        seconds=seconds,
    )
    thread.join()
    settle(port)
    p99 = figures["latency_ms"]["p99"]
    return {
        **figures,
        "path": f"/staff/monitoring/{subs.cycle.year}/",
        "submissions": {
            "rate": MONITORING_SUBMIT_RATE,
            "answered_302": len(submitted.get("ok_ids", [])),
            "other": {k: v for k, v in submitted.get("status", {}).items() if k != "302"},
        },
        "goal_p99_ms": GOALS["monitoring_p99_ms"],
        "ok": p99 is not None
        and p99 <= GOALS["monitoring_p99_ms"]
        and figures["other_status"] == 0
        and not figures["errors"],
    }


def open_loop(port: int, subs: Submissions) -> dict[str, Any]:
    """Submissions arriving at ``open_loop_rate`` per second for ``open_loop_seconds``."""
    rate, seconds = CONFIG["open_loop_rate"], CONFIG["open_loop_seconds"]
    arrivals = subs.take(int(rate * seconds) + 5)
    figures = load(
        port,
        {
            "arrivals": arrivals,
            "rate": rate,
            "warmup": 0,
            "duration": seconds,
            "timeout": 60,
            "ok_status": [302],
        },
    )
    sent = [r for r in arrivals if r["id"] in set(figures["ok_ids"]) | set(figures["failed_ids"])]
    settle(port)
    stored = subs.stored(sent)
    ok = {tuple(int(x) for x in rid.split(":")) for rid in figures["ok_ids"]}
    errors = sum(n for code, n in figures["status"].items() if code != "302")
    errors += sum(figures["errors"].values())
    p95 = figures["latency_ms"]["p95"]
    log(f"open loop {rate}/s: p95 {p95} ms, {errors} errors")
    return {
        "rate": rate,
        "seconds": seconds,
        "sent": len(sent),
        "successful": len(ok),
        "rows_stored": len(stored),
        "errors": errors,
        "status": figures["status"],
        "connection_errors": figures["errors"],
        "lost": len(ok - stored),
        "stored_without_success_response": len(stored - ok),
        "p50_ms": figures["latency_ms"]["p50"],
        "p95_ms": p95,
        "p99_ms": figures["latency_ms"]["p99"],
        "goal_p95_ms": GOALS["burst_p95_ms"],
        "ok": errors == 0
        and not (ok - stored)
        and p95 is not None
        and p95 <= GOALS["burst_p95_ms"],
    }


def closed_loop(port: int, subs: Submissions) -> dict[str, Any]:
    """``burst_clients`` connections submitting as fast as answered (wrk): the capacity."""
    seconds = CONFIG["burst_seconds"]
    requests = subs.take(int(CLOSED_LOOP_CEILING * seconds))
    figures = wrk_tool.run(
        port,
        "deadline day closed loop",
        [_as_line(r) for r in requests],
        connections=CONFIG["burst_clients"],
        seconds=seconds,
        expect=302,
    )
    settle(port)
    stored = subs.stored(requests)
    lost = max(0, figures["answered"] - len(stored))
    errors = figures["other_status"] + sum(figures["errors"].values())
    log(f"closed loop {CONFIG['burst_clients']} clients: {figures['rps']}/s, {errors} errors")
    return {
        **figures,
        "clients": CONFIG["burst_clients"],
        "seconds": seconds,
        "rows_stored": len(stored),
        "lost": lost,
        "goal_rps": GOALS["burst_capacity_rps"],
        "ok": errors == 0
        and lost == 0
        and not figures["repeated"]
        and (figures["rps"] or 0) >= GOALS["burst_capacity_rps"],
    }
