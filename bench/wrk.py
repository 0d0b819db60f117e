"""Drive load with ``wrk`` (the Debian package): a closed loop of keep-alive connections from a
native process, which leaves the two cores to the server far more than a Python generator does.

Every measure gives wrk a list of requests (one a line: method, path, body, headers, separated by
tabs) that a generated Lua script reads; each wrk thread takes every n-th line, so with enough
lines no URL is asked for twice. Only answers with the expected status count (``ok``); the others
are counted apart, and the Lua script reports whether a thread ran out of lines and started over
(``wrapped``: then URLs were repeated).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

from bench.config import RUNTIME

LUA = r"""
local lines, step, next_index = {}, 1, 1
ok, other, wrapped = 0, 0, 0
local threads = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

function init(args)
  local all, want = {}, tonumber(args[2])
  for line in io.lines(args[1]) do table.insert(all, line) end
  for k, line in ipairs(all) do
    -- Each thread its share of the lines; all of them when there are fewer lines than threads.
    if #all < want or (k - 1) % want == thread_index then
      local method, path, body, rest = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t?(.*)$")
      local headers = {}
      for header in rest:gmatch("[^\t]+") do
        local name, value = header:match("^([^:]+):%s*(.*)$")
        headers[name] = value
      end
      if body == "" then body = nil
      else headers["Content-Type"] = "application/x-www-form-urlencoded" end
      table.insert(lines, wrk.format(method, path, headers, body))
    end
  end
  expected = tonumber(args[3])
end

function request()
  local r = lines[next_index]
  next_index = next_index + 1
  if next_index > #lines then next_index = 1; wrapped = 1 end
  return r
end

function response(status, headers, body)
  if status == expected then ok = ok + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local total_ok, total_other, any_wrapped = 0, 0, 0
  for _, t in ipairs(threads) do
    total_ok = total_ok + t:get("ok")
    total_other = total_other + t:get("other")
    any_wrapped = math.max(any_wrapped, t:get("wrapped"))
  end
  local e = summary.errors
  io.write(string.format(
    '\nWRK-JSON {"ok": %d, "other": %d, "requests": %d, "duration_us": %d, "wrapped": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "timeout": %d, ' ..
    '"p50": %.1f, "p95": %.1f, "p99": %.1f, "max": %.1f, "mean": %.1f}\n',
    total_ok, total_other, summary.requests, summary.duration, any_wrapped,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    latency.mean))
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def line(
    path: str, *, method: str = "GET", body: str = "", headers: dict[str, str] | None = None
) -> str:
    """One request for ``run``: tab-separated, as the Lua script reads it."""
    fields = [method, path, body] + [f"{k}: {v}" for k, v in (headers or {}).items()]
    if any("\t" in f or "\n" in f for f in fields):
        raise ValueError("tabs and newlines cannot be sent through the request list")
    return "\t".join(fields)


def run(
    port: int,
    name: str,
    requests: list[str],
    *,
    connections: int,
    seconds: float,
    threads: int = 2,
    expect: int = 200,
    timeout_s: int = 60,
) -> dict[str, Any]:
    """Run wrk against 127.0.0.1:``port`` with ``requests`` (``line`` each) and return throughput
    counted from ``expect`` answers only, the other answers and errors, and latency percentiles
    (of every answer, in ms)."""
    if not requests:
        raise ValueError(f"{name}: no requests to send")
    folder = RUNTIME / "wrk"
    folder.mkdir(parents=True, exist_ok=True)
    slug = "".join(c if c.isalnum() else "-" for c in name.lower())[:60]
    script, listing = folder / "requests.lua", folder / f"{slug}.tsv"
    script.write_text(LUA)
    listing.write_text("\n".join(requests) + "\n")
    threads = max(1, min(threads, connections))
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        f"--timeout={timeout_s}s",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}",
        "--",
        str(listing),
        str(threads),
        str(expect),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + timeout_s + 60, check=False
    )
    return parse(done.stdout, done.stderr, name, len(requests))


def parse(stdout: str, stderr: str, name: str, distinct: int) -> dict[str, Any]:
    found = [ln for ln in stdout.splitlines() if ln.startswith("WRK-JSON ")]
    if not found:
        raise RuntimeError(f"wrk gave no figures for {name}: {stdout[-800:]} {stderr[-800:]}")
    raw = json.loads(found[-1].removeprefix("WRK-JSON "))
    seconds = raw["duration_us"] / 1e6
    errors = {k: raw[k] for k in ("connect", "read", "write", "timeout") if raw[k]}
    return {
        "tool": "wrk",
        "duration_s": round(seconds, 2),
        "answered": raw["ok"],
        "other_status": raw["other"],
        "errors": errors,
        "rps": round(raw["ok"] / seconds, 1) if seconds else None,  # expected answers only
        "distinct_requests": distinct,
        "repeated": bool(raw["wrapped"]),
        "latency_ms": {k: round(raw[k] / 1000, 1) for k in ("p50", "p95", "p99", "max", "mean")},
    }
