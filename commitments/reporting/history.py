"""A report's own history within its cycle, read from the audit log: each value it was saved with,
submissions, returns with their reasons, validation, who and when (and whether a coordinator
entered it for the organisation). The audit log already records every transition of a report, so
the history is not stored twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from commitments.models import ProgressReport
from pact.models import AuditEntry

LABELS = {
    "pact.report.saved": _("Saved as a draft"),
    "pact.report.saved_from_import": _("Saved from a spreadsheet"),
    "pact.report.submitted": _("Submitted"),
    "pact.report.returned": _("Returned"),
    "pact.report.validated": _("Validated"),
}


@dataclass
class Step:
    at: datetime
    label: str
    who: str
    value: str | None
    reason: str
    delegated: bool
    late: bool


def trail(report: ProgressReport, *, name_staff: bool = True) -> list[Step]:
    """The report's steps, oldest first. A save immediately followed by the submission it was
    part of shows once, as the submission. Without ``name_staff`` (an organisation's own page)
    staff who validated or returned it are "the Commission", as the return notice says."""
    entries = list(
        AuditEntry.objects.filter(
            target_type=ProgressReport._meta.label_lower,
            target_id=str(report.pk),
            kind__in=list(LABELS),
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )
    steps: list[Step] = []
    for i, entry in enumerate(entries):
        following = entries[i + 1] if i + 1 < len(entries) else None
        if (
            entry.kind != "pact.report.submitted"
            and entry.kind.startswith("pact.report.saved")
            and following is not None
            and following.kind == "pact.report.submitted"
            and following.actor_id == entry.actor_id
        ):
            continue
        data = entry.data or {}
        steps.append(
            Step(
                at=entry.created_at,
                label=str(LABELS[entry.kind]),
                who=_who(entry, name_staff),
                value=data.get("value"),
                reason=data.get("reason", ""),
                delegated=bool(data.get("delegated_to")),
                late=bool(data.get("is_late")),
            )
        )
    return steps


def _who(entry: AuditEntry, name_staff: bool) -> str:
    if entry.actor is None:
        return ""
    if entry.actor.staff_role and not name_staff:
        return str(_("the Commission"))
    return entry.actor.display_name
