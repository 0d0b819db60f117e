"""Reads for the resource library: who may see which resource, searching, counts per kind."""

from __future__ import annotations

from dataclasses import dataclass, fields
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchRank
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from commitments.models import Indicator
from pact import access
from pact.support.common import search_query
from pact.support.models import (
    Resource,
    ResourceKind,
    ResourceTranslation,
)


def get_resource_or_404(user, slug: str) -> Resource:
    resource = (
        access.resources_visible_to(user)
        .select_related("indicator", "partnership", "created_by")
        .prefetch_related("translations")
        .filter(slug=slug)
        .first()
    )
    if resource is None:
        raise Http404
    return resource


def indicator_uses(indicator: Indicator | None) -> int:
    """How many current targets (published declarations, active pledges) use the indicator."""
    if indicator is None:
        return 0
    return indicator.targets.filter(commitment__is_current=True).count()


@dataclass(frozen=True)
class LibraryFilters:
    q: str = ""
    kind: str = ""
    ecosystem: str = ""
    language: str = ""
    indicator: str = ""

    @classmethod
    def from_form(cls, data: dict) -> LibraryFilters:
        indicator = data.get("indicator")
        return cls(
            q=data.get("q") or "",
            kind=data.get("kind") or "",
            ecosystem=data.get("ecosystem") or "",
            language=data.get("language") or "",
            indicator=indicator.code if indicator else "",
        )

    def query_string(self, **overrides) -> str:
        values = {f.name: getattr(self, f.name) for f in fields(self)} | overrides
        return urlencode({k: v for k, v in values.items() if v})

    @property
    def is_filtered(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


def library_results(user, f: LibraryFilters) -> QuerySet[Resource]:
    qs = (
        access.resources_visible_to(user)
        .select_related("indicator", "partnership")
        .prefetch_related("translations")
        .annotate(
            indicator_uses=Count(
                "indicator__targets", filter=Q(indicator__targets__commitment__is_current=True)
            )
        )
    )
    query = search_query(f.q) if f.q else None
    if query is not None:
        qs = qs.filter(search_vector=query)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.ecosystem:
        qs = qs.filter(ecosystem=f.ecosystem)
    if f.language:
        # Written in it, or translated into it.
        translated = ResourceTranslation.objects.filter(language=f.language).values("resource_id")
        qs = qs.filter(Q(language=f.language) | Q(pk__in=translated))
    if f.indicator:
        qs = qs.filter(indicator__code=f.indicator)
    if query is not None:
        return qs.annotate(rank=SearchRank(F("search_vector"), query)).order_by("-rank", "title")
    return qs.order_by("-published_on", "-id")


def library_kind_counts(user, f: LibraryFilters) -> list[dict]:
    """Results per kind for the kind filter, with the other filters applied."""
    qs = library_results(user, LibraryFilters(**{**f.__dict__, "kind": ""}))
    counts = dict(
        qs.order_by()
        .prefetch_related(None)
        .values_list("kind")
        .annotate(n=Count("id", distinct=True))
    )
    return [
        {
            "value": value,
            "label": label,
            "count": counts.get(value, 0),
            "selected": value == f.kind,
            # A chip adds its kind to the search, or takes it away again when it is the one chosen.
            "query": f.query_string(kind="" if value == f.kind else value),
        }
        for value, label in ResourceKind.choices
    ]
