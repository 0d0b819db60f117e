"""Stage ``queries``: the queries of building each page and API list (one row and fifty), and what
the first visitor after a change waits, through the test client in this process."""

from __future__ import annotations

import statistics
import time
from typing import Any

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import get_resolver

from bench import fixtures, workload
from bench.config import GOALS
from bench.measures.data import ensure_fixtures
from bench.stages import results, stage, state
from pact.kernel.cache import data_version, page_cache, scopes

NO_FIRST_REQUEST_GOAL = {"staff monitoring dashboard"}


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
    """The API's list routes, each requested by an administrator of the organisation with the most
    reports (issue 19: the people who use the portal most are signed in, and what such a person
    sees besides the public rows is the most any member sees)."""
    if "api_lists" not in state:
        workload.busiest_member()
        state["api_lists"] = {
            name: {"path": path, "as": "busiest_user"} for name, path in api_list_paths().items()
        }
    return state["api_lists"]


def api_list_paths() -> dict[str, str]:
    """Every list route of the API (router names ending in ``-list`` without parameters)."""
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
    """Queries of building each page (the page cache and remembered figures off, as the bench
    sets), and the time the first visitor after a change waits, alone (data version moved on:
    neither stored pages nor remembered figures help)."""
    ensure_fixtures()
    rows: dict[str, Any] = {}
    for name, page in page_urls().items():
        client = Client()
        if page.get("as"):
            client = fixtures.signed_in_client(state[page["as"]])
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
        first = max(c["cold_ms"] for c in measured)
        rows[name] = {
            **counts,
            "as": page.get("as"),
            "first_request_ms": first,
            # Issue 19: the pages it lists and every API list, alone, right after a change.
            "first_request_ok": (
                None if name in NO_FIRST_REQUEST_GOAL else first <= GOALS["first_request_ms"]
            ),
            "equal": same if len(measured) == 2 else None,
            "max": worst,
            "ok": same
            and worst <= GOALS["max_queries"]
            and all(c["status"] == 200 for c in measured),
        }
    results["queries"] = rows


def bump_data_version() -> None:
    """What any write does: every stored page and remembered figure is out of date."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nextval('{data_version.SEQUENCE}')")
        cursor.execute(f"SELECT nextval('{data_version.REPORTING_SEQUENCE}')")
        # Every scope too (partnerships, organisations, directory, figures, ...).
        for sequence in scopes.sequences():
            cursor.execute(f"SELECT nextval('{sequence}')")
    page_cache._versions.values.clear()  # read afresh, as servers do within a second
