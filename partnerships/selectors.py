"""Reads for partnerships: scoped querysets for pages, the dashboard and open data."""

from __future__ import annotations

from django.db.models import Count

from pact import access
from partnerships.models import DeclarationStatus, DeclarationVersion, Partnership


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


def dashboard_context(user) -> dict:
    partnerships = (
        Partnership.objects.filter(pk__in=access.partnership_ids(user))
        .select_related("coordinator")
        .order_by("name")
    )
    return {"my_partnerships": partnerships}


def staff_context() -> dict:
    return {
        "declarations_waiting": DeclarationVersion.objects.filter(
            status__in=[DeclarationStatus.SUBMITTED, DeclarationStatus.IN_REVIEW]
        ).count(),
    }


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
