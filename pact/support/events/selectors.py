"""Reads for events: the searchable list, an event's page, registrations."""

from __future__ import annotations

from dataclasses import dataclass, fields
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from pact import access
from pact.support.common import search_query
from pact.support.models import (
    Event,
    EventKind,
    Registration,
)
from partnerships.models import Ecosystem


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


def event_results(f: EventFilters, user) -> QuerySet[Event]:
    now = timezone.now()
    qs = (
        access.events_visible_to(user)
        .select_related("partnership", "report")
        .prefetch_related("translations")
        .annotate(registered=Count("registrations", filter=Q(registrations__status="registered")))
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


def get_event_or_404(user, slug: str) -> Event:
    found = (
        access.events_visible_to(user)
        .select_related("partnership", "report", "created_by")
        .prefetch_related("translations")
        .filter(slug=slug)
        .first()
    )
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
