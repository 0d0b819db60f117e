"""Demo partnerships (``data/partnerships.yaml``): the seeds' partnerships, the SACCORD LEPs under
the Creative LSP and the Tourism LSP's regional partnerships, with members and stage history."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from pact.management.demo.refs import (
    Partnership,
    PartnershipMembership,
    PartnershipRole,
    Stage,
    StageChange,
    refresh_partnership_search,
)
from pact.management.demo.source import choice, keys, pick, read, text

FILE = "partnerships.yaml"
KEYS = {
    "slug", "name", "acronym", "kind", "ecosystem", "shape", "countries", "regions", "parent",
    "status", "launched", "stage", "coordinator", "members", "summary", "looking_for",
}  # fmt: skip
# A partnership the documents give no launch date is dated from here.
UNDATED_START = dt.date(2024, 1, 1)
# Where each stage starts, counted from the launch.
STAGE_OFFSETS = {Stage.DESIGN: -240, Stage.SET_UP: 0, Stage.DELIVERY: 300}


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _stage_history(partnership: Partnership, launched: dt.date | None, notes: dict) -> None:
    """A dated history up to the current stage, written once."""
    if partnership.stage_history.exists():
        return
    start = launched or UNDATED_START
    reached = list(Stage).index(Stage(partnership.stage))
    since = None
    for stage in list(Stage)[: reached + 1]:
        since = _at(start + dt.timedelta(days=STAGE_OFFSETS[stage]), 10)
        StageChange.objects.create(
            partnership=partnership, stage=stage, changed_at=since, note=notes[stage.value]
        )
    Partnership.objects.filter(pk=partnership.pk).update(stage_since=since)


def _defaults(row: dict, partnerships: dict, organisations: dict) -> dict:
    where = f"{FILE} {row['slug']}"
    keys(row, KEYS, where)
    launched = row.get("launched")
    coordinator = row.get("coordinator")
    return {
        "name": row["name"],
        "acronym": row.get("acronym", ""),
        "kind": choice(Partnership, "kind", row["kind"], where),
        "ecosystem": choice(Partnership, "ecosystem", row.get("ecosystem", ""), where),
        "shape": choice(Partnership, "shape", row.get("shape", ""), where),
        "countries": row.get("countries", []),
        "parent": pick(partnerships, row["parent"], where) if row.get("parent") else None,
        "status": choice(Partnership, "status", row.get("status", "active"), where),
        "launched_on": launched,
        "stage": choice(Partnership, "stage", row["stage"], where),
        "summary": text(row["summary"]),
        "coordinator": pick(organisations, coordinator, where) if coordinator else None,
        "looking_for_members": bool(row.get("looking_for")),
        "looking_for": text(row.get("looking_for")),
        "created_at": _at(launched or UNDATED_START, 9) - dt.timedelta(days=250),
    }


def _memberships(partnership: Partnership, row: dict, organisations: dict) -> None:
    where = f"{FILE} {row['slug']}"
    joined = _at(row.get("launched") or UNDATED_START, 9)
    roles = [(row["coordinator"], PartnershipRole.COORDINATOR)] if row.get("coordinator") else []
    roles += [(slug, PartnershipRole.MEMBER) for slug in row.get("members", [])]
    for slug, role in roles:
        PartnershipMembership.objects.get_or_create(
            partnership=partnership,
            organisation=pick(organisations, slug, where),
            defaults={"role": role, "joined_at": joined},
        )
    partnership.member_count = partnership.memberships.count()
    partnership.save(update_fields=["member_count"])


def seed(users: dict, organisations: dict) -> dict[str, Partnership]:
    """Create the demo partnerships once; running it again changes nothing."""
    data = read(FILE)
    partnerships: dict[str, Partnership] = {}
    for row in data["partnerships"]:
        partnership, created = Partnership.objects.get_or_create(
            slug=row["slug"], defaults=_defaults(row, partnerships, organisations)
        )
        if created:
            partnership.regions.set(row.get("regions", []))
        _memberships(partnership, row, organisations)
        _stage_history(partnership, row.get("launched"), data["stage_history"])
        partnerships[row["slug"]] = partnership
    # After the whole demo is committed, so the published declarations are in the search text.
    transaction.on_commit(refresh_partnership_search)
    return partnerships
