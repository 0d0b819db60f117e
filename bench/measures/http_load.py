"""Stage ``http``: throughput against the cheapest view, latency of the public pages, dashboards
and API lists under load, and the deadline-day burst of report submissions, all through gunicorn
and the load generator."""

from __future__ import annotations

import http.client
import json
import os
from typing import Any

from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string

from bench import fixtures
from bench.config import CONFIG, GOALS
from bench.measures.data import ensure_fixtures
from bench.measures.queries import api_lists
from bench.servers import Gunicorn, load
from bench.stages import log, results, stage, state
from commitments.models import ProgressReport
from partnerships.models import Partnership


def directory_query_path() -> str:
    query = os.environ.get("BENCH_DIRECTORY_QUERY", "q=skills+partnership&kind=rsp&country=IT")
    return f"/partnerships/?{query}"


def sample_partnership_paths(n: int = 200) -> list[str]:
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
def served() -> None:
    """Throughput, latency under load and the deadline-day burst, against one gunicorn."""
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
