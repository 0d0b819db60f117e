"""Demo content of the support services, from the Pact's own documents.

* the SACCORD LEP pilots' stakeholder maps and agreement surveys (``mapping``);
* funding calls and the partnerships' bookmarks (``data/funding.yaml``);
* the library: the peer learning activity's report, good practices, KPI examples, templates
  (``library``);
* events, among them the peer learning activity of 10 October 2024, and registrations
  (``data/events.yaml``);
* expressions of interest and a contact request (``eois``).

Safe to run again: everything is found by a natural key and created only when missing.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from pact.management.demo import eois, library, mapping
from pact.management.demo.refs import (
    CallBookmark,
    Event,
    FundingCall,
    Partnership,
    Registration,
    Resource,
    refresh_content_search,
)
from pact.management.demo.source import choice, day, pick, read, text


def seed_calls(users: dict, partnerships: dict) -> dict[str, FundingCall]:
    data, today = read("funding.yaml"), timezone.localdate()
    author = users.get("support@pact-portal.example")
    calls: dict[str, FundingCall] = {}
    for slug, row in data["calls"].items():
        where = f"funding.yaml {slug}"
        calls[slug], _created = FundingCall.objects.get_or_create(
            slug=slug,
            defaults={
                "title": row["title"],
                "programme": row["programme"],
                "institution": row["institution"],
                "ecosystem": choice(Partnership, "ecosystem", row.get("ecosystem", ""), where),
                "status": choice(FundingCall, "status", row["status"], where),
                "opens_on": day(row["opens_on"], today),
                "deadline": day(row["deadline"], today),
                "funding": row["funding"],
                "summary": text(row["summary"]),
                "eligibility": text(row["eligibility"]),
                "link": row["link"],
                "members_only": row["members_only"],
                "created_by": author,
            },
        )
    for row in data["bookmarks"]:
        where = f"funding.yaml bookmark {row['partnership']}"
        CallBookmark.objects.get_or_create(
            partnership=pick(partnerships, row["partnership"], where),
            call=pick(calls, row["call"], where),
            defaults={"note": text(row["note"]), "created_by": None},
        )
    return calls


def _at(when: dt.date, hour_minute: str) -> dt.datetime:
    hour, minute = (int(part) for part in hour_minute.split(":"))
    return timezone.make_aware(dt.datetime.combine(when, dt.time(hour, minute)))


def seed_events(users: dict, partnerships: dict, resources: dict[str, Resource]) -> None:
    data, today = read("events.yaml"), timezone.localdate()
    author = users.get("support@pact-portal.example")
    events: dict[str, Event] = {}
    for slug, row in data["events"].items():
        where = f"events.yaml {slug}"
        held_on = day(row["day"], today)
        assert held_on is not None
        events[slug], _created = Event.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": choice(Event, "kind", row["kind"], where),
                "title": row["title"],
                "summary": text(row["summary"]),
                "description": text(row.get("description")),
                "starts_at": _at(held_on, row["starts"]),
                "ends_at": _at(held_on, row["ends"]),
                "location": row["location"],
                "capacity": row.get("capacity"),
                "registration_open": row["registration_open"],
                "ecosystem": choice(Partnership, "ecosystem", row.get("ecosystem", ""), where),
                "partnership": pick(partnerships, row["partnership"], where)
                if row.get("partnership")
                else None,
                "report": pick(resources, row["report"], where) if row.get("report") else None,
                "created_by": author,
            },
        )
    for row in data["registrations"]:
        user = users.get(row["email"])
        event = pick(events, row["event"], f"events.yaml registration {row['email']}")
        if user is None or Registration.objects.filter(event=event, user=user).exists():
            continue
        membership = user.organisation_memberships.select_related("organisation").first()
        Registration.objects.create(
            event=event, user=user, organisation=membership.organisation if membership else None
        )


def seed(users: dict, organisations: dict, partnerships: dict) -> None:
    """Create the support services' demo content once; running it again changes nothing."""
    mapping.seed(users, organisations, partnerships)
    seed_calls(users, partnerships)
    resources = library.seed(users, partnerships)
    seed_events(users, partnerships, resources)
    eois.seed(users, organisations)
    refresh_content_search()
