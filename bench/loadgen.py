"""A small closed-loop HTTP load generator (asyncio, one TCP connection per request, loopback only).

    python bench/loadgen.py < spec.json > result.json

The spec (JSON on stdin)::

    {"port": 8107, "concurrency": 20, "duration": 15, "warmup": 2, "timeout": 30,
     "requests": [{"method": "GET", "path": "/x", "headers": {"Cookie": "..."}}, ...],
     "clients": [[{"id": "r1", "method": "POST", "path": "/y", "body": "a=1", ...}, ...], ...],
     "ok_status": [200, 302]}

With ``requests`` every client picks the next request of the shared list, round robin, until the
duration is over. With ``clients`` client *i* sends its own requests in order, each once, and stops
when its list is used up or the time is over (the deadline-day burst). With ``arrivals`` and
``rate`` (requests per second) the load is an open loop: request *k* leaves at *k* / ``rate``
seconds whatever the answers before it, and its latency counts from then (no coordinated
omission). Requests finished during the warm-up are not counted. The result gives throughput, status counts, connection errors, latency
percentiles and, with ``clients``, the ids of the requests answered with an ``ok_status``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time
from typing import Any

HOST = "127.0.0.1"  # never anything but the loopback interface


def percentile(sorted_values: list[float], p: float) -> float | None:
    if not sorted_values:
        return None
    k = (len(sorted_values) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def encode(port: int, request: dict[str, Any]) -> bytes:
    body = request.get("body", "").encode()
    headers = {
        "Host": f"{HOST}:{port}",
        "User-Agent": "pact-bench",
        "Accept": request.get("accept", "text/html,application/json"),
        "Accept-Encoding": "gzip",  # as every browser sends
        "Connection": "close",
        **request.get("headers", {}),
    }
    if body or request.get("method", "GET") in ("POST", "PUT", "PATCH"):
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        headers["Content-Length"] = str(len(body))
    head = f"{request.get('method', 'GET')} {request['path']} HTTP/1.1\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode("latin-1") + b"\r\n" + body


class Stats:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.status: dict[str, int] = {}
        self.errors: dict[str, int] = {}
        self.ok_ids: list[str] = []
        self.failed_ids: list[str] = []


async def one(port: int, payload: bytes, timeout: float) -> int:
    reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), timeout)
    try:
        writer.write(payload)
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout)
        # Read the rest so the server is not cut short, then close.
        while await asyncio.wait_for(reader.read(65536), timeout):
            pass
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
    parts = status_line.split()
    if len(parts) < 2:
        raise ConnectionError("empty response")
    return int(parts[1])


async def main(spec: dict[str, Any]) -> dict[str, Any]:
    port = int(spec["port"])
    duration = float(spec["duration"])
    warmup = float(spec.get("warmup", 0))
    timeout = float(spec.get("timeout", 30))
    ok_status = set(spec.get("ok_status", [200]))
    stats = Stats()
    started = time.monotonic()
    counting_from = started + warmup
    deadline = counting_from + duration
    shared = [encode(port, r) for r in spec.get("requests", [])]
    counter = 0

    async def record(request_id: str | None, payload: bytes, due: float | None = None) -> None:
        t0 = time.monotonic() if due is None else due
        try:
            code: int | None = await one(port, payload, timeout)
        except (TimeoutError, OSError, ConnectionError, ValueError) as exc:
            code = None
            name = type(exc).__name__
        t1 = time.monotonic()
        if t1 < counting_from:
            return
        if code is None:
            stats.errors[name] = stats.errors.get(name, 0) + 1
        else:
            stats.status[str(code)] = stats.status.get(str(code), 0) + 1
            stats.latencies.append((t1 - t0) * 1000)
        if request_id is not None:
            (stats.ok_ids if code in ok_status else stats.failed_ids).append(request_id)

    async def shared_client() -> None:
        nonlocal counter
        while time.monotonic() < deadline:
            payload = shared[counter % len(shared)]
            counter += 1
            await record(None, payload)

    async def own_client(requests: list[dict[str, Any]]) -> None:
        for request in requests:
            if time.monotonic() >= deadline:
                return
            await record(str(request["id"]), encode(port, request))

    async def open_loop(requests: list[dict[str, Any]], rate: float) -> None:
        pending = []
        for k, request in enumerate(requests):
            due = started + k / rate
            if due >= deadline:
                break
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            payload = encode(port, request)
            pending.append(asyncio.create_task(record(str(request["id"]), payload, due)))
        await asyncio.gather(*pending)

    if spec.get("arrivals"):
        tasks = [open_loop(spec["arrivals"], float(spec["rate"]))]
    elif spec.get("clients"):
        tasks = [own_client(reqs) for reqs in spec["clients"]]
    else:
        tasks = [shared_client() for _ in range(int(spec["concurrency"]))]
    await asyncio.gather(*tasks)
    elapsed = min(time.monotonic(), deadline) - counting_from
    if spec.get("arrivals"):
        elapsed = duration
    lat = sorted(stats.latencies)
    answered = len(lat)
    return {
        "concurrency": len(tasks),
        "duration_s": round(elapsed, 2),
        "requests": answered,
        "rps": round(answered / elapsed, 1) if elapsed > 0 else None,
        "status": stats.status,
        "errors": stats.errors,
        "latency_ms": {
            "p50": _r(percentile(lat, 0.50)),
            "p95": _r(percentile(lat, 0.95)),
            "p99": _r(percentile(lat, 0.99)),
            "max": _r(lat[-1] if lat else None),
            "mean": _r(sum(lat) / answered if answered else None),
        },
        "ok_ids": stats.ok_ids,
        "failed_ids": stats.failed_ids,
    }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


if __name__ == "__main__":
    result = asyncio.run(main(json.load(sys.stdin)))
    json.dump(result, sys.stdout)
