"""Reads for the public side of partnerships: the directory with its facets, a
partnership's page, the home page figures and open data.

Every function here runs a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from commitments.results.selectors import partnership_progress
from members.models import Organisation
from pact import access
from pact.access import Perm
from pact.communications.models import NewsItem
from pact.kernel.map import COUNTRIES, country_name
from pact.models import Region
from partnerships.common import SEARCH_CONFIG
from partnerships.declarations.selectors import public_context
from partnerships.models import (
    CoordinatorVacancy,
    Ecosystem,
    Partnership,
    PartnershipKind,
    PartnershipMembership,
    PartnershipStatus,
)
from partnerships.models.partnership import PUBLIC_STATUSES
from partnerships.workspace.selectors import joinable_organisations

PAGE_SIZE = 20
REGION_CODE = re.compile(r"^[A-Z]{2}[A-Z0-9]{0,3}$")

SORTS: dict[str, object] = {
    "relevance": _("Relevance"),
    "name": _("Name (A to Z)"),
    "launched": _("Launch date (most recent first)"),
    "newest": _("Newest on the portal"),
}


def public_directory():
    return access.public_partnerships().select_related("coordinator").order_by("name")


def home_figures() -> dict:
    counts = dict(access.public_partnerships().values_list("kind").annotate(n=Count("id")))
    return {"by_kind": counts, "total": sum(counts.values())}


def recently_launched(limit: int = 6):
    return (
        access.public_partnerships()
        .filter(launched_on__isnull=False)
        .select_related("coordinator")
        .order_by("-launched_on")[:limit]
    )


# --- the directory -------------------------------------------------------------------------------


def search_query(text: str) -> SearchQuery | None:
    """Every word must match, as a prefix, so "lomb cre" finds "Lombardy ... creative"."""
    words = re.findall(r"\w+", text)[:12]
    if not words:
        return None
    return SearchQuery(
        " & ".join(f"{word}:*" for word in words), search_type="raw", config=SEARCH_CONFIG
    )


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    kind: str = ""
    ecosystem: str = ""
    country: str = ""
    region: str = ""
    status: str = ""
    sort: str = ""

    @classmethod
    def from_query(cls, params) -> DirectoryFilters:
        """Read the filters from a query string; values that are not valid choices are dropped."""

        def pick(name: str, allowed) -> str:
            value = (params.get(name) or "").strip()
            return value if value in allowed else ""

        region = (params.get("region") or "").strip().upper()
        return cls(
            q=(params.get("q") or "").strip()[:200],
            kind=pick("kind", PartnershipKind.values),
            ecosystem=pick("ecosystem", Ecosystem.values),
            country=pick("country", COUNTRIES),
            region=region if REGION_CODE.match(region) else "",
            status=pick("status", PUBLIC_STATUSES),
            sort=pick("sort", SORTS),
        )

    @property
    def effective_sort(self) -> str:
        if self.sort and (self.sort != "relevance" or self.q):
            return self.sort
        return "relevance" if self.q else "name"

    def as_params(self, **overrides) -> dict[str, str]:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(overrides)
        # The default order for the query is implied: keep the address short.
        default_sort = "relevance" if values.get("q") else "name"
        if values.get("sort") == default_sort:
            values["sort"] = ""
        return {key: value for key, value in values.items() if value}

    def query_string(self, **overrides) -> str:
        return urlencode(self.as_params(**overrides))

    def without(self, name: str) -> DirectoryFilters:
        return replace(self, **{name: ""})

    @property
    def is_filtered(self) -> bool:
        return any(
            getattr(self, name)
            for name in ("q", "kind", "ecosystem", "country", "region", "status")
        )


def _filtered(f: DirectoryFilters, *skip: str) -> QuerySet:
    """Public partnerships matching every filter except those in ``skip`` (for their facets)."""
    qs = access.public_partnerships()
    query = search_query(f.q) if f.q else None
    if query is not None:
        qs = qs.filter(search_vector=query)
    if f.kind and "kind" not in skip:
        qs = qs.filter(kind=f.kind)
    if f.ecosystem and "ecosystem" not in skip:
        qs = qs.filter(ecosystem=f.ecosystem)
    if f.country and "country" not in skip:
        qs = qs.filter(countries__contains=[f.country])
    if f.region and "region" not in skip:
        covered = Partnership.regions.through.objects.filter(
            region__code__startswith=f.region
        ).values("partnership_id")
        qs = qs.filter(pk__in=covered)
    if f.status and "status" not in skip:
        qs = qs.filter(status=f.status)
    return qs


def directory_results(f: DirectoryFilters) -> QuerySet:
    qs = _filtered(f).select_related("coordinator", "parent").prefetch_related("regions")
    query = search_query(f.q) if f.q else None
    sort = f.effective_sort
    if sort == "relevance" and query is not None:
        return qs.annotate(rank=SearchRank(F("search_vector"), query)).order_by("-rank", "name")
    if sort == "launched":
        return qs.order_by(F("launched_on").desc(nulls_last=True), "name")
    if sort == "newest":
        return qs.order_by("-created_at", "name")
    return qs.order_by("name")


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


FACET_FILTERS = ("kind", "ecosystem", "status", "country", "region")

# Every facet's counts in one pass over the public partnerships matching the search: each row
# says which of the other filters it passes, and each facet counts the rows passing all filters
# but its own (the map page's regions: all but country and region).
FACETS_SQL = """
WITH base AS MATERIALIZED (
  SELECT b.id, b.kind, b.ecosystem, b.status, b.countries,
         (%(kind)s = '' OR b.kind = %(kind)s) AS k,
         (%(ecosystem)s = '' OR b.ecosystem = %(ecosystem)s) AS e,
         (%(status)s = '' OR b.status = %(status)s) AS s,
         (%(country)s = '' OR b.countries @> ARRAY[%(country)s]::varchar(2)[]) AS c,
         (%(region)s = '' OR EXISTS (
            SELECT 1 FROM partnerships_partnership_regions pr
            WHERE pr.partnership_id = b.id AND pr.region_id LIKE %(region)s || '%%')) AS r
  FROM ({base}) AS b
), regions AS (
  SELECT base.*, g.code, g.name, g.country FROM base
  JOIN partnerships_partnership_regions pr ON pr.partnership_id = base.id
  JOIN pact_region g ON g.code = pr.region_id
)
SELECT 'kind', kind, NULL, NULL, count(*) FROM base WHERE e AND s AND c AND r GROUP BY kind
UNION ALL
SELECT 'ecosystem', ecosystem, NULL, NULL, count(*) FROM base WHERE k AND s AND c AND r
GROUP BY ecosystem
UNION ALL
SELECT 'status', status, NULL, NULL, count(*) FROM base WHERE k AND e AND c AND r GROUP BY status
UNION ALL
SELECT 'country', coalesce(cc.code, ''), NULL, NULL, count(*) FROM base
LEFT JOIN LATERAL unnest(base.countries) AS cc(code) ON true WHERE k AND e AND s AND r GROUP BY 2
UNION ALL
SELECT 'region', code, name, country, count(*) FROM regions WHERE k AND e AND s AND c
GROUP BY code, name, country
UNION ALL
SELECT 'map_region', code, name, country, count(*) FROM regions WHERE k AND e AND s
GROUP BY code, name, country
"""


def _facet_counts(f: DirectoryFilters) -> dict[str, dict]:
    """Counts of every facet value, each with the other filters applied, in one query."""
    base = _filtered(f, *FACET_FILTERS).order_by()
    sql, params = base.values(
        "id", "kind", "ecosystem", "status", "countries"
    ).query.sql_with_params()
    # The base query's own placeholders are positional: give them names beside the filters'.
    names = iter(range(len(params)))
    base_sql = re.sub(r"%%|%s", lambda m: m[0] if m[0] == "%%" else f"%(base{next(names)})s", sql)
    named = {f"base{i}": value for i, value in enumerate(params)}
    values = {name: getattr(f, name) for name in FACET_FILTERS}
    found: dict[str, dict] = {name: {} for name in (*FACET_FILTERS, "map_region")}
    with connection.cursor() as cursor:
        cursor.execute(FACETS_SQL.format(base=base_sql), {**named, **values})
        for facet, value, name, country, n in cursor.fetchall():
            if facet in ("region", "map_region"):
                found[facet][value] = {"code": value, "name": name, "country": country, "n": n}
            else:
                found[facet][value] = n
    return found


def _region_list(rows: dict) -> list[dict]:
    return sorted(rows.values(), key=lambda row: (row["country"], row["code"]))


def directory_facets(f: DirectoryFilters) -> dict:
    """Counts for every filter value, each computed with the other filters applied (one query)."""
    counts = _facet_counts(f)
    kinds, ecosystems, statuses = counts["kind"], counts["ecosystem"], counts["status"]
    country_counts = counts["country"]
    region_rows = _region_list(counts["region"])

    def options(choices, counts: dict, selected: str, keep_empty: bool = True) -> list[FacetOption]:
        return [
            FacetOption(value, str(label), counts.get(value, 0), value == selected)
            for value, label in choices
            if keep_empty or counts.get(value) or value == selected
        ]

    countries = sorted(
        ((code, country_name(code)) for code in COUNTRIES),
        key=lambda row: row[1],
    )
    regions = [(row["code"], f"{row['name']} ({row['code']})") for row in region_rows]
    region_counts = {row["code"]: row["n"] for row in region_rows}
    if f.region and f.region not in region_counts:
        known = Region.objects.filter(code=f.region).values_list("name", flat=True).first()
        regions.insert(0, (f.region, f"{known} ({f.region})" if known else f.region))
    status_choices = [(s.value, s.label) for s in PartnershipStatus if s.value in PUBLIC_STATUSES]
    return {
        "kind": options(PartnershipKind.choices, kinds, f.kind),
        "ecosystem": options(Ecosystem.choices, ecosystems, f.ecosystem),
        "status": options(status_choices, statuses, f.status),
        "country": options(countries, country_counts, f.country, keep_empty=False),
        "region": options(regions, region_counts, f.region, keep_empty=False),
        "country_counts": country_counts,
        "region_rows": region_rows,
    }


def directory_page(f: DirectoryFilters, page_number, base_url: str) -> dict:
    page = Paginator(directory_results(f), PAGE_SIZE).get_page(page_number)
    facets = directory_facets(f)
    active = []
    labels: dict[str, dict] = {
        "kind": dict(PartnershipKind.choices),
        "ecosystem": dict(Ecosystem.choices),
        "status": dict(PartnershipStatus.choices),
        "country": {code: country_name(code) for code in COUNTRIES},
        "region": {o.value: o.label for o in facets["region"]},
    }
    for name in ("q", "kind", "ecosystem", "country", "region", "status"):
        value = getattr(f, name)
        if value:
            label = f"“{value}”" if name == "q" else str(labels[name].get(value, value))
            active.append(
                {
                    "name": name,
                    "label": label,
                    "href": f"{base_url}?{f.without(name).query_string()}",
                }
            )
    return {
        "filters": f,
        "page": page,
        "facets": facets,
        "active_filters": active,
        "sorts": [(key, str(label)) for key, label in SORTS.items()],
        "query": f.query_string(),
    }


# The regions a partnership covers as ``[[code, name], ...]``, inside the query that loads it.
REGION_PAIRS = RawSQL(
    "SELECT coalesce(json_agg(json_build_array(r.code, r.name) ORDER BY r.code), '[]') "
    "FROM pact_region r JOIN partnerships_partnership_regions pr ON pr.region_id = r.code "
    "WHERE pr.partnership_id = partnerships_partnership.id",
    [],
)


# What the partnership page would otherwise ask in queries of their own, read with the partnership:
# whether it has news and an open coordinator vacancy (most have neither).
PAGE_FLAGS = {
    # Any news item naming it, published or not: none, and the page asks for no news.
    "has_news": Exists(
        NewsItem.related_partnerships.through.objects.filter(partnership=OuterRef("pk"))
    ),
    "has_open_vacancy": Exists(
        CoordinatorVacancy.objects.filter(partnership=OuterRef("pk"), closed_at__isnull=True)
    ),
}


def _regions_of(partnership: Partnership) -> list[Region]:
    pairs = getattr(partnership, "region_pairs", None)
    if pairs is None:
        return list(partnership.regions.order_by("code"))
    return [Region(code=code, name=name) for code, name in pairs]


def detail_context(partnership: Partnership, user) -> dict:
    members = list(
        PartnershipMembership.objects.filter(
            partnership=partnership, organisation__in=Organisation.objects.public()
        )
        .select_related("organisation")
        .order_by("role", "organisation__name")
    )
    children = list(
        access.partnerships_visible_to(user, partnership.children.all())
        .select_related("coordinator")
        .order_by("kind", "name")
    )
    parent = partnership.parent
    if parent is not None and not (parent.is_public or access.can(user, Perm.PS_VIEW, parent)):
        parent = None
    declaration = public_context(partnership)
    progress = partnership_progress(partnership)
    current = []
    for commitment in declaration.get("commitments", []):
        for target in commitment.targets.all():
            target.progress = progress.get(target.pk)
            current.append(target)
    version = declaration.get("declaration")
    if version is not None and all(c.is_current for c in declaration["commitments"]):
        # The approved version's commitments are the current ones (publication marks them):
        # the progress section reads their targets from here instead of asking again.
        partnership._current_targets = current  # type: ignore[attr-defined]
    joinable, pending = joinable_organisations(user, partnership)
    return {
        "partnership": partnership,
        "members": members,
        "children": children,
        "parent": parent,
        "regions": _regions_of(partnership),
        "can_view_workspace": access.can(user, Perm.PS_VIEW, partnership),
        "joinable_organisations": joinable,
        "pending_join_organisations": pending,
        "progress": progress,
        # Waiting for staff to appoint the next coordinator: the page says so (issue 21).
        "may_appoint": access.lifecycle.may_appoint_coordinator(user),
        "coordinator_vacancy": CoordinatorVacancy.objects.filter(
            partnership=partnership, closed_at__isnull=True
        ).first()
        if getattr(partnership, "has_open_vacancy", True)
        else None,
        **declaration,
    }


def regions_of_countries(codes: list[str]) -> list[Region]:
    return list(Region.objects.filter(country__in=codes).order_by("country", "code"))


def open_data_partnerships():
    columns = [
        "name",
        "acronym",
        "kind",
        "ecosystem",
        "shape",
        "countries",
        "status",
        "launched_on",
        "coordinator",
        "url",
    ]
    rows = (
        {
            "name": p.name,
            "acronym": p.acronym,
            "kind": p.kind,
            "ecosystem": p.ecosystem,
            "shape": p.shape,
            "countries": " ".join(p.countries),
            "status": p.status,
            "launched_on": p.launched_on.isoformat() if p.launched_on else "",
            "coordinator": p.coordinator.name if p.coordinator else "",
            "url": f"/partnerships/{p.slug}/",
        }
        for p in public_directory().iterator(chunk_size=2000)
    )
    return columns, rows
