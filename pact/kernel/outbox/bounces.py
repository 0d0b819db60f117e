"""Bounces and complaints reported by the mail service: the address becomes undeliverable, the
outbox sends it nothing more (``claims.claim`` marks its mails failed).

The mail service posts JSON to ``/mail/events/`` with ``Authorization: Bearer <MAIL_EVENTS_TOKEN>``
(README, "Bounces and complaints")::

    {"events": [{"type": "bounce", "address": "someone@example.org", "permanent": true,
                 "detail": "550 mailbox unavailable"}]}

``type`` is ``bounce`` or ``complaint``; a bounce with ``"permanent": false`` (a full mailbox, a
server away) is ignored, the outbox retrying as usual.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from pact.models import UndeliverableAddress

MAX_EVENTS = 1000


class BadEvents(ValueError):
    pass


def record(payload) -> int:
    """Record the events of one notification; returns how many addresses were marked. Raises
    ``BadEvents`` (nothing recorded) when the payload is not of the documented shape."""
    events = payload.get("events") if isinstance(payload, dict) else None
    if not isinstance(events, list) or not 0 < len(events) <= MAX_EVENTS:
        raise BadEvents(f'"events" must be a list of 1 to {MAX_EVENTS} events')
    marks: dict[str, tuple[str, str]] = {}
    for n, event in enumerate(events):
        if not isinstance(event, dict):
            raise BadEvents(f"event {n} is not an object")
        kind, address = event.get("type"), event.get("address")
        if kind not in UndeliverableAddress.Reason.values:
            raise BadEvents(f'event {n}: "type" must be "bounce" or "complaint"')
        if not isinstance(address, str) or "\x00" in address:
            raise BadEvents(f'event {n}: "address" must be an email address')
        try:
            validate_email(address)
        except ValidationError:
            raise BadEvents(f'event {n}: "address" must be an email address') from None
        if kind == UndeliverableAddress.Reason.BOUNCE and event.get("permanent", True) is False:
            continue
        detail = event.get("detail")
        marks[address.strip().lower()] = (kind, str(detail)[:300] if detail else "")
    for address, (kind, detail) in marks.items():
        UndeliverableAddress.objects.update_or_create(
            address=address, defaults={"reason": kind, "detail": detail}
        )
    return len(marks)


def undeliverable(addresses) -> set[str]:
    """Which of ``addresses`` (any case) are undeliverable, lower-cased."""
    wanted = {a.lower() for a in addresses if a}
    if not wanted:
        return set()
    return set(
        UndeliverableAddress.objects.filter(address__in=wanted).values_list("address", flat=True)
    )
