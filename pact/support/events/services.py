"""Writes for what support services publish: funding calls (and partnerships' bookmarks of them),
library resources and events with their registrations.

Staff of support services publish everything; a partnership's coordinator may publish library
resources and events in the partnership's name. Edits carry ``lock_version``; every change is
audited; search vectors are refreshed in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pact import access
from pact.access import Perm
from pact.kernel.audit import log_action
from pact.kernel.outbox.queue import queue_email
from pact.kernel.uploads import CheckedFile
from pact.support.eoi.services import SupportError, concurrent_edit_error, site_url
from pact.support.models import (
    CallBookmark,
    Event,
    FundingCall,
    Registration,
    Resource,
)
from partnerships.models import Partnership

SEARCH_CONFIG = "english"

CALL_FIELDS = (
    "title",
    "programme",
    "institution",
    "ecosystem",
    "status",
    "opens_on",
    "deadline",
    "funding",
    "summary",
    "eligibility",
    "link",
    "members_only",
)
RESOURCE_FIELDS = (
    "kind",
    "title",
    "summary",
    "body",
    "indicator",
    "link",
    "ecosystem",
    "language",
    "is_published",
    "published_on",
)
EVENT_FIELDS = (
    "kind",
    "title",
    "summary",
    "description",
    "starts_at",
    "ends_at",
    "location",
    "online_link",
    "capacity",
    "registration_open",
    "ecosystem",
    "report",
)


# Path segments that sit beside the slugs in the URLs.
RESERVED_SLUGS = frozenset({"new"})


def _unique_slug(model, text: str) -> str:
    base = slugify(text)[:100] or "item"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _vector(*weighted: tuple[str, str]):
    vector: Any = None
    for field, weight in weighted:
        part = SearchVector(field, weight=weight, config=SEARCH_CONFIG)
        vector = part if vector is None else vector + part
    assert vector is not None
    return vector


def refresh_search_vectors() -> None:
    """Recompute every stored vector (after a bulk load such as the demo)."""
    FundingCall.objects.update(search_vector=CALL_VECTOR)
    Resource.objects.update(search_vector=RESOURCE_VECTOR)
    Event.objects.update(search_vector=EVENT_VECTOR)


CALL_VECTOR = _vector(
    ("title", "A"), ("programme", "A"), ("institution", "B"), ("summary", "C"), ("eligibility", "D")
)
RESOURCE_VECTOR = _vector(("title", "A"), ("summary", "B"), ("body", "C"))
EVENT_VECTOR = _vector(("title", "A"), ("summary", "B"), ("location", "B"), ("description", "C"))


def _check_dates(opens_on, deadline) -> None:
    if opens_on and deadline and deadline < opens_on:
        raise SupportError(_("The deadline comes after the opening date."), field="deadline")


# --- funding calls ---------------------------------------------------------------------------------


def _require_support(actor) -> None:
    if not access.can(actor, Perm.STAFF_SUPPORT):
        raise SupportError(_("Only support services publish funding calls."))


@transaction.atomic
def create_call(*, actor, data: dict) -> FundingCall:
    _require_support(actor)
    _check_dates(data.get("opens_on"), data.get("deadline"))
    fields = {key: data[key] for key in CALL_FIELDS if key in data}
    call = FundingCall.objects.create(
        slug=_unique_slug(FundingCall, data["title"]), created_by=actor, **fields
    )
    FundingCall.objects.filter(pk=call.pk).update(search_vector=CALL_VECTOR)
    log_action(
        "pact.funding_call.published",
        call,
        actor,
        {"title": call.title, "members_only": call.members_only, "status": call.status},
    )
    return call


@transaction.atomic
def update_call(call: FundingCall, *, actor, data: dict, lock_version: int) -> FundingCall:
    _require_support(actor)
    _check_dates(data.get("opens_on"), data.get("deadline"))
    fields = {key: data[key] for key in CALL_FIELDS if key in data}
    previous = FundingCall.objects.filter(pk=call.pk).values_list("status", flat=True)[0]
    changed = FundingCall.objects.filter(pk=call.pk, lock_version=lock_version).update(
        lock_version=F("lock_version") + 1, updated_at=timezone.now(), **fields
    )
    if not changed:
        raise concurrent_edit_error(_("funding call"))
    FundingCall.objects.filter(pk=call.pk).update(search_vector=CALL_VECTOR)
    call.refresh_from_db()
    log_action(
        "pact.funding_call.updated",
        call,
        actor,
        {"fields": sorted(fields), "from": previous, "to": call.status},
    )
    return call


@transaction.atomic
def bookmark_call(
    call: FundingCall, partnership: Partnership, *, actor, note: str = ""
) -> CallBookmark:
    """The coordinator marks a call the partnership is preparing; its members see it."""
    if not access.can(actor, Perm.PS_COORDINATE, partnership):
        raise SupportError(
            _("Only the partnership's coordinator keeps its list of calls."), field="partnership"
        )
    try:
        with transaction.atomic():
            bookmark = CallBookmark.objects.create(
                partnership=partnership, call=call, note=note.strip(), created_by=actor
            )
    except IntegrityError:
        raise SupportError(
            _("%(partnership)s already follows this call.") % {"partnership": partnership},
            field="partnership",
        ) from None
    log_action(
        "pact.funding_call.bookmarked",
        partnership,
        actor,
        {"call": call.slug, "note": bookmark.note},
    )
    return bookmark


@transaction.atomic
def remove_bookmark(bookmark: CallBookmark, *, actor) -> None:
    if not access.can(actor, Perm.PS_COORDINATE, bookmark.partnership):
        raise SupportError(_("Only the partnership's coordinator keeps its list of calls."))
    log_action(
        "pact.funding_call.bookmark_removed",
        bookmark.partnership,
        actor,
        {"call": bookmark.call.slug},
    )
    bookmark.delete()


# --- library and events: who publishes ------------------------------------------------------------


def can_publish(actor, partnership: Partnership | None) -> bool:
    """Support services publish for the Pact; a coordinator publishes for their partnership."""
    if partnership is None:
        return access.can(actor, Perm.STAFF_SUPPORT)
    return access.can(actor, Perm.PS_COORDINATE, partnership) or access.can(
        actor, Perm.STAFF_SUPPORT
    )


def _require_publisher(actor, partnership: Partnership | None) -> None:
    if not can_publish(actor, partnership):
        raise SupportError(
            _("You can publish only for a partnership you coordinate."), field="publisher"
        )


# --- library ---------------------------------------------------------------------------------------


def _check_resource(data: dict, file: CheckedFile | None, has_file: bool = False) -> None:
    from pact.support.models import ResourceKind

    if data.get("kind") == ResourceKind.KPI_EXAMPLE and not data.get("indicator"):
        raise SupportError(
            _("A KPI example shows an indicator of the catalogue: choose it."), field="indicator"
        )
    if data.get("kind") == ResourceKind.TEMPLATE and not (file or has_file or data.get("link")):
        raise SupportError(_("A template needs a file or a link."), field="file")


@transaction.atomic
def create_resource(
    *, actor, partnership: Partnership | None, data: dict, file: CheckedFile | None = None
) -> Resource:
    _require_publisher(actor, partnership)
    _check_resource(data, file)
    fields = {key: data[key] for key in RESOURCE_FIELDS if key in data}
    if not fields.get("published_on"):
        fields["published_on"] = timezone.localdate()
    resource = Resource(
        slug=_unique_slug(Resource, data["title"]),
        partnership=partnership,
        created_by=actor,
        **fields,
    )
    if file is not None:
        resource.file.save(file.name, file.as_content_file(), save=False)
    resource.save()
    Resource.objects.filter(pk=resource.pk).update(search_vector=RESOURCE_VECTOR)
    log_action(
        "pact.library.resource_published"
        if resource.is_published
        else "pact.library.resource_drafted",
        resource,
        actor,
        {"kind": resource.kind, "title": resource.title, "file": bool(file)},
        partnership_id=partnership.pk if partnership else None,
    )
    return resource


@transaction.atomic
def update_resource(
    resource: Resource,
    *,
    actor,
    data: dict,
    lock_version: int,
    file: CheckedFile | None = None,
    remove_file: bool = False,
) -> Resource:
    _require_publisher(actor, resource.partnership)
    keeps_file = bool(resource.file) and not remove_file
    _check_resource(data, file, has_file=keeps_file)
    fields = {key: data[key] for key in RESOURCE_FIELDS if key in data}
    if not fields.get("published_on"):
        fields.pop("published_on", None)  # left empty: the date stays as it was
    # Read from the database: a bound form has already changed the instance in memory.
    was_published = Resource.objects.filter(pk=resource.pk).values_list("is_published", flat=True)[
        0
    ]
    changed = Resource.objects.filter(pk=resource.pk, lock_version=lock_version).update(
        lock_version=F("lock_version") + 1, updated_at=timezone.now(), **fields
    )
    if not changed:
        raise concurrent_edit_error(_("resource"))
    resource.refresh_from_db()
    if file is not None or remove_file:
        old = resource.file.name if resource.file else ""
        if file is not None:
            resource.file.save(file.name, file.as_content_file(), save=False)
        else:
            resource.file = ""  # type: ignore[assignment]
        resource.save(update_fields=["file"])
        if old:
            transaction.on_commit(lambda: resource.file.storage.delete(old))
    Resource.objects.filter(pk=resource.pk).update(search_vector=RESOURCE_VECTOR)
    kind = "pact.library.resource_updated"
    if was_published != resource.is_published:
        kind = (
            "pact.library.resource_published"
            if resource.is_published
            else "pact.library.resource_unpublished"
        )
    log_action(
        kind,
        resource,
        actor,
        {"fields": sorted(fields), "file": file is not None, "file_removed": remove_file},
        partnership_id=resource.partnership_id,
    )
    return resource


# --- events ----------------------------------------------------------------------------------------


def _check_event(data: dict) -> None:
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if starts and ends and ends < starts:
        raise SupportError(_("The event ends after it starts."), field="ends_at")


@transaction.atomic
def create_event(*, actor, partnership: Partnership | None, data: dict) -> Event:
    _require_publisher(actor, partnership)
    _check_event(data)
    fields = {key: data[key] for key in EVENT_FIELDS if key in data}
    event = Event.objects.create(
        slug=_unique_slug(Event, data["title"]),
        partnership=partnership,
        created_by=actor,
        **fields,
    )
    Event.objects.filter(pk=event.pk).update(search_vector=EVENT_VECTOR)
    log_action(
        "pact.event.published",
        event,
        actor,
        {"kind": event.kind, "title": event.title, "starts_at": event.starts_at.isoformat()},
        partnership_id=partnership.pk if partnership else None,
    )
    return event


def can_organise(actor, event: Event) -> bool:
    """The organiser: who published it, the partnership's coordinator, support services."""
    if not actor.is_authenticated:
        return False
    return event.created_by_id == actor.pk or can_publish(actor, event.partnership)


