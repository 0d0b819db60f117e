"""Reads for members: scoped querysets for pages, the dashboard and open data."""

from __future__ import annotations

from members.models import Organisation, OrganisationMembership, OrganisationStatus
from pact import access


def public_directory():
    return access.public_organisations().select_related("nuts_region").order_by("name")


def dashboard_context(user) -> dict:
    memberships = (
        OrganisationMembership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return {"organisation_memberships": memberships}


def staff_context() -> dict:
    return {
        "applications_waiting": Organisation.objects.filter(
            status=OrganisationStatus.APPLIED
        ).count(),
    }


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
