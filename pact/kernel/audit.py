"""The append-only audit log: one function writes it, a database trigger keeps it append-only."""

from __future__ import annotations

import re
from typing import Any

from django.db import models

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

    ``label`` replaces the target's ``str()`` where that may name a person."""
    if not re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", kind):
        raise ValueError(f"Audit kinds are dotted lower-case names, not {kind!r}")
    org_id, ps_id = _scope_ids(target)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        kind=kind,
        actor=actor,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=(label if label is not None else str(target))[:300]
        if target is not None
        else "",
        organisation_id=organisation_id or org_id,
        partnership_id=partnership_id or ps_id,
        data=mask_secrets(data or {}),
    )