@transaction.atomic
def update_event(event: Event, *, actor, data: dict, lock_version: int) -> Event:
    if not can_organise(actor, event):
        raise SupportError(_("Only the organiser changes the event."))
    if event.is_cancelled:
        raise SupportError(_("This event is cancelled."))
    _check_event(data)
    fields = {key: data[key] for key in EVENT_FIELDS if key in data}
    changed = Event.objects.filter(pk=event.pk, lock_version=lock_version).update(
        lock_version=F("lock_version") + 1, updated_at=timezone.now(), **fields
    )
    if not changed:
        raise concurrent_edit_error(_("event"))
    Event.objects.filter(pk=event.pk).update(search_vector=EVENT_VECTOR)
    event.refresh_from_db()
    log_action(
        "pact.event.updated",
        event,
        actor,
        {"fields": sorted(fields), "lock_version": event.lock_version},
        partnership_id=event.partnership_id,
    )
    return event


def _registered(event: Event):
    return Registration.objects.filter(event=event, status=Registration.Status.REGISTERED)


@transaction.atomic
def cancel_event(event: Event, *, actor, reason: str) -> None:
    """The organiser cancels the event; every registered person is told, with the reason."""
    if not can_organise(actor, event):
        raise SupportError(_("Only the organiser cancels the event."))
    reason = reason.strip()
    if not reason:
        raise SupportError(_("Give the reason, it is sent to the participants."), field="reason")
    changed = Event.objects.filter(pk=event.pk, is_cancelled=False).update(
        is_cancelled=True, cancelled_at=timezone.now(), registration_open=False
    )
    if not changed:
        raise SupportError(_("This event is already cancelled."))
    event.refresh_from_db()
    people = list(_registered(event).select_related("user"))
    log_action(
        "pact.event.cancelled",
        event,
        actor,
        {"reason": reason, "registered": len(people)},
        partnership_id=event.partnership_id,
    )
    for registration in people:
        queue_email(
            to=registration.user,
            template="support_event_cancelled",
            context={
                "event": event,
                "reason": reason,
                "link": site_url("support:event_detail", event.slug),
            },
            kind="support.event_cancelled",
            dedupe_key=f"event-cancelled:{event.pk}:{registration.user_id}",
        )


