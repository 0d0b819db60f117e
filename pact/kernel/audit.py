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
    """Organisation and partnership a target belongs to, so the log can be filtered per tenant."""
    if target is None:
        return None, None
    from members.models import Organisation
    from partnerships.models import Partnership

    if isinstance(target, Organisation):
        return target.pk, None
    if isinstance(target, Partnership):
        return None, target.pk
    organisation_id = getattr(target, "organisation_id", None)
    partnership_id = getattr(target, "partnership_id", None)
    return organisation_id, partnership_id


def log_action(
    kind: str,
    target: models.Model | None = None,
    actor=None,
    data: dict | None = None,
    *,
    partnership_id: int | None = None,
    organisation_id: int | None = None,
) -> AuditEntry:
    """Record that ``actor`` did ``kind`` (dotted, e.g. ``pact.declaration.submitted``) to ``target``."""
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
        target_label=str(target)[:300] if target is not None else "",
        organisation_id=organisation_id or org_id,
        partnership_id=partnership_id or ps_id,
        data=mask_secrets(data or {}),
    )
