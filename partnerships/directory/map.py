"""Reads for the map page: partnerships (with the directory's filters) or active members per
country, the NUTS regions named under each country, and the links that filter the directories.

A fixed number of queries whatever the number of rows: for partnerships, the directory's one pass
of facet counts (countries, the EU-wide count, regions); for members, counts per country and
regions with counts.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from pact import access
from pact.kernel.map import COUNTRIES, country_name
from pact.kernel.map.shapes import build_map
from partnerships.directory.selectors import DirectoryFilters, _facet_counts, _region_list

VIEWS = ("partnerships", "members")


def _member_counts() -> dict[str, int]:
    rows = (
        access.public_organisations()
        .order_by()
        .values("country")
        .annotate(n=Count("id"))
        .values_list("country", "n")
    )
    return {code: n for code, n in rows if code in COUNTRIES}


def _member_region_rows() -> list[dict]:
    """Regions named by active members, counted at the level each member gave."""
    rows = (
        access.public_organisations()
        .filter(nuts_region__isnull=False)
        .values("nuts_region__code", "nuts_region__name", "nuts_region__country")
        .annotate(n=Count("id"))
        .order_by("nuts_region__country", "nuts_region__code")
    )
    return [
        {
            "code": row["nuts_region__code"],
            "name": row["nuts_region__name"],
            "country": row["nuts_region__country"],
            "n": row["n"],
        }
        for row in rows
    ]


def map_page(view: str, f: DirectoryFilters) -> dict:
    """The shaded map, its legend and the table alternative for one view."""
    if view == "members":
        base = reverse("members:directory")
        counts = _member_counts()
        region_rows = _member_region_rows()
        eu_wide = 0

        def country_href(code: str) -> str:
            return f"{base}?{urlencode({'country': code})}"

        def region_href(row: dict) -> str:
            return f"{base}?{urlencode({'country': row['country'], 'region': row['code']})}"

        selected = ""
    else:
        base = reverse("partnerships:directory")
        # The directory's one pass of facet counts, with every filter but country and region.
        facets = _facet_counts(f.without("country").without("region"))
        counts = {c: n for c, n in facets["country"].items() if c in COUNTRIES or c == ""}
        region_rows = _region_list(facets["map_region"])
        eu_wide = counts.pop("", 0)

        def country_href(code: str) -> str:
            return f"{base}?{f.query_string(country=code, region='')}"

        def region_href(row: dict) -> str:
            return f"{base}?{f.query_string(country=row['country'], region=row['code'])}"

        selected = f.country
    country_map = build_map(counts, country_href, selected=selected)
    regions: dict[str, list[dict]] = {}
    for row in region_rows:
        regions.setdefault(row["country"], []).append({**row, "href": region_href(row)})
    table = sorted(
        (
            {
                "code": c.code,
                "name": c.name,
                "count": c.count,
                "href": c.href,
                "regions": regions.get(c.code, []),
            }
            for c in country_map.linked
        ),
        key=lambda row: str(row["name"]),
    )
    return {
        "view": view,
        "map": country_map,
        "map_table": table,
        "total": sum(c.count for c in country_map.linked),
        "eu_wide_count": eu_wide,
        "filters": f,
        "filtered": view == "partnerships" and f.without("country").without("region").is_filtered,
        "directory_query": f.query_string() if view == "partnerships" else "",
        "country_name": country_name(f.country) if f.country else "",
        "view_links": [
            (
                name,
                reverse("partnerships:map")
                + ("?" + urlencode({"view": name}) if name != "partnerships" else ""),
            )
            for name in VIEWS
        ],
    }