@transaction.atomic
def register(event: Event, *, user, organisation=None) -> Registration:
    """Register a signed-in person; refused when registration is closed or the event is full.

    The event row is locked while places are counted, so two last-minute registrations cannot
    both take the last place.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        raise SupportError(_("This event is cancelled."))
    if event.is_past:
        raise SupportError(_("This event is over."))
    if not event.registration_open:
        raise SupportError(_("Registration for this event is closed."))
    if organisation is not None and organisation.pk not in access.organisation_ids(user):
        raise SupportError(_("Choose one of your organisations."), field="organisation")
    if _registered(event).filter(user=user).exists():
        raise SupportError(_("You are already registered."))
    if event.capacity is not None and _registered(event).count() >= event.capacity:
        raise SupportError(_("This event is full."))
    registration = Registration.objects.create(event=event, user=user, organisation=organisation)
    log_action(
        "pact.event.registered",
        event,
        user,
        {"registration": registration.pk},
        partnership_id=event.partnership_id,
    )
    queue_email(
        to=user,
        template="support_event_registered",
        context={"event": event, "link": site_url("support:event_detail", event.slug)},
        kind="support.event_registered",
        dedupe_key=f"event-registered:{registration.pk}",
    )
    return registration


@transaction.atomic
def cancel_registration(event: Event, *, user) -> None:
    changed = (
        _registered(event)
        .filter(user=user)
        .update(status=Registration.Status.CANCELLED, cancelled_at=timezone.now())
    )
    if not changed:
        raise SupportError(_("You are not registered for this event."))
    log_action(
        "pact.event.registration_cancelled", event, user, {}, partnership_id=event.partnership_id
    )
