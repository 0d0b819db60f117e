"""Writes for events: publishing, editing and cancelling them, and registrations.

Staff of support services publish events; a partnership's coordinator may publish them in the
partnership's name. Edits carry ``lock_version``; every change is audited; search vectors are
refreshed in the same transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pact import access
from pact.kernel.audit import log_action
from pact.kernel.outbox.queue import queue_email
from pact.support.common import (
    EVENT_VECTOR,
    SupportError,
    _require_publisher,
    _unique_slug,
    concurrent_edit_error,
    site_url,
)
from pact.support.models import (
    Event,
    Registration,
)
from pact.support.translations import check_original_language
from partnerships.models import Partnership

EVENT_FIELDS = (
    "kind",
    "title",
    "summary",
    "description",
    "language",
    "starts_at",
    "ends_at",
    "location",
    "online_link",
    "capacity",
    "registration_open",
    "ecosystem",
    "report",
)


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


@transaction.atomic
def update_event(event: Event, *, actor, data: dict, lock_version: int) -> Event:
    if not access.can_organise(actor, event):
        raise SupportError(_("Only the organiser changes the event."))
    if event.is_cancelled:
        raise SupportError(_("This event is cancelled."))
    _check_event(data)
    check_original_language(event, data.get("language") or "")
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
    if not access.can_organise(actor, event):
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
