"""The member directory's facets: how many active organisations matching the search each type,
country and NUTS region would show, each counted with the other filters (the ecosystem's too)
applied, and the number of results, in one query (as the partnership directory does).
Industrial ecosystems are offered without numbers: an organisation is in one through its public
partnerships, and counting distinct organisations per ecosystem over the whole directory cost
more than the rest of the page (the filter itself is one index probe per organisation).

A region counts the organisations in it and in the regions inside it (a filter on ``ITC4`` finds
``ITC4C``), so each organisation adds one to its region and to each larger region containing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection

from members.directory import selectors
from pact import access

FACETS = ("type", "country", "region", "ecosystem")

FACETS_SQL = """
WITH base AS MATERIALIZED (
  SELECT b.id, b.type, b.country, b.nuts_region_id AS region,
         (%(type)s = '' OR b.type = %(type)s) AS t,
         (%(country)s = '' OR b.country = %(country)s) AS c,
         (%(region)s = '' OR b.nuts_region_id LIKE %(region)s || '%%') AS r,
         (%(ecosystem)s = '' OR EXISTS (
            SELECT 1 FROM partnerships_partnershipmembership m
            JOIN ({partnerships}) AS p ON p.id = m.partnership_id
            WHERE m.organisation_id = b.id AND p.ecosystem = %(ecosystem)s)) AS e
  FROM ({base}) AS b
)
SELECT 'total', '', NULL, NULL::int, count(*) FROM base WHERE t AND c AND r AND e
UNION ALL
SELECT 'type', type, NULL, NULL, count(*) FROM base WHERE c AND r AND e GROUP BY type
UNION ALL
SELECT 'country', country, NULL, NULL, count(*) FROM base WHERE t AND r AND e GROUP BY country
UNION ALL
SELECT 'region', g.code, g.name, g.level::int, sum(n)::bigint FROM (
  SELECT region, count(*) AS n FROM base WHERE region IS NOT NULL AND t AND c AND e GROUP BY region
) AS places
CROSS JOIN LATERAL generate_series(3, length(places.region)) AS prefix(len)
JOIN pact_region g ON g.code = left(places.region, prefix.len)
GROUP BY g.code, g.name, g.level
"""


@dataclass(frozen=True)
class RegionCount:
    code: str
    name: str
    level: int
    count: int


@dataclass
class Facets:
    total: int
    type: dict[str, int]
    country: dict[str, int]
    region: list[RegionCount]


def _named(sql: str, params, prefix: str) -> tuple[str, dict]:
    """A query's positional placeholders as named ones, to sit beside the filters' names."""
    names = iter(range(len(params)))
    named_sql = re.sub(
        r"%%|%s", lambda m: m[0] if m[0] == "%%" else f"%({prefix}{next(names)})s", sql
    )
    return named_sql, {f"{prefix}{i}": value for i, value in enumerate(params)}


def directory_facets(filters: dict[str, str]) -> Facets:
    """Every facet's counts and the number of results for ``filters``, in one query."""
    base = selectors.filter_organisations(
        access.public_organisations(), q=filters.get("q", "")
    ).order_by()
    base_sql, base_params = _named(
        *base.values("id", "type", "country", "nuts_region_id").query.sql_with_params(), "base"
    )
    public = access.public_partnerships().order_by().values("id", "ecosystem")
    partnerships_sql, partnership_params = _named(*public.query.sql_with_params(), "ps")
    values = {name: filters.get(name, "") for name in FACETS}
    values["country"] = values["country"].upper()
    values["region"] = values["region"].upper()
    facets = Facets(total=0, type={}, country={}, region=[])
    sql = FACETS_SQL.format(base=base_sql, partnerships=partnerships_sql)
    with connection.cursor() as cursor:
        cursor.execute(sql, {**base_params, **partnership_params, **values})
        for facet, value, name, level, n in cursor.fetchall():
            if facet == "total":
                facets.total = n
            elif facet == "region":
                facets.region.append(RegionCount(value, name, level, n))
            else:
                getattr(facets, facet)[value] = n
    facets.region.sort(key=lambda row: row.code)
    return facets
