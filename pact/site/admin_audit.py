"""Changes made in the Django admin go to the audit log like any other change: added, changed
(with the diff of the edited fields) and deleted, without personal data (DESIGN.md §9).

Django's own admin log (``LogEntry``) keeps object names and texts; the audit log keeps, per
change, the object by type and key (its label is "<kind> #<key>", never its ``str()``, which for a
person is their name or address), the names of the fields changed and their old and new values,
with personal fields masked. Inline changes are listed by kind and field names only.

``watch(site)`` wraps every registered ``ModelAdmin``'s ``save_model`` (which sees the form, so
the diff) and its ``log_addition`` / ``log_change`` / ``log_deletions`` (which Django calls once
the change is saved).
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.auth import get_user_model
from django.db import models

from pact.kernel.audit import MASK, log_action

# Fields that may hold something about a person, whatever the model: their values are masked.
PERSONAL_FIELD = re.compile(
    r"e_?mail|name|phone|address|contact|message|comment|note|body|text|bio|ip|user|person|"
    r"signer|answer|description",
    re.IGNORECASE,
)
MAX_VALUE = 200


def _is_personal(model: type[models.Model], field_name: str) -> bool:
    if model is get_user_model():
        return True  # everything of a person is theirs
    try:
        field = model._meta.get_field(field_name)
    except Exception:
        return True
    return isinstance(field, models.EmailField) or bool(PERSONAL_FIELD.search(field_name))


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)[:MAX_VALUE]


def _diff(form, model: type[models.Model]) -> dict:
    changes: dict[str, Any] = {}
    for name in getattr(form, "changed_data", []):
        if _is_personal(model, name):
            changes[name] = MASK
            continue
        old = form.initial.get(name)
        new = form.cleaned_data.get(name)
        changes[name] = {"from": _plain(old), "to": _plain(new)}
    return changes


def _inlines(message) -> list[dict]:
    """Django's change message without the objects' names: kind and field names only."""
    if isinstance(message, str):
        try:
            message = json.loads(message) if message else []
        except ValueError:
            return []
    kept = []
    for entry in message or []:
        for action, details in entry.items():
            if isinstance(details, dict) and details.get("name"):
                kept.append(
                    {
                        "action": action,
                        "kind": str(details["name"]),
                        **({"fields": list(details["fields"])} if details.get("fields") else {}),
                    }
                )
    return kept


def _record(kind: str, request, obj: models.Model, data: dict) -> None:
    log_action(
        f"pact.admin.{kind}",
        obj,
        request.user,
        {"via": "admin", **data},
        label=f"{obj._meta.verbose_name} #{obj.pk}",
    )


def _watch(model_admin: ModelAdmin) -> None:
    if getattr(model_admin, "_pact_audited", False):
        return
    model = model_admin.model
    save_model = model_admin.save_model
    log_addition = model_admin.log_addition
    log_change = model_admin.log_change
    log_deletions = model_admin.log_deletions

    def audited_save_model(request, obj, form, change):
        request._pact_admin_diff = _diff(form, model)
        return save_model(request, obj, form, change)

    def audited_log_addition(request, obj, message):
        entry = log_addition(request, obj, message)
        _record("added", request, obj, {"fields": sorted(getattr(request, "_pact_admin_diff", {}))})
        return entry

    def audited_log_change(request, obj, message):
        entry = log_change(request, obj, message)
        data = {"changes": getattr(request, "_pact_admin_diff", {}), "inlines": _inlines(message)}
        _record("changed", request, obj, data)
        return entry

    def audited_log_deletions(request, queryset):
        objects = list(queryset)
        entries = log_deletions(request, objects)
        for obj in objects:
            _record("deleted", request, obj, {})
        return entries

    model_admin.save_model = audited_save_model  # type: ignore[method-assign]
    model_admin.log_addition = audited_log_addition  # type: ignore[method-assign]
    model_admin.log_change = audited_log_change  # type: ignore[method-assign]
    model_admin.log_deletions = audited_log_deletions  # type: ignore[method-assign]
    model_admin._pact_audited = True  # type: ignore[attr-defined]


def watch(site: AdminSite) -> None:
    """Audit every change made through ``site``'s registered models."""
    for model_admin in site._registry.values():
        _watch(model_admin)
