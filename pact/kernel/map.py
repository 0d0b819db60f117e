"""The country map: a tile-grid cartogram of Europe, one labelled square per country.

A cartogram keeps every country the same size, so small states (Luxembourg, Malta, the Western
Balkans) stay visible and clickable; positions follow geography only roughly. The same list of
countries is the one partnerships may choose from: the EU, the EEA and EFTA, the United Kingdom and
the candidate and potential candidate countries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_countries import countries

# code: (column, row) of the tile, west to east and north to south.
TILES: dict[str, tuple[int, int]] = {
    "IS": (0, 0),
    "NO": (3, 0),
    "SE": (4, 0),
    "FI": (5, 0),
    "IE": (1, 1),
    "GB": (2, 1),
    "DK": (3, 1),
    "EE": (5, 1),
    "NL": (2, 2),
    "DE": (3, 2),
    "PL": (4, 2),
    "LV": (5, 2),
    "BE": (2, 3),
    "LU": (3, 3),
    "CZ": (4, 3),
    "LT": (5, 3),
    "FR": (1, 4),
    "CH": (2, 4),
    "LI": (3, 4),
    "AT": (4, 4),
    "SK": (5, 4),
    "UA": (6, 4),
    "PT": (0, 5),
    "ES": (1, 5),
    "IT": (3, 5),
    "SI": (4, 5),
    "HU": (5, 5),
    "RO": (6, 5),
    "MD": (7, 5),
    "HR": (4, 6),
    "RS": (5, 6),
    "BG": (6, 6),
    "GE": (7, 6),
    "MT": (3, 7),
    "BA": (4, 7),
    "ME": (5, 7),
    "XK": (6, 7),
    "TR": (7, 7),
    "AL": (5, 8),
    "MK": (6, 8),
    "CY": (8, 8),
    "GR": (6, 9),
}

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

TILE = 46  # side of a tile in SVG units
GAP = 4


def country_name(code: str) -> str:
    return str(countries.name(code)) or code


def country_group(code: str) -> str:
    if code in EU_MEMBER_STATES:
        return "eu"
    if code in CANDIDATE_COUNTRIES:
        return "candidate"
    return "other"


def country_choices() -> list[tuple[str, str]]:
    """(code, name) of every country on the map, sorted by name in the active language."""
    return sorted(((code, country_name(code)) for code in TILES), key=lambda c: c[1])


def grouped_country_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Country choices grouped for a select with optgroups or a fieldset per group."""
    groups: dict[str, list[tuple[str, str]]] = {"eu": [], "candidate": [], "other": []}
    for code, name in country_choices():
        groups[country_group(code)].append((code, name))
    return [(str(GROUP_LABELS[key]), rows) for key, rows in groups.items()]


@dataclass(frozen=True)
class MapTile:
    code: str
    name: str
    count: int
    x: int
    y: int
    href: str
    selected: bool

    @property
    def label_x(self) -> int:
        return self.x + TILE // 2

    @property
    def code_y(self) -> int:
        return self.y + 20

    @property
    def count_y(self) -> int:
        return self.y + 38


@dataclass(frozen=True)
class CountryMap:
    tiles: list[MapTile]
    width: int
    height: int
    tile: int = TILE


def build_map(
    counts: dict[str, int], href_for: Callable[[str], str], selected: str = ""
) -> CountryMap:
    """Lay out every country's tile with its count and the link that filters by it."""
    tiles = [
        MapTile(
            code=code,
            name=country_name(code),
            count=counts.get(code, 0),
            x=col * (TILE + GAP) + GAP,
            y=row * (TILE + GAP) + GAP,
            href=href_for(code),
            selected=code == selected,
        )
        for code, (col, row) in TILES.items()
    ]
    columns = max(col for col, _ in TILES.values()) + 1
    rows = max(row for _, row in TILES.values()) + 1
    return CountryMap(
        tiles=tiles, width=columns * (TILE + GAP) + GAP, height=rows * (TILE + GAP) + GAP
    )
