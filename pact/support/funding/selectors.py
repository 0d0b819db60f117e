"""Reads for funding calls: who may see which (members-only calls), searching, bookmarks."""

from __future__ import annotations

from dataclasses import dataclass, fields
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchRank
from django.db.models import F, QuerySet
from django.http import Http404

from pact import access
from pact.support.common import search_query
from pact.support.models import (
    CallBookmark,
    CallStatus,
    FundingCall,
)
from partnerships.models import Partnership


def get_call_or_404(user, slug: str) -> FundingCall:
    call = access.calls_visible_to(user).prefetch_related("translations").filter(slug=slug).first()
    if call is None:
        raise Http404
    return call


@dataclass(frozen=True)
class CallFilters:
    q: str = ""
    status: str = ""
    ecosystem: str = ""
    programme: str = ""
    deadline_after: str = ""
    members_only: str = ""

    @classmethod
    def from_form(cls, data: dict) -> CallFilters:
        after = data.get("deadline_after")
        return cls(
            q=data.get("q") or "",
            status=data.get("status") or "",
            ecosystem=data.get("ecosystem") or "",
            programme=data.get("programme") or "",
            deadline_after=after.isoformat() if after else "",
            members_only="1" if data.get("members_only") else "",
        )

    def query_string(self, **overrides) -> str:
        values = {f.name: getattr(self, f.name) for f in fields(self)} | overrides
        return urlencode({k: v for k, v in values.items() if v})


def call_results(user, f: CallFilters) -> QuerySet[FundingCall]:
    qs = access.calls_visible_to(user).prefetch_related("translations")
    query = search_query(f.q) if f.q else None
    if query is not None:
        qs = qs.filter(search_vector=query)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.ecosystem:
        qs = qs.filter(ecosystem=f.ecosystem)
    if f.programme:
        qs = qs.filter(programme=f.programme)
    if f.deadline_after:
        qs = qs.filter(deadline__gte=f.deadline_after)
    if f.members_only:
        qs = qs.filter(members_only=True)
    if query is not None:
        return qs.annotate(rank=SearchRank(F("search_vector"), query)).order_by("-rank", "title")
    # Open calls first, then forthcoming, then closed; the nearest deadline first within each.
    order = {CallStatus.OPEN: 0, CallStatus.FORTHCOMING: 1, CallStatus.CLOSED: 2}
    from django.db.models import Case, IntegerField, Value, When

    return qs.annotate(
        status_order=Case(
            *[When(status=s, then=Value(n)) for s, n in order.items()],
            output_field=IntegerField(),
        )
    ).order_by("status_order", F("deadline").asc(nulls_last=True), "title")


def programme_choices(user) -> list[str]:
    return list(
        access.calls_visible_to(user)
        .order_by("programme")
        .values_list("programme", flat=True)
        .distinct()
    )


def bookmarks_of_call(call: FundingCall, partnerships: list[Partnership]) -> list[CallBookmark]:
    return list(
        CallBookmark.objects.filter(call=call, partnership__in=partnerships).select_related(
            "partnership"
        )
    )


def partnership_bookmarks(partnership: Partnership, user) -> list[CallBookmark]:
    """The calls a partnership prepares, members-only ones included only for those who see them."""
    visible = access.calls_visible_to(user).values("pk")
    return list(
        CallBookmark.objects.filter(partnership=partnership, call__in=visible)
        .select_related("call", "created_by")
        .order_by(F("call__deadline").asc(nulls_last=True), "call__title")
    )
