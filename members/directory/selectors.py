"""Reads for the public member directory: searching and filtering active organisations, a public
profile, the open-data listing."""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef, QuerySet

from members.models import (
    Organisation,
)
from pact import access
from partnerships.models import PartnershipMembership


def public_directory():
    return access.public_organisations().select_related("nuts_region").order_by("name")


# --- search ----------------------------------------------------------------------------------------


def search_query(text: str) -> SearchQuery | None:
    """Prefix search on every word ("lomb reg" finds "Regione Lombardia"), against the stored vector."""
    words = re.findall(r"\w+", text or "")[:10]
    if not words:
        return None
    return SearchQuery(
        " & ".join(f"{w.lower()}:*" for w in words), config="simple", search_type="raw"
    )


def filter_organisations(
    qs: QuerySet,
    *,
    q: str = "",
    type: str = "",
    country: str = "",
    region: str = "",
    ecosystem: str = "",
) -> QuerySet:
    """Apply the directory's filters; a region matches itself and the regions inside it."""
    if type:
        qs = qs.filter(type=type)
    if country:
        qs = qs.filter(country=country.upper())
    if region:
        qs = qs.filter(nuts_region__code__startswith=region.upper())
    if ecosystem:
        in_ecosystem = PartnershipMembership.objects.filter(
            organisation=OuterRef("pk"),
            partnership__in=access.public_partnerships(),
            partnership__ecosystem=ecosystem,
        )
        qs = qs.filter(Exists(in_ecosystem))
    query = search_query(q)
    if query is not None:
        qs = qs.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
        return qs.order_by("-rank", "name")
    return qs


def directory(filters: dict[str, str]) -> QuerySet:
    return filter_organisations(public_directory(), **filters)


# --- public profile ------------------------------------------------------------------------------


def public_partnerships_of(organisation: Organisation):
    return (
        PartnershipMembership.objects.filter(
            organisation=organisation, partnership__in=access.public_partnerships()
        )
        .select_related("partnership")
        .order_by("partnership__name")
    )


def visible_organisation(user, slug: str) -> Organisation | None:
    return (
        access.organisation_profiles_visible_to(user)
        .select_related("nuts_region", "umbrella")
        .filter(slug=slug)
        .first()
    )


# --- open data ---------------------------------------------------------------------------------------


def open_data_members():
    columns = ["name", "acronym", "type", "country", "nuts_region", "website", "member_since"]
    rows = (
        {
            "name": o.name,
            "acronym": o.acronym,
            "type": o.type,
            "country": o.country.code,
            "nuts_region": o.nuts_region_id or "",
            "website": o.website,
            "member_since": o.decided_at.date().isoformat() if o.decided_at else "",
        }
        for o in public_directory().iterator(chunk_size=2000)
    )
    return columns, rows
