"""The countries of the portal and their map.

The list of countries is the one partnerships may choose from: the EU, the EEA and EFTA, the United
Kingdom and the candidate and potential candidate countries. ``shapes`` draws them as a shaded map
from ``europe.svg``, which ``build`` projected once from Natural Earth's shapes.
"""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

# Every country a partnership or the map may name, west to east and north to south.
COUNTRIES: tuple[str, ...] = (
    "IS",
    "NO",
    "SE",
    "FI",
    "IE",
    "GB",
    "DK",
    "EE",
    "NL",
    "DE",
    "PL",
    "LV",
    "BE",
    "LU",
    "CZ",
    "LT",
    "FR",
    "CH",
    "LI",
    "AT",
    "SK",
    "UA",
    "PT",
    "ES",
    "IT",
    "SI",
    "HU",
    "RO",
    "MD",
    "HR",
    "RS",
    "BG",
    "GE",
    "MT",
    "BA",
    "ME",
    "XK",
    "TR",
    "AL",
    "MK",
    "CY",
    "GR",
)

EU_MEMBER_STATES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)
WESTERN_BALKANS = frozenset({"AL", "BA", "ME", "MK", "RS", "XK"})
CANDIDATE_COUNTRIES = WESTERN_BALKANS | {"GE", "MD", "TR", "UA"}
OTHER_EUROPEAN = frozenset({"CH", "GB", "IS", "LI", "NO"})

GROUP_LABELS = {
    "eu": _("EU Member States"),
    "candidate": _("Candidate and potential candidate countries"),
    "other": _("Other European countries"),
}


def country_name(code: str) -> str:
    """The country's name in the active language. django-countries looks each name up in the
    translation catalogue again on every call; the directory names every country on the map
    twice per request, so the names are kept per language and code (a fixed, small table)."""
    return _country_name(code, get_language())


@lru_cache(maxsize=4096)
def _country_name(code: str, language: str | None) -> str:
    return str(countries.name(code)) or code


def country_group(code: str) -> str:
    if code in EU_MEMBER_STATES:
        return "eu"
    if code in CANDIDATE_COUNTRIES:
        return "candidate"
    return "other"


def country_choices() -> list[tuple[str, str]]:
    """(code, name) of every country on the map, sorted by name in the active language."""
    return sorted(((code, country_name(code)) for code in COUNTRIES), key=lambda c: c[1])


def grouped_country_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Country choices grouped for a select with optgroups or a fieldset per group."""
    groups: dict[str, list[tuple[str, str]]] = {"eu": [], "candidate": [], "other": []}
    for code, name in country_choices():
        groups[country_group(code)].append((code, name))
    return [(str(GROUP_LABELS[key]), rows) for key, rows in groups.items()]
