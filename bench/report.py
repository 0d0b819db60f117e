"""Turn ``bench/results.json`` into text: the run's ``results.md`` and the README's Performance section.

    python bench/report.py            # print the README "Performance" section for the last run
    python bench/report.py --results  # print results.md again from results.json

Nothing here measures anything: every figure is read from the results of a ``make bench`` run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.headline import cache_hit_lines, headline_table, load_note

BENCH = Path(__file__).resolve().parent


def _ms(value: Any) -> str:
    return "–" if value is None else f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


def _mark(ok: Any) -> str:
    if ok is None:
        return "not measured"
    return "met" if ok else "**missed**"


def _machine(res: dict[str, Any]) -> str:
    m = res.get("machine", {})
    load = m.get("load_average_at_start")
    return (
        f"{m.get('nproc')} CPU(s) ({m.get('cpu_model') or 'unknown CPU'}), "
        f"{m.get('memory_gb')} GB memory, PostgreSQL {m.get('postgresql')}, "
        f"Python {m.get('python')}; load average at start {load}; commit {m.get('commit')}"
    )


def _data(res: dict[str, Any]) -> str:
    seed = res.get("seed", {})
    scale = res.get("config", {}).get("scale")
    parts = [
        f"{seed.get(k, 0):,} {label}"
        for k, label in (
            ("organisations", "organisations"),
            ("partnerships", "partnerships"),
            ("partnership_memberships", "partnership memberships"),
            ("commitments", "commitments"),
            ("targets", "targets"),
            ("progress_reports", "progress reports"),
        )
    ]
    how = (
        "reused from an earlier run" if seed.get("reused") else f"seeded in {seed.get('seconds')} s"
    )
    return f"scale {scale:g} ({how}): " + ", ".join(parts)


def _subsetters(render: dict[str, Any]) -> str:
    """Which library subset the PDF's fonts, and the same render with the other one."""
    by = render.get("by_subsetter") or {}
    used = render.get("subsetter")
    if used not in by:
        return ""
    text = f"; fonts subset with {used} ({by[used]['subset_ms']} ms)"
    for name, other in by.items():
        if name != used:
            text += (
                f", with {name} median {other['median_s']} s ({other['subset_ms']} ms of "
                f"subsetting)"
            )
    return text


def goals_table(res: dict[str, Any]) -> list[str]:
    """The other goals of the run: queries per page, PDFs, reminders."""
    lines = ["| Measure | Result | Goal | |", "| --- | --- | --- | --- |"]
    q = res.get("queries")
    if q:
        worst = max(r["max"] for r in q.values())
        unequal = [n for n, r in q.items() if r["equal"] is False]
        ok = all(r["ok"] for r in q.values())
        detail = "equal for 1 and 50 rows" if not unequal else "differ: " + ", ".join(unequal)
        over = [n for n, r in q.items() if r["max"] > res["goals"]["max_queries"]]
        if over:
            detail += "; over the limit: " + ", ".join(over)
        lines.append(
            f"| Queries per page and API list ({len(q)} measured) | at most **{worst}**, {detail} | "
            f"≤ {res['goals']['max_queries']}, equal | {_mark(ok)} |"
        )
    p = res.get("pdf")
    if p:
        r = p["render"]
        lines.append(
            f"| Declaration PDF, {r['commitments']} commitments"
            f"{' and a chart' if r['has_chart'] else ''} ({r['pages']} pages): render time | "
            f"median **{r['median_s']} s** (max {r['max_s']} s){_subsetters(r)} | "
            f"< {r['goal_s']} s | {_mark(r['ok'])} |"
        )
        th = p["throughput"]
        lines.append(
            f"| PDFs per minute, {th['workers']} Celery worker processes | "
            f"**{th['per_minute']}** ({th['ready']} of {th['pdfs']} in {th['seconds']} s"
            f"{', ' + str(th['failed']) + ' failed' if th['failed'] else ''}) | – | |"
        )
    rm = res.get("reminders")
    if rm:
        if rm.get("complete", True):
            took = f"**{rm['seconds']} s** ({rm['per_second']}/s), {rm['sent']:,} sent"
        else:
            took = (
                f"stopped after {rm['seconds']} s with {rm['sent']:,} of {rm['recorded']:,} sent "
                f"({rm['per_second']}/s): **about {rm['projected_s']:,.0f} s** for all"
            )
        lines.append(
            f"| Reminder run, {rm['recipients']:,} recipients through Celery "
            f"({rm['worker_processes']} processes) into the development mail backend | "
            f"{took}, **{rm['duplicates']} duplicates** | < {rm['goal_s']} s, 0 duplicates | "
            f"{_mark(rm['ok'])} |"
        )
    return lines


