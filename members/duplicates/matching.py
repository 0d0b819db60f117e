"""When two organisations look like the same one: a similar name in the same country (``rapidfuzz``
on normalised names: case, accents, punctuation and legal forms such as "GmbH" or "S.L." left
out), the same acronym in the same country, or the same website domain."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit

from rapidfuzz import fuzz

SIMILAR = 90  # rapidfuzz token-sort ratio (0-100) from which two names look like the same one
LEGAL_FORMS = {
    "gmbh", "ag", "ltd", "limited", "plc", "sa", "sl", "sas", "sarl", "srl", "spa", "bv", "nv",
    "oy", "ab", "as", "aps", "ev", "asbl", "vzw", "inc", "llc", "eu", "the",
}  # fmt: skip


def normalise(name: str) -> str:
    """Lower case, no accents or punctuation, no legal forms: what two spellings share."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", " ", text.replace(".", "")).split()
    return " ".join(word for word in words if word not in LEGAL_FORMS)


def domain(url: str) -> str:
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.removeprefix("www.")


def _numbers(name: str) -> set[str]:
    return {word for word in name.split() if word.isdigit()}


def why_alike(one: dict, other: dict) -> str:
    """Why two organisations (name, acronym, country, website) look alike: "name", "acronym",
    "website", or "" when they do not."""
    same_country = bool(one["country"]) and str(one["country"]) == str(other["country"])
    name, other_name = normalise(one["name"]), normalise(other["name"])
    if (
        same_country
        and name
        and _numbers(name) == _numbers(other_name)  # "Centre 1" and "Centre 2" are two
        and fuzz.token_sort_ratio(name, other_name) >= SIMILAR
    ):
        return "name"
    acronym = (one.get("acronym") or "").casefold()
    if same_country and acronym and acronym == (other.get("acronym") or "").casefold():
        return "acronym"
    site = domain(one["website"]) if one.get("website") else ""
    if site and other.get("website") and domain(other["website"]) == site:
        return "website"
    return ""


def candidates(one: dict, others: Iterable, limit: int = 5) -> list[dict]:
    """Organisations among ``others`` that look like ``one``: [{"pk", "name", "why"}]."""
    found = []
    for organisation in others:
        why = why_alike(
            one,
            {
                "name": organisation.name,
                "acronym": organisation.acronym,
                "country": str(organisation.country or ""),
                "website": organisation.website,
            },
        )
        if why:
            found.append({"pk": organisation.pk, "name": organisation.name, "why": why})
    return found[:limit]
