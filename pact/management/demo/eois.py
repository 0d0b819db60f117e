"""Demo expressions of interest for new Regional Skills Partnerships, with their history, and a
contact request between members (``data/eois.yaml``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from pact.management.demo.refs import (
    ContactRequest,
    EoiEvent,
    ExpressionOfInterest,
    Partnership,
    ProposedPartner,
    Region,
)
from pact.management.demo.source import choice, pick, read, text

FILE = "eois.yaml"


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    return timezone.make_aware(moment) if moment is not None else None


def _create(row: dict, users: dict, organisations: dict) -> None:
    where = f"{FILE} {row['proposed_name']}"
    submitted_at = _aware(row.get("submitted_at")) or timezone.now()
    eoi = ExpressionOfInterest.objects.create(
        proposed_name=row["proposed_name"],
        shape=choice(Partnership, "shape", row["shape"], where),
        countries=row["countries"],
        ecosystem=choice(Partnership, "ecosystem", row["ecosystem"], where),
        lead_organisation=pick(organisations, row["lead_organisation"], where),
        proposer=pick(users, row["proposer"], where),
        status=choice(ExpressionOfInterest, "status", row["status"], where),
        challenges=text(row["challenges"]),
        intended_commitments=text(row["intended_commitments"]),
        submitted_at=submitted_at,
        decided_at=_aware(row.get("decided_at")),
        decided_by=users.get(row["decided_by"]) if row.get("decided_by") else None,
    )
    eoi.regions.set(Region.objects.filter(code__in=row["regions"]))
    for partner in row["partners"]:
        if "organisation" in partner:
            ProposedPartner.objects.create(
                eoi=eoi, organisation=pick(organisations, partner["organisation"], where)
            )
        else:
            ProposedPartner.objects.create(eoi=eoi, name=partner["name"], email=partner["email"])
    for event in row["history"]:
        EoiEvent.objects.create(
            eoi=eoi,
            kind=choice(EoiEvent, "kind", event["kind"], where),
            author=pick(users, event["by"], where),
            created_at=_aware(event.get("at")) or submitted_at,
            comment=text(event.get("comment")),
        )


def seed(users: dict, organisations: dict) -> None:
    """Create the expressions of interest and contact requests once."""
    data = read(FILE)
    for row in data["expressions"]:
        if row["proposer"] not in users:
            continue
        if not ExpressionOfInterest.objects.filter(proposed_name=row["proposed_name"]).exists():
            _create(row, users, organisations)
    for row in data["contact_requests"]:
        requested_by = users.get(row["by"])
        if requested_by is None:
            continue
        where = f"{FILE} contact request from {row['from']}"
        ContactRequest.objects.get_or_create(
            from_organisation=pick(organisations, row["from"], where),
            to_organisation=pick(organisations, row["to"], where),
            defaults={"message": text(row["message"]), "requested_by": requested_by},
        )
