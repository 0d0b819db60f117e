"""Draw ``europe.svg`` once from Natural Earth's country shapes (npm's ``world-atlas``, 50m file).

    npm pack world-atlas && tar xzf world-atlas-*.tgz
    python -m pact.kernel.map.build package/countries-50m.json

Run by hand when the shapes or the list of countries change; the portal only reads the committed
SVG. The 50m file is used because the 110m one has no Malta. The script decodes the TopoJSON,
projects Lambert azimuthal equal-area centred on Europe (as EPSG:3035), clips to a frame from
Iceland to the Caucasus (which also drops France's overseas territories, the Canaries and Madeira),
simplifies, and writes one ``<path data-country="XX">`` per portal country plus one unlinked path of
the neighbouring land. Fixes to the source: Kosovo has no id there and becomes XK, Northern Cyprus
(no id either) is drawn as part of Cyprus, Åland as part of Finland, Crimea as part of Ukraine; names come from the portal's
country list at run time, so "Macedonia" is shown as North Macedonia.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from pact.kernel.map import COUNTRIES

OUTPUT = Path(__file__).with_name("europe.svg")

# ISO 3166 numeric -> alpha-2 for the portal's countries (the map's list, ``COUNTRIES``).
NUMERIC = {
    "008": "AL", "040": "AT", "056": "BE", "070": "BA", "100": "BG", "191": "HR", "196": "CY",
    "203": "CZ", "208": "DK", "233": "EE", "246": "FI", "250": "FR", "268": "GE", "276": "DE",
    "300": "GR", "348": "HU", "352": "IS", "372": "IE", "380": "IT", "428": "LV", "438": "LI",
    "440": "LT", "442": "LU", "470": "MT", "498": "MD", "499": "ME", "528": "NL", "578": "NO",
    "616": "PL", "620": "PT", "642": "RO", "688": "RS", "703": "SK", "705": "SI", "724": "ES",
    "752": "SE", "756": "CH", "792": "TR", "804": "UA", "807": "MK", "826": "GB",
    "248": "FI",  # Åland
}  # fmt: skip
BY_NAME = {"Kosovo": "XK", "N. Cyprus": "CY"}
# Natural Earth draws Crimea with Russia; the EU recognises it as Ukraine's (lon/lat box).
CRIMEA = (32.4, 44.3, 36.7, 46.3)

# Lambert azimuthal equal-area, EPSG:3035's centre (10°E, 52°N), on the unit sphere.
LON0, LAT0 = math.radians(10), math.radians(52)
# The frame, in projected units: Iceland to the Caspian, North Cape to Crete and Cyprus.
X_MIN, X_MAX, Y_MIN, Y_MAX = -0.42, 0.52, -0.33, 0.34
WIDTH = 1000.0
SCALE = WIDTH / (X_MAX - X_MIN)
HEIGHT = round((Y_MAX - Y_MIN) * SCALE)
TOLERANCE = 0.6  # SVG units: points closer than this to the simplified line are dropped


def project(lon: float, lat: float) -> tuple[float, float]:
    lam, phi = math.radians(lon) - LON0, math.radians(lat)
    k = math.sqrt(
        2 / (1 + math.sin(LAT0) * math.sin(phi) + math.cos(LAT0) * math.cos(phi) * math.cos(lam))
    )
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(LAT0) * math.sin(phi) - math.sin(LAT0) * math.cos(phi) * math.cos(lam))
    return (x - X_MIN) * SCALE, (Y_MAX - y) * SCALE


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The topology's arcs as absolute longitude/latitude (they are quantised and delta-coded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def polygons(geometry: dict, arcs: list) -> list[list[list[tuple[float, float]]]]:
    if geometry["type"] == "Polygon":
        return [[ring(r, arcs) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(r, arcs) for r in polygon] for polygon in geometry["arcs"]]
    return []


def clip(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sutherland-Hodgman against the frame; edges along the frame are harmless for a fill."""
    edges = [
        (lambda p: p[0] >= 0, lambda a, b: _at_x(a, b, 0.0)),
        (lambda p: p[0] <= WIDTH, lambda a, b: _at_x(a, b, WIDTH)),
        (lambda p: p[1] >= 0, lambda a, b: _at_y(a, b, 0.0)),
        (lambda p: p[1] <= HEIGHT, lambda a, b: _at_y(a, b, float(HEIGHT))),
    ]
    for inside, cross in edges:
        if not points:
            break
        result = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    result.append(cross(previous, point))
                result.append(point)
            elif inside(previous):
                result.append(cross(previous, point))
            previous = point
        points = result
    return points


def _at_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        worst, index = 0.0, 0
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                distance = math.hypot(px - ax, py - ay)
            if distance > worst:
                worst, index = distance, i
        if worst > TOLERANCE:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _inside(points: list[tuple[float, float]], box: tuple[float, float, float, float]) -> bool:
    return all(box[0] <= lon <= box[2] and box[1] <= lat <= box[3] for lon, lat in points)


def path_data(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for points in rings:
        projected = simplify(clip([project(lon, lat) for lon, lat in points]))
        if len(projected) < 3:
            continue
        xs = [p[0] for p in projected]
        ys = [p[1] for p in projected]
        if max(xs) - min(xs) < 0.8 and max(ys) - min(ys) < 0.8:
            continue  # a speck of an island
        coords = " ".join(f"{x:.1f} {y:.1f}" for x, y in projected)
        parts.append(f"M{coords}Z")
    return "".join(parts)


def build(source: Path) -> str:
    topology = json.loads(source.read_text())
    arcs = decode_arcs(topology)
    shapes: dict[str, list] = {}
    land: list = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        code = BY_NAME.get(name) or NUMERIC.get(geometry.get("id") or "")
        rings = [r for polygon in polygons(geometry, arcs) for r in polygon]
        if name == "Russia":
            crimea = [r for r in rings if _inside(r, CRIMEA)]
            shapes.setdefault("UA", []).extend(crimea)
            rings = [r for r in rings if not _inside(r, CRIMEA)]
        if code in COUNTRIES:
            shapes.setdefault(code, []).extend(rings)
        else:
            land.extend(rings)
    missing = set(COUNTRIES) - set(shapes)
    if missing:
        raise SystemExit(f"no shape for {sorted(missing)}")
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {HEIGHT}">',
        "<!-- Made with Natural Earth (public domain) via world-atlas 2; "
        "drawn by pact/kernel/map/build.py -->",
        f'<path data-land="" d="{path_data(land)}"/>',
    ]
    for code in sorted(shapes):
        lines.append(f'<path data-country="{code}" d="{path_data(shapes[code])}"/>')
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit(__doc__)
    OUTPUT.write_text(build(Path(argv[0])))
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main(sys.argv[1:])
