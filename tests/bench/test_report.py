"""The benchmark's figures reach the README only from a run: wrk's output is read as the Lua script
writes it (only expected answers counted), and the Performance section is generated from the
results, headline first with ping beside each row, replacing the old section and nothing else."""

from __future__ import annotations

from pathlib import Path

from bench import wrk
from bench.report import readme_section, update_readme

WRK_OUTPUT = """Running 15s test @ http://127.0.0.1:8000
  2 threads and 20 connections

WRK-JSON {"ok": 3000, "other": 12, "requests": 3012, "duration_us": 15000000, "wrapped": 0, \
"connect": 0, "read": 0, "write": 0, "timeout": 2, "p50": 4100.0, "p95": 9000.0, \
"p99": 15000.0, "max": 30000.0, "mean": 5000.0}
"""


def test_it_counts_only_the_expected_answers():
    figures = wrk.parse(WRK_OUTPUT, "", "directory", distinct=5000)
    assert figures["rps"] == 200.0  # 3,000 answers 200 in 15 s; the 12 others are apart
    assert figures["other_status"] == 12 and figures["errors"] == {"timeout": 2}
    assert figures["latency_ms"]["p99"] == 15.0 and not figures["repeated"]


def test_a_request_line_keeps_method_body_and_headers_apart():
    line = wrk.line("/x?q=1", method="POST", body="a=1", headers={"Cookie": "s=2"})
    assert line.split("\t") == ["POST", "/x?q=1", "a=1", "Cookie: s=2"]


def results() -> dict:
    row = {
        "rps": 250.0,
        "ratio": 0.125,
        "goal_ratio": 0.1,
        "ok": True,
        "other_status": 0,
        "errors": {},
        "repeated": False,
        "latency_ms": {"p50": 60.0, "p95": 90.0, "p99": 120.0},
    }
    return {
        "machine": {"nproc": 2, "commit": "abc1234"},
        "config": {"scale": 0.01, "concurrency": 20, "duration_s": 15, "gunicorn_workers": 4},
        "goals": {"first_request_ms": 50, "max_queries": 12},
        "seed": {"organisations": 1000},
        "cold": {
            "ping": {"rps": 2000.0},
            "rows": {"members directory, a different search per request": row},
        },
        "queries": {
            "partnership page": {
                "one": {"queries": 5, "cold_ms": 12.0, "status": 200, "url": "/p/a/"},
                "fifty": {"queries": 5, "cold_ms": 70.0, "status": 200, "url": "/p/b/"},
                "equal": True,
                "max": 5,
                "ok": True,
                "first_request_ms": 70.0,
                "first_request_ok": False,
            }
        },
        "cache_hits": {
            "ping": {"rps": 2100.0},
            "directory_same_url": {"rps": 1500.0, "ratio": 0.714, "latency_ms": {"p99": 30.0}},
        },
    }


def test_the_section_leads_with_the_goal_table_and_ping_beside_it():
    text = readme_section(results())
    headline = text.index("| members directory, a different search per request |")
    assert "250.0/s = **0.125** of ping" in text and "| 2,000.0/s | ≥ 0.1 | met |" in text
    assert "partnership page 70 ms" in text and "**missed**" in text
    assert text.index("Cache hits, for comparison only") > headline


def test_it_replaces_only_the_performance_section(tmp_path: Path):
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n\n## Performance\n\nold figures\n\n## Next\n\nkept\n")
    update_readme(results(), readme)
    text = readme.read_text()
    assert "old figures" not in text and text.startswith("# Title\n\n## Performance\n")
    assert text.endswith("## Next\n\nkept\n")
