"""The append-only audit log: one function writes it, a database trigger keeps it append-only.

Rows hold no personal data (DESIGN.md §9): they name people by key (the actor's user id, a user
target's id, an address by its keyed hash), never by name or address, so erasing a person never
needs to touch the log; pages resolve the name at read time.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import models

from pact.kernel.signin_limits import address_key
from pact.models import AuditEntry

SECRET_KEYS = re.compile(
    r"pass(word)?|secret|token|key|otp|code|authorization|cookie", re.IGNORECASE
)
MASK = "********"


def mask_secrets(data: Any) -> Any:
    """Replace the values of keys that look like secrets, at any depth."""
    if isinstance(data, dict):
        return {
            k: (MASK if SECRET_KEYS.search(str(k)) else mask_secrets(v)) for k, v in data.items()
        }
    if isinstance(data, list | tuple):
        return [mask_secrets(v) for v in data]
    return data


EMAIL = re.compile(r"[^@\s<>()\[\]\"',;:]+@[^@\s<>()\[\]\"',;:]+\.[A-Za-z]{2,}")
# Keys whose value names a person: kept out of the log (the row keeps the person's key instead).
PERSON_NAME_KEYS = frozenset(
    {"full_name", "signer_name", "contact_name", "person_name", "display_name", "invitee_name"}
)
NOT_KEPT = "[personal data not kept]"


def hashed_address(address: str) -> str:
    """How the log writes an address: its keyed hash (the one failed sign-ins are counted by)."""
    return f"address:{address_key(address)}"


def without_personal_data(data: Any) -> Any:
    """``data`` with every address replaced by its keyed hash and person-naming keys dropped,
    at any depth. A key holding just an address (``email``) becomes ``<key>_hash``."""
    if isinstance(data, dict):
        cleaned: dict = {}
        for key, value in data.items():
            name = str(key)
            if name in PERSON_NAME_KEYS:
                cleaned[key] = NOT_KEPT if value else value
            elif isinstance(value, str) and EMAIL.fullmatch(value.strip()):
                hashed = "address_hash" if name == "email" else f"{name}_hash"
                cleaned[hashed] = address_key(value)
            else:
                cleaned[key] = without_personal_data(value)
        return cleaned
    if isinstance(data, list | tuple):
        return [without_personal_data(v) for v in data]
    if isinstance(data, str):
        return EMAIL.sub(lambda m: hashed_address(m.group(0)), data)
    return data


def target_label(target: models.Model) -> str:
    """What the log calls a target: its ``audit_label()`` where its ``str()`` may name a person
    (people, memberships, invitations), else its ``str()``; addresses hashed in either case."""
    audit_label = getattr(target, "audit_label", None)
    label = audit_label() if callable(audit_label) else str(target)
    return without_personal_data(label)[:300]


def _scope_ids(target: models.Model | None) -> tuple[int | None, int | None]:
    """Organisation and partnership a target belongs to, so the log can be filtered per tenant.

    A target says so itself: an ``audit_scope()`` method (organisations and partnerships have
    one), else its ``organisation_id`` and ``partnership_id`` attributes, if any.
    """
    if target is None:
        return None, None
    audit_scope = getattr(target, "audit_scope", None)
    if callable(audit_scope):
        return audit_scope()
    return getattr(target, "organisation_id", None), getattr(target, "partnership_id", None)


KIND = re.compile(r"[a-z_]+(\.[a-z_]+)+")


def _entry_fields(
    target: models.Model | None,
    actor,
    *,
    partnership_id: int | None,
    organisation_id: int | None,
    label: str | None,
) -> dict[str, Any]:
    """What every entry about ``target`` by ``actor`` holds, whatever its kind and data."""
    org_id, ps_id = _scope_ids(target)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return {
        "actor": actor,
        "target_type": target._meta.label_lower if target is not None else "",
        "target_id": str(target.pk) if target is not None else "",
        "target_label": (
            without_personal_data(label)[:300] if label is not None else target_label(target)
        )
        if target is not None
        else "",
        "organisation_id": organisation_id or org_id,
        "partnership_id": partnership_id or ps_id,
    }


def _checked_kind(kind: str) -> str:
    if not KIND.fullmatch(kind):
        raise ValueError(f"Audit kinds are dotted lower-case names, not {kind!r}")
    return kind


def log_action(
    kind: str,
    target: models.Model | None = None,
    actor=None,
    data: dict | None = None,
    *,
    partnership_id: int | None = None,
    organisation_id: int | None = None,
    label: str | None = None,
) -> AuditEntry:
    """Record that ``actor`` did ``kind`` (dotted, e.g. ``pact.declaration.submitted``) to ``target``.

    ``label`` replaces the target's own label; addresses in it and in ``data`` are written as
    their keyed hash and person-naming keys are not kept (``without_personal_data``)."""
    _checked_kind(kind)
    fields = _entry_fields(
        target, actor, partnership_id=partnership_id, organisation_id=organisation_id, label=label
    )
    return AuditEntry.objects.create(
        kind=kind, data=without_personal_data(mask_secrets(data or {})), **fields
    )


def log_actions(
    actions: list[tuple[str, dict | None]],
    target: models.Model | None = None,
    actor=None,
    *,
    partnership_id: int | None = None,
    organisation_id: int | None = None,
    label: str | None = None,
) -> list[AuditEntry]:
    """Record, in one INSERT, several things ``actor`` did at once to ``target``: one entry per
    ``(kind, data)`` of ``actions``, in that order, each as ``log_action`` writes it."""
    kinds = [_checked_kind(kind) for kind, _data in actions]
    fields = _entry_fields(
        target, actor, partnership_id=partnership_id, organisation_id=organisation_id, label=label
    )
    return AuditEntry.objects.bulk_create(
        [
            AuditEntry(kind=kind, data=without_personal_data(mask_secrets(data or {})), **fields)
            for kind, (_kind, data) in zip(kinds, actions, strict=True)
        ]
    )
