"""What a run of the benchmark is set to: its folders, its settings (read from the environment,
see ``bench/run.py``), the stages it runs, the goals it measures against and the environment its
server processes get. Plain Python: nothing here needs Django."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RUNTIME = ROOT / ".devdata" / "bench"


def relative(text: str) -> str:
    """Profiles name files relative to the project, never the machine's own paths."""
    return text.replace(f"{ROOT}/", "")


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
    "open_loop_rate": env_float("BENCH_OPEN_LOOP_RATE", 50),
    "open_loop_seconds": env_float("BENCH_OPEN_LOOP_SECONDS", 120),
    "reminder_recipients": int(env_float("BENCH_REMINDER_RECIPIENTS", 100_000)),
    "pdf_count": int(env_float("BENCH_PDF_COUNT", 12)),
    "celery_workers": 2,
    "reminder_timeout_s": env_float("BENCH_REMINDER_TIMEOUT", 300),
    # 0 (the default) keeps the synthetic data of an earlier run of the same scale; 1 seeds anew.
    "reseed": os.environ.get("BENCH_RESEED", "0") != "0",
}
STAGES = [
    "seed",
    "fixtures",
    "queries",
    "http",
    "pdf",
    "reminders",
    "profiles",
    "signup_timing",
    "mail_kills",
]
SELECTED = [s for s in os.environ.get("BENCH_STAGES", ",".join(STAGES)).split(",") if s]

# Throughput goals are shares of /bench/ping measured in the same run, with the page cache and the
# remembered figures off (issue 19); latency goals in ms.
GOALS = {
    "directory_ratio": 0.10,
    "members_ratio": 0.10,
    "pages_ratio": 0.20,
    "results_ratio": 0.10,
    "api_ratio": 0.10,
    "first_request_ms": 50,
    "cache_on_p99_ms": 1000,
    "monitoring_p99_ms": 1000,
    "burst_p95_ms": 300,
    "burst_errors": 0,
    "burst_lost": 0,
    "burst_capacity_rps": 120,
    "max_queries": 12,
    "pdf_render_s": 1.0,
    "reminders_s": 120,
    "reminder_duplicates": 0,
}

# Server processes get these on top of the environment: no debug, the baseline view, mail into
# the bench's own folder, API throttles far above the load so they are measured, not hit, and
# neither stored pages nor remembered figures (the measures of the cache on set them back, see
# CACHE_ON).
SERVER_ENV = {
    "PAGE_CACHE_ENABLED": "0",
    "REMEMBERED_FIGURES_ENABLED": "0",
    "DEBUG": "0",
    "PACT_BENCH": "1",
    "PACT_TESTING": "0",
    "API_THROTTLE_ANON": "100000000/min",
    "API_THROTTLE_USER": "100000000/min",
    "EMAIL_BACKEND": "pact.kernel.outbox.files.EmailBackend",
    "EMAIL_FILE_PATH": str(RUNTIME / "mail"),
    "MEDIA_ROOT": str(RUNTIME / "media"),
    "LOG_LEVEL": "WARNING",
}
CACHE_ON = {"PAGE_CACHE_ENABLED": "1", "REMEMBERED_FIGURES_ENABLED": "1"}
os.environ.update(SERVER_ENV)
