"""Reads for matchmaking: the partner search, partnerships looking for members, contact requests.

Who sees what is decided from ``pact.access`` answers; each function runs a fixed number of queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from commitments.models import Commitment
from members.models import Organisation, OrganisationType
from pact import access
from pact.access import Perm
from pact.kernel.map import COUNTRIES
from pact.support.common import SEARCH_CONFIG, search_query
from pact.support.models import (
    ContactRequest,
)
from partnerships.models import (
    Ecosystem,
    Partnership,
    PartnershipMembership,
)

REGION_CODE = re.compile(r"^[A-Z]{2}[A-Z0-9]{0,3}$")


@dataclass(frozen=True)
class PartnerFilters:
    q: str = ""
    country: str = ""
    region: str = ""
    ecosystem: str = ""
    type: str = ""

    @classmethod
    def from_query(cls, params) -> PartnerFilters:
        def pick(name: str, allowed) -> str:
            value = (params.get(name) or "").strip()
            return value if value in allowed else ""

        region = (params.get("region") or "").strip().upper()
        return cls(
            q=(params.get("q") or "").strip()[:200],
            country=pick("country", COUNTRIES),
            region=region if REGION_CODE.match(region) else "",
            ecosystem=pick("ecosystem", Ecosystem.values),
            type=pick("type", OrganisationType.values),
        )

    @property
    def is_filtered(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def query_string(self, **overrides) -> str:
        values = {f.name: getattr(self, f.name) for f in fields(self)} | overrides
        return urlencode({k: v for k, v in values.items() if v})


def _organisation_commitments(query: SearchQuery | None) -> QuerySet[Commitment]:
    """Current commitments: pledges, and partnership commitments an organisation is responsible
    for or shares as a member of the partnership."""
    qs = Commitment.objects.filter(is_current=True)
    if query is not None:
        qs = qs.annotate(text=SearchVector("title", "description", config=SEARCH_CONFIG)).filter(
            text=query
        )
    return qs


def _commitments_of(organisation_ref, qs: QuerySet[Commitment]) -> QuerySet[Commitment]:
    member_of = PartnershipMembership.objects.filter(organisation=organisation_ref).values(
        "partnership_id"
    )
    return qs.filter(
        Q(organisation=organisation_ref)
        | Q(responsible_organisations=organisation_ref)
        | Q(partnership_id__in=member_of)
    )


def partner_search(user, f: PartnerFilters, limit: int = 50) -> list[Organisation]:
    """Active member organisations (not the user's own) matching every filter; ``q`` searches the
    titles and descriptions of their current commitments and pledges. Each result carries
    ``matching`` (up to three matching commitments) and ``partnership_names``."""
    query = search_query(f.q) if f.q else None
    qs = access.public_organisations().exclude(pk__in=access.organisation_ids(user))
    if f.country:
        qs = qs.filter(country=f.country)
    if f.region:
        qs = qs.filter(nuts_region__code__startswith=f.region)
    if f.type:
        qs = qs.filter(type=f.type)
    if f.ecosystem:
        in_ecosystem = PartnershipMembership.objects.filter(
            organisation=OuterRef("pk"), partnership__ecosystem=f.ecosystem
        )
        qs = qs.filter(Exists(in_ecosystem))
    commitments = _organisation_commitments(query)
    if query is not None:
        qs = qs.filter(Exists(_commitments_of(OuterRef("pk"), commitments)))
    results = list(qs.select_related("nuts_region").order_by("name")[:limit])
    ids = [o.pk for o in results]
    matching: dict[int, list[Commitment]] = {pk: [] for pk in ids}
    shown = commitments.filter(
        Q(organisation_id__in=ids)
        | Q(responsible_organisations__in=ids)
        | Q(partnership__memberships__organisation_id__in=ids)
    ).distinct()
    memberships = list(
        PartnershipMembership.objects.filter(
            organisation_id__in=ids,
            partnership__in=Partnership.objects.public(),
        )
        .select_related("partnership")
        .order_by("partnership__name")
    )
    partnerships: dict[int, list[Partnership]] = {pk: [] for pk in ids}
    for m in memberships:
        partnerships[m.organisation_id].append(m.partnership)
    if query is not None:
        member_map: dict[int, set[int]] = {}
        for m in memberships:
            member_map.setdefault(m.partnership_id, set()).add(m.organisation_id)
        rows = shown.prefetch_related("responsible_organisations").order_by("title")[:500]
        for commitment in rows:
            owners = set()
            if commitment.organisation_id:
                owners.add(commitment.organisation_id)
            owners |= {o.pk for o in commitment.responsible_organisations.all()}
            if commitment.partnership_id:
                owners |= member_map.get(commitment.partnership_id, set())
            for owner in owners & set(ids):
                if len(matching[owner]) < 3:
                    matching[owner].append(commitment)
    for organisation in results:
        organisation.matching = matching[organisation.pk]  # type: ignore[attr-defined]
        organisation.partnership_list = partnerships[organisation.pk]  # type: ignore[attr-defined]
    return results


def partnerships_looking_for_members(f: PartnerFilters | None = None) -> list[Partnership]:
    qs = access.public_partnerships().filter(looking_for_members=True)
    if f is not None:
        if f.country:
            qs = qs.filter(countries__contains=[f.country])
        if f.ecosystem:
            qs = qs.filter(ecosystem=f.ecosystem)
        if f.region:
            covered = Partnership.regions.through.objects.filter(
                region__code__startswith=f.region
            ).values("partnership_id")
            qs = qs.filter(pk__in=covered)
    return list(qs.select_related("coordinator").order_by("name"))


def contact_requests_for(user) -> dict:
    """Requests received by the organisations the user administers, and those sent by the
    organisations the user belongs to."""
    admin_ids = access.organisation_ids(user, Perm.ORG_CHANGE)
    own_ids = access.organisation_ids(user)
    related = ("from_organisation", "to_organisation", "requested_by", "answered_by")
    return {
        "received": list(
            ContactRequest.objects.filter(to_organisation_id__in=admin_ids)
            .select_related(*related)
            .order_by("-created_at")[:100]
        ),
        "sent": list(
            ContactRequest.objects.filter(from_organisation_id__in=own_ids)
            .select_related(*related)
            .order_by("-created_at")[:100]
        ),
    }


def get_received_request_or_404(user, pk: int) -> ContactRequest:
    request = (
        ContactRequest.objects.select_related(
            "from_organisation", "to_organisation", "requested_by"
        )
        .filter(pk=pk, to_organisation_id__in=access.organisation_ids(user, Perm.ORG_CHANGE))
        .first()
    )
    if request is None:
        raise Http404
    return request


def get_sent_request_or_404(user, pk: int) -> ContactRequest:
    request = (
        ContactRequest.objects.select_related("from_organisation", "to_organisation")
        .filter(pk=pk, from_organisation_id__in=access.organisation_ids(user))
        .first()
    )
    if request is None:
        raise Http404
    return request


def open_request_count(user) -> int:
    admin_ids = access.organisation_ids(user, Perm.ORG_CHANGE)
    if not admin_ids:
        return 0
    return ContactRequest.objects.filter(
        to_organisation_id__in=admin_ids, status=ContactRequest.Status.OPEN
    ).count()
