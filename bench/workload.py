"""What each measure of the ``http`` stage asks for: lists of requests (``bench.wrk.line``) built
from the data itself, so every search matches real names and, with enough lines, no URL is asked
for twice (the page cache and PostgreSQL's own caches of one answer cannot help)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count

from bench import fixtures
from bench import wrk as wrk_tool
from bench.stages import state
from commitments.models import ProgressReport
from members.models import Organisation, OrganisationMembership
from partnerships.models import Partnership, PartnershipKind

WORD = re.compile(r"[^\W\d_]{4,}")
LINES = 30_000  # more than any measure answers in its time: no URL comes twice


def cookie(role: str) -> dict[str, str]:
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={fixtures.session_cookie(state[role])}"}


def _words(names: list[str]) -> list[str]:
    return sorted({w.lower() for name in names for w in WORD.findall(name)})


def _searches(words: list[str], rng: random.Random) -> Iterator[str]:
    """Searches of one word or two, as typed: prefixes of 4 letters up to the whole word."""
    while True:
        first = rng.choice(words)
        text = first[: rng.randint(4, len(first))]
        if rng.random() < 0.5:
            second = rng.choice(words)
            text += " " + second[: rng.randint(4, len(second))]
        yield text


def _unique(make: Iterator[str], wanted: int) -> list[str]:
    seen: dict[str, None] = {}
    for _attempt in range(wanted * 20):
        seen.setdefault(next(make), None)
        if len(seen) >= wanted:
            break
    return list(seen)


def directory_searches(n: int = LINES) -> list[str]:
    """The partnership directory: a different search and two filters (kind, country) each time."""
    rng = random.Random(19)
    rows = list(
        Partnership.objects.public().order_by("?").values_list("name", "kind", "countries")[:3000]
    )
    words = _words([r[0] for r in rows])
    kinds = list(PartnershipKind.values)
    countries = sorted({c for r in rows for c in r[2]}) or ["BE"]

    def make() -> Iterator[str]:
        searches = _searches(words, rng)
        while True:
            query = {
                "q": next(searches),
                "kind": rng.choice(kinds),
                "country": rng.choice(countries),
            }
            yield f"/partnerships/?{urlencode(query)}"

    return [wrk_tool.line(p) for p in _unique(make(), n)]


def members_searches(n: int = LINES) -> list[str]:
    """The members directory: a different search each time."""
    rng = random.Random(20)
    names = list(Organisation.objects.public().order_by("?").values_list("name", flat=True)[:5000])
    paths = _unique((f"/members/?{urlencode({'q': q})}" for q in _searches(_words(names), rng)), n)
    return [wrk_tool.line(p) for p in paths]


def partnership_pages(n: int = LINES, pages: int = 400) -> list[str]:
    """``pages`` public partnership pages in random order, each with a fresh query string."""
    rng = random.Random(21)
    slugs = list(
        Partnership.objects.public()
        .filter(slug__startswith="scale-")
        .order_by("?")
        .values_list("slug", flat=True)[:pages]
    )
    return [wrk_tool.line(f"/partnerships/{rng.choice(slugs)}/?visit={k}") for k in range(n)]


def results_pages(n: int = LINES) -> list[str]:
    return [wrk_tool.line(f"/results/?visit={k}") for k in range(n)]


def busiest_member() -> dict[str, Any]:
    """An administrator of the organisation with the most reports (kept in ``state["busiest"]``)."""
    if "busiest" not in state:
        top = (
            ProgressReport.objects.values("organisation_id")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        if top is None:
            raise RuntimeError("no progress reports to measure")
        membership = (
            OrganisationMembership.objects.filter(organisation_id=top["organisation_id"])
            .select_related("user", "organisation")
            .order_by("role", "pk")
            .first()
        )
        if membership is None:
            raise RuntimeError("the busiest organisation has nobody")
        state["busiest_user"] = membership.user
        state["busiest"] = {
            "organisation": membership.organisation.slug,
            "reports": top["n"],
        }
    return state["busiest"]


def api_pages(path: str, n: int = LINES) -> list[str]:
    """An API list as a member of the busiest organisation: different pages, sizes and orders."""
    busiest_member()
    headers = {
        "Accept": "application/json",
        "Cookie": f"{settings.SESSION_COOKIE_NAME}="
        f"{fixtures.session_cookie(state['busiest_user'])}",
    }
    rng = random.Random(22)
    combos = {
        (page, size, order)
        for page in range(1, 21)
        for size in range(10, 51)
        for order in ("id", "-id")
    }
    ordered = sorted(combos)
    rng.shuffle(ordered)
    return [
        wrk_tool.line(f"{path}?page={p}&page_size={s}&ordering={o}", headers=headers)
        for p, s, o in ordered[:n]
    ]


def staff_monitoring(year: int, n: int = 2000) -> list[str]:
    headers = cookie("staff")
    return [
        wrk_tool.line(f"/staff/monitoring/{year}/?visit={k}", headers=headers) for k in range(n)
    ]


def cached_mix(directory: list[str], n: int = 20) -> list[str]:
    """A few public URLs asked for again and again (the page cache on): results and directory."""
    return [wrk_tool.line("/results/"), *directory[:n]]


def ping(n: int = 1) -> list[str]:
    return [wrk_tool.line("/bench/ping")] * n
