"""Stage ``profiles``: for what missed its goal, where the time goes (pyinstrument, EXPLAIN ANALYZE
of the slowest queries; one report submission; the PDF split into HTML, layout and writing; the
cost of one reminder)."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import unquote_plus

from django.conf import settings
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pyinstrument import Profiler
from weasyprint import HTML

from bench import fixtures
from bench.config import relative
from bench.measures import deadline
from bench.measures.queries import bump_data_version
from bench.servers import fresh_mail_dir
from bench.stages import results, stage, state
from commitments.tasks import send_reminder_batch
from pact.models import OutboundEmail, User
from partnerships.declarations import pdf as pdf_module


def missed_pages() -> dict[str, dict[str, Any]]:
    """What missed its goal and is one request away: the rows of the caches-off measures, the
    first requests after a change over the goal, staff monitoring while members submit."""
    missed: dict[str, dict[str, Any]] = {}
    for name, row in results.get("cold", {}).get("rows", {}).items():
        if not row.get("ok"):
            missed[name] = {"path": row["path"], "as": row.get("as")}
    for name, row in results.get("queries", {}).items():
        if row.get("first_request_ok") is False:
            worst = max((c for c in (row["one"], row["fifty"]) if c), key=lambda c: c["cold_ms"])
            missed.setdefault(
                f"first request after a change: {name}",
                {
                    "path": worst["url"],
                    "as": row.get("as"),
                },
            )
    watch = results.get("monitoring_while_submitting")
    if watch and not watch.get("ok"):
        missed["staff monitoring of the open cycle"] = {"path": watch["path"], "as": "staff"}
    return missed


@stage("profiles")
def profiles() -> None:
    """For each page that missed its goal: a pyinstrument profile of one request and
    EXPLAIN ANALYZE of its slowest queries, taken in this process through the test client; for
    a missed deadline day, the same for one report submission."""
    out: dict[str, Any] = {}
    for name, row in missed_pages().items():
        client = Client()
        if row.get("as"):
            person = state["busiest_user" if row["as"] == "busiest" else row["as"]]
            client = fixtures.signed_in_client(person)
        client.get(row["path"], HTTP_ACCEPT="text/html,application/json")
        bump_data_version()  # profile building the page, not serving a stored copy
        out[name] = profile_request(
            client, row["path"], lambda c=client, p=row["path"]: c.get(p, HTTP_ACCEPT=ACCEPT)
        )
    burst = results.get("deadline", {})
    if any(not r.get("ok") for r in burst.values()):
        out["report submission"] = profile_submission()
    pdf_result = results.get("pdf", {}).get("render")
    if pdf_result and not pdf_result.get("ok"):
        out["declaration PDF"] = profile_pdf(Profiler)
    reminder_result = results.get("reminders")
    if reminder_result and not reminder_result.get("ok"):
        out["reminder delivery"] = profile_reminders(Profiler)
    results["profiles"] = out


ACCEPT = "text/html,application/json"


def profile_request(client: Client, path: str, send: Any) -> dict[str, Any]:
    reset_queries()
    profiler = Profiler(interval=0.0005)
    profiler.start()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        response = send()
    took = time.perf_counter() - started
    profiler.stop()
    queries = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))
    explains = []
    for q in queries[:2]:
        if not q["sql"].lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        explains.append(
            {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:600], "plan": plan[:4000]}
        )
    text = relative(profiler.output_text(unicode=False, color=False, show_all=False))
    profile = {
        "path": path,
        "status": response.status_code,
        "single_request_ms": round(took * 1000, 1),
        "queries": len(ctx),
        "query_ms": round(sum(float(q["time"]) for q in ctx.captured_queries) * 1000, 1),
        "profile": "\n".join(text.splitlines()[:60]),
        "slowest_queries": explains,
    }
    reset_queries()  # after reading the captured queries: they are read from the same log
    return profile


def profile_submission() -> dict[str, Any]:
    """One report submitted through the form, in-process, as on deadline day."""
    subs = deadline.Submissions()
    last = state["burst"][-1]  # its last target is the last any measure would submit
    request = subs.request_for(last, last.target_ids[-1], 0)
    client = Client()
    for part in request["headers"]["Cookie"].split("; "):
        key, _, value = part.partition("=")
        client.cookies[key] = value
    body = dict(pair.split("=", 1) for pair in request["body"].split("&"))
    body = {k: unquote_plus(v) for k, v in body.items()}
    return profile_request(
        client, request["path"], lambda: client.post(request["path"], body, HTTP_ACCEPT=ACCEPT)
    )


def profile_pdf(profiler_class: Any) -> dict[str, Any]:
    """Where a declaration PDF's render time goes: the HTML (queries, template), WeasyPrint's
    layout, writing the PDF."""
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
    text = relative(profiler.output_text(unicode=False, color=False, show_all=False))
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
    text = relative(profiler.output_text(unicode=False, color=False, show_all=False))
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
