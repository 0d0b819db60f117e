"""Stage ``signup_timing`` (issue 16): sign-up and password reset take as long for a registered
address as for a new one, so their answer time tells nobody which addresses have accounts.

Each form is posted ``SAMPLES`` times per kind of address, the kinds interleaved (drift in the
machine's load falls on both alike), through Django's test client in this process: the whole
request (middleware, allauth, the password hash, the mail recorded in the outbox), without the
network. Each request comes from its own client address, so the per-IP rate limits never answer
instead of the form. Reported: the median and 90th percentile of each kind and the gap of the
medians, against a goal of 50 ms (the review measured 250 ms before the fix).
"""

from __future__ import annotations

import statistics
import time
import uuid

from django.test import Client
from django.urls import reverse

from bench.stages import results, stage
from pact.models import OutboundEmail, User

SAMPLES = 30
GOAL_GAP_MS = 50.0
PASSWORD = "a-long-pass-phrase-2026"
DOMAIN = "signup-timing.bench.invalid"


def _post(url: str, data: dict, n: int) -> float:
    client = Client(REMOTE_ADDR=f"10.{n % 250}.{(n // 250) % 250}.{uuid.uuid4().int % 250 + 1}")
    started = time.perf_counter()
    response = client.post(url, data, HTTP_HOST="127.0.0.1")
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code >= 400:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return elapsed


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median_ms": round(statistics.median(ordered), 1),
        "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))], 1),
    }


@stage("signup_timing")
def signup_timing() -> None:
    run = uuid.uuid4().hex[:8]
    registered = [
        User.objects.create_user(email=f"known-{run}-{n}@{DOMAIN}", password=PASSWORD)
        for n in range(SAMPLES)
    ]
    signup, reset = reverse("account_signup"), reverse("account_reset_password")
    times: dict[str, list[float]] = {
        "signup_registered": [],
        "signup_new": [],
        "reset_registered": [],
        "reset_unknown": [],
    }
    form = {"full_name": "Bench Person", "password1": PASSWORD, "password2": PASSWORD}
    for n, user in enumerate(registered):
        new = f"new-{run}-{n}@{DOMAIN}"
        times["signup_registered"].append(_post(signup, {"email": user.email, **form}, 4 * n))
        times["signup_new"].append(_post(signup, {"email": new, **form}, 4 * n + 1))
        times["reset_registered"].append(_post(reset, {"email": user.email}, 4 * n + 2))
        unknown = f"unknown-{run}-{n}@{DOMAIN}"
        times["reset_unknown"].append(_post(reset, {"email": unknown}, 4 * n + 3))
    summaries = {kind: _summary(values) for kind, values in times.items()}
    signup_gap = abs(
        summaries["signup_registered"]["median_ms"] - summaries["signup_new"]["median_ms"]
    )
    reset_gap = abs(
        summaries["reset_registered"]["median_ms"] - summaries["reset_unknown"]["median_ms"]
    )
    results["signup_timing"] = {
        "samples_per_kind": SAMPLES,
        **summaries,
        "signup_gap_ms": round(signup_gap, 1),
        "reset_gap_ms": round(reset_gap, 1),
        "goal_gap_ms": GOAL_GAP_MS,
        "ok": signup_gap < GOAL_GAP_MS and reset_gap < GOAL_GAP_MS,
    }
    # Their mails are not for sending (the addresses are the bench's own, .invalid).
    OutboundEmail.objects.filter(to_address__endswith=f"@{DOMAIN}").delete()
