"""The headline of the benchmark's results (issue 19's goal table): what users meet, with the page
cache and remembered figures off, each throughput as a share of ``/bench/ping`` measured by the
same server in the same run; then the cache-hit figures, labelled as such. Reads
``bench/results.json`` only: every figure comes from a run."""

from __future__ import annotations

from typing import Any


def ms(value: Any) -> str:
    return "–" if value is None else f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


def mark(ok: Any) -> str:
    if ok is None:
        return "not measured"
    return "met" if ok else "**missed**"


def _flags(row: dict[str, Any]) -> str:
    notes = []
    if row.get("other_status"):
        notes.append(f"{row['other_status']:,} answers other than {row.get('expect', 200)}")
    if row.get("errors"):
        notes.append("errors " + ", ".join(f"{k} {v}" for k, v in row["errors"].items()))
    if row.get("repeated"):
        notes.append("URLs repeated")
    return f" ({'; '.join(notes)})" if notes else ""


def _cold_rows(res: dict[str, Any]) -> list[str]:
    cold = res.get("cold")
    if not cold:
        return []
    ping = cold["ping"]["rps"]
    lines = []
    for name, row in cold["rows"].items():
        lat = row["latency_ms"]
        lines.append(
            f"| {name} | {row['rps']:,}/s = **{row['ratio']}** of ping; p50 {ms(lat['p50'])}, "
            f"p99 {ms(lat['p99'])}{_flags(row)} | {ping:,}/s | ≥ {row['goal_ratio']} | "
            f"{mark(row['ok'])} |"
        )
    return lines


def _first_request_row(res: dict[str, Any]) -> list[str]:
    rows = {n: r for n, r in (res.get("queries") or {}).items() if "first_request_ok" in r}
    judged = {n: r for n, r in rows.items() if r["first_request_ok"] is not None}
    if not judged:
        return []
    over = {n: r["first_request_ms"] for n, r in judged.items() if not r["first_request_ok"]}
    slowest = max(judged, key=lambda n: judged[n]["first_request_ms"])
    detail = (
        f"{len(judged) - len(over)} of {len(judged)} within the goal; slowest {slowest} "
        f"{ms(judged[slowest]['first_request_ms'])}"
    )
    if over:
        detail += "; over: " + ", ".join(f"{n} {ms(v)}" for n, v in over.items())
    goal = res["goals"]["first_request_ms"]
    return [
        f"| First request after a change, alone (pages and every `/api/v1` list, see "
        f"`bench/results.md`) | {detail} | – | ≤ {goal} ms each | {mark(not over)} |"
    ]


def _latency_row(label: str, row: dict[str, Any] | None, ping: Any) -> list[str]:
    if not row:
        return []
    lat = row["latency_ms"]
    extra = f", {row['changes']} changes" if "changes" in row else ""
    subs = row.get("submissions")
    if subs:
        extra += f", {subs['answered_302']:,} reports submitted meanwhile at {subs['rate']}/s"
    return [
        f"| {label} | p99 **{ms(lat['p99'])}** (p50 {ms(lat['p50'])}), {row['rps']:,}/s"
        f"{extra}{_flags(row)} | {ping if ping is None else f'{ping:,}/s'} | "
        f"p99 ≤ {row['goal_p99_ms']:,} ms | {mark(row['ok'])} |"
    ]


def _deadline_rows(res: dict[str, Any]) -> list[str]:
    d = res.get("deadline") or {}
    lines = []
    o = d.get("open_loop")
    if o:
        lines.append(
            f"| Deadline day, open loop: {o['rate']:g} report submissions/s arriving for "
            f"{o['seconds']:g} s | {o['successful']:,} of {o['sent']:,} submitted, p50 "
            f"{ms(o['p50_ms'])}, p95 **{ms(o['p95_ms'])}**, **{o['errors']} errors**, "
            f"**{o['lost']} lost** | – | p95 ≤ {o['goal_p95_ms']} ms, 0 errors, 0 lost | "
            f"{mark(o['ok'])} |"
        )
    c = d.get("closed_loop")
    if c:
        lat = c["latency_ms"]
        lines.append(
            f"| Deadline day, closed loop, {c['clients']} clients for {c['seconds']:g} s: "
            f"submissions/s (capacity) | **{c['rps']:,}/s** ({c['answered']:,} submitted, p50 "
            f"{ms(lat['p50'])}, p95 {ms(lat['p95'])}, {c['lost']} lost){_flags(c)} | – | "
            f"≥ {c['goal_rps']}/s | {mark(c['ok'])} |"
        )
    return lines


def headline_table(res: dict[str, Any]) -> list[str]:
    ping = (res.get("cold") or {}).get("ping", {}).get("rps")
    ping_on = (res.get("cache_hits") or {}).get("ping", {}).get("rps")
    lines = [
        "| Measure (page cache and remembered figures off unless said) | Result | `/bench/ping`, "
        "same run | Goal | |",
        "| --- | --- | --- | --- | --- |",
        *_cold_rows(res),
        *_first_request_row(res),
        *_latency_row(
            "With the caches **on**: results and directory while a public change lands every "
            "second",
            res.get("cache_on_changes"),
            ping_on,
        ),
        *_latency_row(
            "Staff monitoring of the open cycle while members submit",
            res.get("monitoring_while_submitting"),
            ping,
        ),
        *_deadline_rows(res),
    ]
    return lines if len(lines) > 2 else []


def cache_hit_lines(res: dict[str, Any]) -> list[str]:
    hits = res.get("cache_hits")
    if not hits:
        return []
    row = hits["directory_same_url"]
    return [
        f"Cache hits, for comparison only (not a verdict): the same directory URL asked for again "
        f"and again with the page cache on answers {row['rps']:,}/s = {row['ratio']} of ping "
        f"({hits['ping']['rps']:,}/s on that server), p99 {ms(row['latency_ms']['p99'])}.",
        "",
    ]


def load_note(res: dict[str, Any]) -> str:
    cfg = res.get("config", {})
    busiest = res.get("busiest_organisation") or {}
    return (
        f"Load from `wrk` ({cfg.get('concurrency')} keep-alive connections, "
        f"{cfg.get('duration_s', 0):g} s a measure, only answers with the expected status "
        f"counted) against gunicorn with {cfg.get('gunicorn_workers')} workers on 127.0.0.1; "
        f"every searched, paged or visited URL is different from the one before (the lists "
        f"are built from the data); the API rows sign in as a member of the organisation with "
        f"the most reports ({busiest.get('reports', '–')} reports). The open loop is the "
        f"project's Python load generator (it sends each submission at its time, whatever the "
        f"answers before it)."
    )
