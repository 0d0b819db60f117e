"""Reads for funding calls, the library and events: searchable lists, pages, bookmarks.

Members-only calls exist only for people of active member organisations and staff; unpublished
resources only for those who may publish them. Every function runs a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchRank
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from commitments.models import Indicator
from pact import access
from pact.access import Perm
from pact.support.matchmaking.selectors import is_member, search_query
from pact.support.models import (
    CallBookmark,
    CallStatus,
    Event,
    EventKind,
    FundingCall,
    Registration,
    Resource,
    ResourceKind,
)
from partnerships.models import Ecosystem, Partnership

# --- funding calls ---------------------------------------------------------------------------------


def calls_visible_to(user) -> QuerySet[FundingCall]:
    qs = FundingCall.objects.all()
    if access.is_staff(user) or is_member(user):
        return qs
    return qs.filter(members_only=False)


def get_call_or_404(user, slug: str) -> FundingCall:
    call = calls_visible_to(user).filter(slug=slug).first()
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
    qs = calls_visible_to(user)
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
        calls_visible_to(user).order_by("programme").values_list("programme", flat=True).distinct()
    )


def coordinated_partnerships(user) -> list[Partnership]:
    """Partnerships the user's organisations coordinate: those they bookmark calls for."""
    return list(
        Partnership.objects.filter(pk__in=access.partnership_ids(user, Perm.PS_COORDINATE))
        .exclude(status="closed")
        .order_by("name")
    )


def bookmarks_of_call(call: FundingCall, partnerships: list[Partnership]) -> list[CallBookmark]:
    return list(
        CallBookmark.objects.filter(call=call, partnership__in=partnerships).select_related(
            "partnership"
        )
    )


def partnership_bookmarks(partnership: Partnership, user) -> list[CallBookmark]:
    """The calls a partnership prepares, members-only ones included only for those who see them."""
    visible = calls_visible_to(user).values("pk")
    return list(
        CallBookmark.objects.filter(partnership=partnership, call__in=visible)
        .select_related("call", "created_by")
        .order_by(F("call__deadline").asc(nulls_last=True), "call__title")
    )


# --- library ---------------------------------------------------------------------------------------


def resources_visible_to(user) -> QuerySet[Resource]:
    """Published resources; drafts to support services and to their partnership's coordinator."""
    qs = Resource.objects.all()
    if access.can(user, Perm.STAFF_SUPPORT):
        return qs
    if not user.is_authenticated:
        return qs.filter(is_published=True)
    return qs.filter(
        Q(is_published=True)
        | Q(partnership_id__in=access.partnership_ids(user, Perm.PS_COORDINATE))
        | Q(partnership__isnull=True, created_by=user)
    )


def get_resource_or_404(user, slug: str) -> Resource:
    resource = (
        resources_visible_to(user)
        .select_related("indicator", "partnership", "created_by")
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
        resources_visible_to(user)
        .select_related("indicator", "partnership")
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
        qs = qs.filter(language=f.language)
    if f.indicator:
        qs = qs.filter(indicator__code=f.indicator)
    if query is not None:
        return qs.annotate(rank=SearchRank(F("search_vector"), query)).order_by("-rank", "title")
    return qs.order_by("-published_on", "-id")


def library_kind_counts(user, f: LibraryFilters) -> list[dict]:
    """Results per kind for the kind filter, with the other filters applied."""
    qs = library_results(user, LibraryFilters(**{**f.__dict__, "kind": ""}))
    counts = dict(qs.order_by().values_list("kind").annotate(n=Count("id", distinct=True)))
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


# --- events ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventFilters:
    q: str = ""
    kind: str = ""
    ecosystem: str = ""
    when: str = "upcoming"

    @classmethod
    def from_form(cls, data: dict) -> EventFilters:
        return cls(
            q=data.get("q") or "",
            kind=data.get("kind") or "",
            ecosystem=data.get("ecosystem") or "",
            when=data.get("when") or "upcoming",
        )

    def query_string(self, **overrides) -> str:
        values = {f.name: getattr(self, f.name) for f in fields(self)} | overrides
        return urlencode({k: v for k, v in values.items() if v})


def event_results(f: EventFilters) -> QuerySet[Event]:
    now = timezone.now()
    qs = Event.objects.select_related("partnership", "report").annotate(
        registered=Count("registrations", filter=Q(registrations__status="registered"))
    )
    query = search_query(f.q) if f.q else None
    if query is not None:
        qs = qs.filter(search_vector=query)
    if f.kind in EventKind.values:
        qs = qs.filter(kind=f.kind)
    if f.ecosystem in Ecosystem.values:
        qs = qs.filter(ecosystem=f.ecosystem)
    if f.when == "past":
        return qs.filter(ends_at__lt=now).order_by("-starts_at")
    return qs.filter(ends_at__gte=now).order_by("starts_at")


def get_event_or_404(slug: str) -> Event:
    event = Event.objects.select_related("partnership", "report", "created_by").filter(slug=slug)
    found = event.first()
    if found is None:
        raise Http404
    return found


def registration_of(event: Event, user) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(event=event, user=user, status=Registration.Status.REGISTERED)
        .select_related("organisation")
        .first()
    )


def registered_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=Registration.Status.REGISTERED).count()


def registration_list(event: Event) -> list[Registration]:
    return list(
        Registration.objects.filter(event=event)
        .select_related("user", "organisation")
        .order_by("status", "created_at")
    )


def my_registrations(user) -> list[Registration]:
    if not user.is_authenticated:
        return []
    return list(
        Registration.objects.filter(
            user=user, status=Registration.Status.REGISTERED, event__ends_at__gte=timezone.now()
        )
        .select_related("event")
        .order_by("event__starts_at")
    )


def publishable_partnerships(user) -> list[Partnership]:
    """Partnerships the user may publish library resources and events for."""
    return coordinated_partnerships(user)
