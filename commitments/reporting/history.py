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


def trail(report: ProgressReport) -> list[Step]:
    """The report's steps, oldest first. A save immediately followed by the submission it was
    part of shows once, as the submission."""
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
                who=entry.actor.display_name if entry.actor else "",
                value=data.get("value"),
                reason=data.get("reason", ""),
                delegated=bool(data.get("delegated_to")),
                late=bool(data.get("is_late")),
            )
        )
    return steps
