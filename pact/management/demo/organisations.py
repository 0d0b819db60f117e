"""Demo organisations (``data/organisations.yaml``): the leading organisations and members of the
seeds' partnerships, and the people who work for them."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from pact.management.demo.refs import (
    Organisation,
    OrganisationMembership,
    OrganisationStatus,
    refresh_organisation_search,
)
from pact.management.demo.source import choice, keys, pick, read, text

FILE = "organisations.yaml"
KEYS = {"slug", "name", "acronym", "type", "country", "nuts", "website", "description", "status"}


def _defaults(row: dict, now) -> dict:
    where = f"{FILE} {row['slug']}"
    keys(row, KEYS, where)
    status = choice(Organisation, "status", row.get("status", OrganisationStatus.ACTIVE), where)
    active = status == OrganisationStatus.ACTIVE
    applied = now - timedelta(days=400 if active else 3)
    return {
        "name": row["name"],
        "acronym": row.get("acronym", ""),
        "type": choice(Organisation, "type", row["type"], where),
        "country": row["country"],
        "nuts_region_id": row.get("nuts") or None,
        "website": row.get("website", ""),
        "description": text(row["description"]),
        "contact_name": "Demo contact",
        "contact_email": f"contact@{row['slug']}.example",
        "status": status,
        "applied_at": applied,
        "decided_at": now - timedelta(days=390) if active else None,
        "charter_version": settings.CHARTER_VERSION,
        "charter_accepted_at": applied,
        "charter_principles": [1, 2, 3, 4],
    }


def seed(users: dict) -> dict[str, Organisation]:
    """Create the demo organisations and their people once; running it again changes nothing."""
    now = timezone.now()
    data = read(FILE)
    organisations: dict[str, Organisation] = {}
    for row in data["organisations"]:
        organisations[row["slug"]], _created = Organisation.objects.get_or_create(
            slug=row["slug"], defaults=_defaults(row, now)
        )
    for row in data["people"]:
        where = f"{FILE} people {row['email']}"
        organisation = pick(organisations, row["organisation"], where)
        user = pick(users, row["email"], where)
        OrganisationMembership.objects.get_or_create(
            organisation=organisation,
            user=user,
            defaults={"role": choice(OrganisationMembership, "role", row["role"], where)},
        )
        # Applications name their applicant: the admin who registered them.
        if row["role"] == "admin" and organisation.status == OrganisationStatus.APPLIED:
            Organisation.objects.filter(pk=organisation.pk, applied_by__isnull=True).update(
                applied_by=user, charter_accepted_by=user
            )
    refresh_organisation_search(o.pk for o in organisations.values())
    return organisations
