"""Reads for commitment search: the filters shared by the API and the search page, and facets.

Filters on the commitment (text, ecosystem, country, NUTS region, partnership kind) and on its
targets (indicator, target year, status) are applied as ``pk IN (subquery)`` so that a commitment
with several matching targets appears once and counts stay right.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Q, QuerySet

from commitments.models import Commitment, Target
from commitments.search.status import target_statuses, targets_with_status
from partnerships.models import Partnership

COMMITMENT_FILTERS = ("q", "ecosystem", "country", "region", "partnership_kind")
TARGET_FILTERS = ("indicator", "target_year", "status")


def commitment_condition(name: str, value: Any) -> Q:
    """The condition on ``Commitment`` for one commitment-level filter."""
    pledge = Q(partnership__isnull=True)
    if name == "q":
        condition = Q()
        for word in str(value).split()[:8]:
            condition &= (
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(partnership__name__icontains=word)
                | Q(partnership__acronym__icontains=word)
                | Q(organisation__name__icontains=word)
            )
        return condition
    if name == "ecosystem":
        return Q(partnership__ecosystem=value) | (
            pledge & Q(organisation__ecosystems__contains=[value])
        )
    if name == "country":
        code = str(value).upper()
        return Q(partnership__countries__contains=[code]) | (pledge & Q(organisation__country=code))
    if name == "region":
        code = str(value).upper()
        covering = Partnership.regions.through.objects.filter(region__code__startswith=code)
        return Q(partnership_id__in=covering.values("partnership_id")) | (
            pledge & Q(organisation__nuts_region__code__startswith=code)
        )
    if name == "partnership_kind":
        return Q(partnership__kind=value)
    raise ValueError(name)


def target_condition(targets: QuerySet[Target], name: str, value: Any) -> QuerySet[Target]:
    """``targets`` narrowed by one target-level filter."""
    if name == "indicator":
        return targets.filter(indicator__code=value)
    if name == "target_year":
        return targets.filter(target_date__year=value)
    if name == "status":
        return targets_with_status(targets, value)
    raise ValueError(name)


def filter_commitments(
    commitments: QuerySet[Commitment], name: str, value: Any
) -> QuerySet[Commitment]:
    if name in COMMITMENT_FILTERS:
        return commitments.filter(
            pk__in=Commitment.objects.filter(commitment_condition(name, value)).values("pk")
        )
    matching = target_condition(
        Target.objects.filter(commitment__in=commitments.values("pk")), name, value
    )
    return commitments.filter(pk__in=matching.values("commitment_id"))


def filter_targets(targets: QuerySet[Target], name: str, value: Any) -> QuerySet[Target]:
    if name in COMMITMENT_FILTERS:
        matching = Commitment.objects.filter(commitment_condition(name, value))
        return targets.filter(commitment_id__in=matching.values("pk"))
    return target_condition(targets, name, value)


def facets(commitments: QuerySet[Commitment]) -> dict[str, Counter]:
    """Counts of the filtered commitments per ecosystem, partnership kind, country, target year,
    indicator and status (a commitment counts once per value; four queries)."""
    counts: dict[str, Counter] = {
        "ecosystem": Counter(),
        "partnership_kind": Counter(),
        "country": Counter(),
        "indicator": Counter(),
        "target_year": Counter(),
        "status": Counter(),
    }
    rows = commitments.values_list(
        "pk",
        "partnership__kind",
        "partnership__ecosystem",
        "partnership__countries",
        "organisation__ecosystems",
        "organisation__country",
    )
    for _pk, kind, ecosystem, countries, org_ecosystems, org_country in rows:
        if kind:
            counts["partnership_kind"][kind] += 1
            if ecosystem:
                counts["ecosystem"][ecosystem] += 1
            for code in set(countries or ()):
                counts["country"][code] += 1
        else:
            for code in set(org_ecosystems or ()):
                counts["ecosystem"][code] += 1
            if org_country:
                counts["country"][str(org_country)] += 1
    targets = Target.objects.filter(commitment__in=commitments.values("pk"))
    seen: dict[str, set] = {"indicator": set(), "target_year": set(), "status": set()}
    statuses = target_statuses(targets)
    for pk, commitment_id, code, target_date in targets.values_list(
        "pk", "commitment_id", "indicator__code", "target_date"
    ):
        for facet, value in (
            ("indicator", code),
            ("target_year", target_date.year),
            ("status", statuses.get(pk)),
        ):
            if value is not None and (commitment_id, value) not in seen[facet]:
                seen[facet].add((commitment_id, value))
                counts[facet][value] += 1
    return counts