def queries_table(res: dict[str, Any]) -> list[str]:
    q = res.get("queries")
    if not q:
        return []
    lines = [
        "| Page or API list | queries with 1 row | with 50 rows | | first request after a change"
        " (1 / 50 rows) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, r in q.items():
        measured = [c for c in (r["one"], r["fifty"]) if c]
        statuses = {c["status"] for c in measured}
        note = "" if statuses == {200} else f" (HTTP {', '.join(map(str, sorted(statuses)))})"
        one = r["one"]["queries"] if r["one"] else "– (totals, no rows)"
        cold = " / ".join(
            _ms(c["cold_ms"]) if c and "cold_ms" in c else "–" for c in (r["one"], r["fifty"])
        )
        lines.append(
            f"| {name} | {one} | {r['fifty']['queries']} | {_mark(r['ok'])}{note} | {cold} |"
        )
    return lines


def summary(res: dict[str, Any]) -> dict[str, Any]:
    """The headline figures of a run, kept in the history of later runs (before/after)."""
    row: dict[str, Any] = {
        "finished_at": res.get("finished_at"),
        "commit": res.get("machine", {}).get("commit"),
        "scale": res.get("config", {}).get("scale"),
    }
    cold = res.get("cold") or {}
    if cold:
        row["ping /s"] = cold["ping"]["rps"]
    for name, r in cold.get("rows", {}).items():
        row[f"share of ping: {name}"] = r.get("ratio")
    for key, label in (
        ("cache_on_changes", "p99 ms, caches on, changes landing"),
        ("monitoring_while_submitting", "p99 ms, staff monitoring while submitting"),
    ):
        if res.get(key):
            row[label] = res[key]["latency_ms"]["p99"]
    deadline = res.get("deadline") or {}
    if deadline.get("open_loop"):
        row["open loop p95 ms"] = deadline["open_loop"]["p95_ms"]
        row["open loop lost"] = deadline["open_loop"]["lost"]
    if deadline.get("closed_loop"):
        row["closed loop /s"] = deadline["closed_loop"]["rps"]
    if "pdf" in res:
        row["pdf render s"] = res["pdf"]["render"]["median_s"]
        row["pdfs per minute"] = res["pdf"]["throughput"]["per_minute"]
    if "reminders" in res:
        row["reminders s"] = res["reminders"]["seconds"]
        row["reminder duplicates"] = res["reminders"]["duplicates"]
    return row


def history_table(res: dict[str, Any]) -> list[str]:
    history = res.get("history") or []
    if not history:
        return []
    runs = [*history[-4:], summary(res)]
    keys = [k for k in runs[-1] if k not in ("finished_at", "commit")]
    head = "| Figure | " + " | ".join(
        f"{(r.get('finished_at') or '')[:16]} ({r.get('commit')})" for r in runs
    )
    lines = [head + " |", "| --- |" + " --- |" * len(runs)]
    for key in keys:
        lines.append(f"| {key} | " + " | ".join(str(r.get(key, "–")) for r in runs) + " |")
    return lines


def stage_problems(res: dict[str, Any]) -> list[str]:
    return [
        f"- stage `{name}` failed: {s.get('error')}"
        for name, s in res.get("stages", {}).items()
        if s.get("status") != "ok"
    ]


def results_markdown(res: dict[str, Any]) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Run `{res.get('command', 'make bench')}` finished {res.get('finished_at')} "
        f"in {res.get('total_seconds')} s.",
        "",
        f"- Machine: {_machine(res)}.",
        f"- Data: {_data(res)}.",
        f"- {load_note(res)}",
        "",
        "## Headline",
        "",
        *headline_table(res),
        "",
        *cache_hit_lines(res),
        "## Other goals",
        "",
        *goals_table(res),
        "",
    ]
    problems = stage_problems(res)
    if problems:
        lines += ["## Stages that did not complete", "", *problems, ""]
    if res.get("queries"):
        lines += [
            "## Queries per request",
            "",
            "Counted with `CaptureQueriesContext` through the test client, second request of each "
            "URL, with the page cache and remembered figures off: what building the page costs. "
            "The last column is one request alone, in-process, right after the data version "
            "moved on, as after any write (median of 3): the first request after a change.",
            "",
            *queries_table(res),
            "",
        ]
    profiles = res.get("profiles") or {}
    if profiles:
        lines += ["## Profiles of what missed its goal", ""]
        for name, p in profiles.items():
            lines += [
                f"### {name}",
                "",
                f"`{p['path']}`: took {p['single_request_ms']} ms in-process, "
                f"{p['queries']} queries taking {p['query_ms']} ms together.",
                "",
            ]
            if p.get("split_ms"):
                split = ", ".join(f"{k} {v} ms" for k, v in p["split_ms"].items())
                lines += [f"Split: {split} (HTML of {p['html_bytes']:,} bytes).", ""]
            if p.get("per_mail_ms") is not None:
                lines += [
                    f"Per mail: {p['per_mail_ms']} ms and {p['queries_per_mail']} queries.",
                    "",
                ]
            for q in p["slowest_queries"]:
                plan = q["plan"].splitlines()
                lines += [
                    f"Slowest query ({q['ms']} ms): `{q['sql'][:200]}…`",
                    "",
                    "```",
                    *plan[:14],
                    "```",
                    "",
                ]
            lines += [
                "pyinstrument (top of the call tree):",
                "",
                "```",
                *p["profile"].splitlines()[:40],
                "```",
                "",
            ]
    history = history_table(res)
    if history:
        lines += ["## Before and after (earlier runs of this file)", "", *history, ""]
    return "\n".join(lines) + "\n"


