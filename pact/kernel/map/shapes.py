"""The map of Europe shaded by a count per country (partnerships, members), with its legend.

The shapes come from the committed ``europe.svg`` (see ``build``), read once per process. Each
country with a count becomes a link the template draws with its accessible name; countries without
one are drawn but not focusable. Tiny states get a dot so they can be seen and clicked.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pact.kernel.map import country_name

SOURCE = Path(__file__).with_name("europe.svg")
SHADES = 4  # shades for counts above zero; 0 is "none"
# Countries too small to find at the map's scale: a dot marks them.
DOTTED = frozenset({"LI", "LU", "MT"})
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Outlines:
    width: int
    height: int
    land: str
    countries: dict[str, str]  # code -> path data
    centres: dict[str, tuple[float, float]]


@cache
def outlines() -> Outlines:
    root = ET.parse(SOURCE).getroot()  # noqa: S314 - the project's own committed file
    _, _, width, height = (int(float(v)) for v in root.attrib["viewBox"].split())
    land = ""
    shapes: dict[str, str] = {}
    centres: dict[str, tuple[float, float]] = {}
    for path in root.iter("{http://www.w3.org/2000/svg}path"):
        code = path.attrib.get("data-country")
        if code is None:
            land = path.attrib["d"]
            continue
        shapes[code] = path.attrib["d"]
        numbers = [float(n) for n in _NUMBER.findall(path.attrib["d"])]
        xs, ys = numbers[0::2], numbers[1::2]
        centres[code] = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    return Outlines(width, height, land, shapes, centres)


@dataclass(frozen=True)
class LegendStep:
    shade: int
    low: int
    high: int


def legend_steps(largest: int) -> list[LegendStep]:
    """Equal steps from 1 to the largest count, at most ``SHADES`` of them."""
    if largest <= 0:
        return []
    size = max(1, math.ceil(largest / SHADES))
    steps = []
    for shade in range(1, SHADES + 1):
        low = (shade - 1) * size + 1
        if low > largest:
            break
        steps.append(LegendStep(shade, low, min(shade * size, largest)))
    return steps


def shade_of(count: int, steps: list[LegendStep]) -> int:
    for step in steps:
        if step.low <= count <= step.high:
            return step.shade
    return 0


@dataclass(frozen=True)
class MapCountry:
    code: str
    name: str
    count: int
    shade: int
    path: str
    href: str
    selected: bool
    dot: tuple[str, str] | None  # written out here: a template would localise "440.9" as "440,9"


@dataclass(frozen=True)
class CountryMap:
    width: int
    height: int
    land: str
    countries: list[MapCountry]
    legend: list[LegendStep]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def linked(self) -> list[MapCountry]:
        return [c for c in self.countries if c.count]

    @property
    def unlinked(self) -> list[MapCountry]:
        return [c for c in self.countries if not c.count]


def _dot(centre: tuple[float, float]) -> tuple[str, str]:
    return f"{centre[0]:.1f}", f"{centre[1]:.1f}"


def build_map(
    counts: dict[str, int], href_for: Callable[[str], str], selected: str = ""
) -> CountryMap:
    """Every country's outline with its count, shade and the link that filters by it."""
    shapes = outlines()
    steps = legend_steps(max((counts.get(code, 0) for code in shapes.countries), default=0))
    countries = [
        MapCountry(
            code=code,
            name=country_name(code),
            count=counts.get(code, 0),
            shade=shade_of(counts.get(code, 0), steps),
            path=path,
            href=href_for(code),
            selected=code == selected,
            dot=_dot(shapes.centres[code]) if code in DOTTED else None,
        )
        for code, path in shapes.countries.items()
    ]
    return CountryMap(shapes.width, shapes.height, shapes.land, countries, steps)
