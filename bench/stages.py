"""The run's shared record (``results``, written to ``bench/results.json``, and ``state``, what one
stage leaves for the next), its log, and the ``stage`` decorator that runs a selected stage and
records its duration or its error."""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from typing import Any

from bench.config import SELECTED

results: dict[str, Any] = {}
state: dict[str, Any] = {}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def stage(name: str) -> Callable[[Callable[[], Any]], Callable[[], None]]:
    """Run a stage if selected; record its duration, or its error without stopping the run."""

    def decorator(fn: Callable[[], Any]) -> Callable[[], None]:
        def run() -> None:
            if name not in SELECTED:
                return
            log(f"stage {name}")
            started = time.monotonic()
            record: dict[str, Any] = {"status": "ok"}
            try:
                fn()
            except Exception as exc:
                record = {
                    "status": "error",
                    "error": f"{type(exc).__name__}: {exc}"[:500],
                    "trace": traceback.format_exc()[-3000:],
                }
                log(f"stage {name} failed: {record['error']}")
            record["seconds"] = round(time.monotonic() - started, 1)
            results.setdefault("stages", {})[name] = record

        return run

    return decorator