def where_time_goes(res: dict[str, Any]) -> list[str]:
    """One line per profile of something that missed its goal, from the run's own figures."""
    lines = []
    for name, p in (res.get("profiles") or {}).items():
        if p.get("split_ms"):
            split = ", ".join(f"{k} {v:,.0f} ms" for k, v in p["split_ms"].items())
            detail = f"{split} ({p['queries']} queries)"
        elif p.get("per_mail_ms") is not None:
            detail = (
                f"{p['per_mail_ms']} ms and {p['queries_per_mail']} queries per mail, "
                f"sent one by one"
            )
        else:
            slow = p["slowest_queries"][0]["ms"] if p.get("slowest_queries") else None
            detail = (
                f"{p['single_request_ms']:,.0f} ms for one request in-process, {p['queries']} "
                f"queries taking {p['query_ms']:,.0f} ms"
                + (f" (slowest {slow} ms)" if slow is not None else "")
            )
        lines.append(f"- {name}: {detail}.")
    return lines


def where_section(res: dict[str, Any]) -> list[str]:
    if not res.get("profiles"):
        return []
    head = "Where the time goes (profiles taken by the same run; details in `bench/results.md`):"
    return [head, "", *where_time_goes(res), ""]


def readme_section(res: dict[str, Any]) -> str:
    lines = [
        "## Performance",
        "",
        "Generated by `make bench` from its run (`bench/report.py`); do not edit by hand.",
        f"Measured on {_machine(res)}.",
        f"Data: {_data(res)}. The whole run took {res.get('total_seconds')} s.",
        "",
        load_note(res),
        "",
        *headline_table(res),
        "",
        *cache_hit_lines(res),
        *goals_table(res),
        "",
        *where_section(res),
        "Reproduce with `make bench` (quick run, scale 0.1) or `make bench BENCH_SCALE=1` (the "
        "full data set: 100,000 organisations, 10,000 partnerships, 200,000 memberships, 50,000 "
        "commitments, 1,000,000 progress reports; seeded once with `python manage.py "
        "seed_scale`, reused by later runs of the same scale unless `BENCH_RESEED=1`). The run "
        "starts gunicorn on 127.0.0.1 (caches off, then on) and a Celery worker, drives them "
        "with `wrk`, writes `bench/results.json`, `bench/results.md` (queries and the first "
        "request after a change per page, profiles of anything that missed its goal, earlier "
        "runs) and this section of the README.",
        "",
    ]
    return "\n".join(lines)


def update_readme(res: dict[str, Any], readme: Path) -> None:
    """Replace the README's Performance section (up to the next ``## `` heading) with this run's."""
    text = readme.read_text()
    start = text.index("\n## Performance\n") + 1
    end = text.find("\n## ", start + 1)
    end = len(text) if end == -1 else end + 1
    readme.write_text(text[:start] + readme_section(res) + "\n" + text[end:])


if __name__ == "__main__":
    sys.path.insert(0, str(BENCH.parent))
    data = json.loads((BENCH / "results.json").read_text())
    if "--results" in sys.argv[1:]:
        sys.stdout.write(results_markdown(data))
    else:
        sys.stdout.write(readme_section(data))
