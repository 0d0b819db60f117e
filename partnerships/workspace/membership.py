"""Members and coordination: removing a member, handing coordination over, leaving, and the
workspace's internal notes. Every change is audited. A partnership keeps a coordinator, except
while it waits for staff to appoint the next one (``coordination``: its coordinator left)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Organisation
from pact import access
from pact.access import Perm
from pact.kernel.assurance import Assurance
from pact.kernel.audit import log_action
from partnerships.common import (
    PartnershipError,
    absolute_url,
    coordinator_ids,
    lock_partnership,
    notify_organisations,
    refresh_search_vector,
    require_coordinator,
    sync_members,
)
from partnerships.models import (
    InternalNote,
    Partnership,
    PartnershipMembership,
    PartnershipRole,
    VacancyReason,
)
from partnerships.workspace import coordination

# --- members and coordination --------------------------------------------------------------------


@transaction.atomic
def remove_member(
    partnership: Partnership, organisation: Organisation, *, actor, sign_in: Assurance | None = None
) -> None:
    """Remove a member organisation. The coordinating organisation can never be removed:
    coordination is handed over first, so a partnership always keeps exactly one coordinator."""
    require_coordinator(partnership, actor, sign_in)
    partnership = lock_partnership(partnership)
    membership = PartnershipMembership.objects.filter(
        partnership=partnership, organisation=organisation
    ).first()
    if membership is None:
        raise PartnershipError(
            _("%(org)s is not a member of this partnership.") % {"org": organisation}
        )
    if membership.role == PartnershipRole.COORDINATOR:
        raise PartnershipError(
            _(
                "%(org)s coordinates this partnership and cannot be removed. Hand coordination "
                "over to another member organisation first."
            )
            % {"org": organisation}
        )
    membership.delete()
    sync_members(partnership)
    entry = log_action(
        "pact.partnership.member_removed",
        partnership,
        actor,
        {"organisation": organisation.slug},
    )
    notify_organisations(
        [organisation.pk],
        "partnerships_member_removed",
        {"partnership": partnership, "organisation": organisation},
        kind="partnership.member_removed",
        key=f"partnership-member-removed:{entry.pk}",
    )
    refresh_search_vector([partnership.pk])


@transaction.atomic
def hand_over_coordination(
    partnership: Partnership, organisation: Organisation, *, actor, sign_in: Assurance | None = None
) -> None:
    """Make another member organisation the coordinator; the old one stays as a member."""
    require_coordinator(partnership, actor, sign_in)
    partnership = lock_partnership(partnership)
    memberships = {
        m.organisation_id: m
        for m in PartnershipMembership.objects.select_for_update().filter(partnership=partnership)
    }
    new = memberships.get(organisation.pk)
    if new is None:
        raise PartnershipError(
            _("%(org)s is not a member of this partnership.") % {"org": organisation},
            field="organisation",
        )
    if new.role == PartnershipRole.COORDINATOR:
        raise PartnershipError(
            _("%(org)s already coordinates this partnership.") % {"org": organisation},
            field="organisation",
        )
    if not organisation.is_active:
        raise PartnershipError(
            _("%(org)s is not an active Pact member.") % {"org": organisation},
            field="organisation",
        )
    old = next((m for m in memberships.values() if m.role == PartnershipRole.COORDINATOR), None)
    # Demote first: the database allows one coordinator per partnership at any moment.
    if old is not None:
        old.role = PartnershipRole.MEMBER
        old.save(update_fields=["role"])
    new.role = PartnershipRole.COORDINATOR
    new.save(update_fields=["role"])
    sync_members(partnership)
    entry = log_action(
        "pact.partnership.coordination_handed_over",
        partnership,
        actor,
        {
            "from": old.organisation.slug if old else None,
            "to": organisation.slug,
        },
    )
    notify_organisations(
        [organisation.pk, *([old.organisation_id] if old else [])],
        "partnerships_coordination",
        {
            "partnership": partnership,
            "organisation": organisation,
            "previous": old.organisation if old else None,
            "url": absolute_url("partnerships:workspace", partnership.slug),
        },
        kind="partnership.coordination",
        key=f"partnership-coordination:{entry.pk}",
    )
    access.forget(actor)
    refresh_search_vector([partnership.pk])


@transaction.atomic
def leave_partnership(partnership: Partnership, organisation: Organisation, *, actor) -> None:
    """A member organisation's administrator takes it out of the partnership. A coordinator that
    leaves (with other members left behind) opens a vacancy: staff appoint the next coordinator."""
    if not access.can(actor, Perm.ORG_CHANGE, organisation):
        raise PartnershipError(
            _("Only an administrator of %(org)s can do this.") % {"org": organisation}
        )
    partnership = lock_partnership(partnership)
    membership = PartnershipMembership.objects.filter(
        partnership=partnership, organisation=organisation
    ).first()
    if membership is None:
        raise PartnershipError(
            _("%(org)s is not a member of this partnership.") % {"org": organisation}
        )
    was_coordinator = membership.role == PartnershipRole.COORDINATOR
    if (
        was_coordinator
        and not PartnershipMembership.objects.filter(partnership=partnership)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise PartnershipError(
            _(
                "%(org)s coordinates this partnership. Hand coordination over to another member "
                "organisation before leaving."
            )
            % {"org": organisation}
        )
    membership.delete()
    sync_members(partnership)
    if was_coordinator:
        coordination.open_vacancy(
            partnership, reason=VacancyReason.LEFT, previous=organisation, actor=actor
        )
    entry = log_action(
        "pact.partnership.member_left", partnership, actor, {"organisation": organisation.slug}
    )
    notify_organisations(
        coordinator_ids(partnership),
        "partnerships_member_left",
        {
            "partnership": partnership,
            "organisation": organisation,
            "url": absolute_url("partnerships:workspace", partnership.slug),
        },
        kind="partnership.member_left",
        key=f"partnership-member-left:{entry.pk}",
    )
    access.forget(actor)
    refresh_search_vector([partnership.pk])


# --- notes ---------------------------------------------------------------------------------------


@transaction.atomic
def add_note(
    partnership: Partnership, *, actor, body: str, audience: str = InternalNote.Audience.WORKSPACE
) -> InternalNote:
    """Members write workspace notes; support services write support notes for the coordinator."""
    body = body.strip()
    if not body:
        raise PartnershipError(_("Write the note before posting it."), field="body")
    if audience == InternalNote.Audience.SUPPORT:
        allowed = access.can(actor, Perm.STAFF_SUPPORT)
    else:
        allowed = access.can(actor, Perm.PS_CONTRIBUTE, partnership)
    if not allowed:
        raise PartnershipError(_("You cannot post this kind of note here."))
    note = InternalNote.objects.create(
        partnership=partnership, audience=audience, author=actor, body=body
    )
    log_action(
        "pact.partnership.note_added",
        partnership,
        actor,
        {"note": note.pk, "audience": audience},
    )
    if audience == InternalNote.Audience.SUPPORT:
        notify_organisations(
            coordinator_ids(partnership),
            "partnerships_support_note",
            {
                "partnership": partnership,
                "note": note,
                "url": absolute_url("partnerships:workspace", partnership.slug),
            },
            kind="partnership.support_note",
            key=f"partnership-support-note:{note.pk}",
        )
    return note
