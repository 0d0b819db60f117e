"""A partnership's life-cycle stage (support services) and status (following its declaration,
or closed by staff)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pact import access
from pact.access import Perm
from pact.kernel.audit import log_action
from partnerships.common import (
    PartnershipError,
    absolute_url,
    coordinator_ids,
    lock_partnership,
    notify_organisations,
)
from partnerships.models import (
    JoinRequest,
    Partnership,
    PartnershipInvitation,
    PartnershipStatus,
    Stage,
    StageChange,
)

# --- life-cycle stage and status -----------------------------------------------------------------


@transaction.atomic
def change_stage(partnership: Partnership, stage: str, *, actor, note: str) -> StageChange:
    """Support services move a partnership to another life-cycle stage, with a dated note."""
    if not access.can(actor, Perm.STAFF_SUPPORT):
        raise PartnershipError(_("Only support services change the life-cycle stage."))
    if stage not in Stage.values:
        raise PartnershipError(_("Choose a life-cycle stage."), field="stage")
    note = note.strip()
    if not note:
        raise PartnershipError(_("Explain the change in a short note."), field="note")
    partnership = lock_partnership(partnership)
    if partnership.stage == stage:
        raise PartnershipError(
            _("The partnership is already in the %(stage)s stage.") % {"stage": Stage(stage).label},
            field="stage",
        )
    now = timezone.now()
    previous = partnership.stage
    Partnership.objects.filter(pk=partnership.pk).update(stage=stage, stage_since=now)
    change = StageChange.objects.create(
        partnership=partnership, stage=stage, changed_at=now, changed_by=actor, note=note
    )
    log_action(
        "pact.partnership.stage_changed",
        partnership,
        actor,
        {"from": previous, "to": stage, "note": note},
    )
    notify_organisations(
        coordinator_ids(partnership),
        "partnerships_stage_changed",
        {
            "partnership": partnership,
            "stage": Stage(stage).label,
            "note": note,
            "url": absolute_url("partnerships:workspace", partnership.slug),
        },
        kind="partnership.stage_changed",
        key=f"partnership-stage:{change.pk}",
    )
    return change


def _set_status(partnership: Partnership, status: str, actor, note: str = "") -> bool:
    partnership = lock_partnership(partnership)
    previous = partnership.status
    if previous == status:
        return False
    update: dict = {"status": status}
    if status == PartnershipStatus.ACTIVE and partnership.launched_on is None:
        update["launched_on"] = timezone.localdate()
    Partnership.objects.filter(pk=partnership.pk).update(**update)
    log_action(
        "pact.partnership.status_changed",
        partnership,
        actor,
        {"from": previous, "to": status, **({"note": note} if note else {})},
    )
    return True


@transaction.atomic
def set_status_from_declaration(partnership: Partnership, status: str, actor) -> bool:
    """Follow the declaration: draft, under review, active (approved), closed.

    Called by the declarations workflow. The first activation sets the launch date. Returns
    whether the status changed.
    """
    if status not in PartnershipStatus.values:
        raise ValueError(f"Unknown partnership status {status!r}")
    current = Partnership.objects.only("status").get(pk=partnership.pk).status
    if current == PartnershipStatus.CLOSED and status != PartnershipStatus.CLOSED:
        # A closed partnership stays closed; a later declaration event does not reopen it.
        return False
    changed = _set_status(partnership, status, actor)
    if changed:
        partnership.refresh_from_db(fields=["status", "launched_on"])
    return changed


@transaction.atomic
def close_partnership(partnership: Partnership, *, actor, note: str) -> None:
    """Staff close a partnership: it stays public and readable, but takes no new members."""
    if not access.can(actor, Perm.STAFF_REVIEW):
        raise PartnershipError(_("Only Commission staff can close a partnership."))
    note = note.strip()
    if not note:
        raise PartnershipError(_("Give the reason for closing in a short note."), field="note")
    if not _set_status(partnership, PartnershipStatus.CLOSED, actor, note):
        raise PartnershipError(_("This partnership is already closed."))
    PartnershipInvitation.objects.filter(
        partnership=partnership, status=PartnershipInvitation.Status.OPEN
    ).update(status=PartnershipInvitation.Status.REVOKED, answered_at=timezone.now())
    JoinRequest.objects.filter(partnership=partnership, status=JoinRequest.Status.OPEN).update(
        status=JoinRequest.Status.DECLINED, answered_at=timezone.now()
    )
    partnership.refresh_from_db(fields=["status"])
    notify_organisations(
        coordinator_ids(partnership),
        "partnerships_closed",
        {"partnership": partnership, "note": note},
        kind="partnership.closed",
        key=f"partnership-closed:{partnership.pk}",
    )
