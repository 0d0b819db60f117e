"""Delegated reporting: an organisation's admins let the coordinators of a partnership it belongs to
enter and import its figures on that partnership's targets, and take it back. Who may then write
is decided in ``pact.access.reporting``; the reports say so (``entered_by_coordinator_of``) and so
do their audit entries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from commitments.models import ReportingDelegation
from commitments.reporting.services import ReportingError
from pact import access
from pact.access import Perm
from pact.kernel.assurance import Assurance
from pact.kernel.audit import log_action
from partnerships.models import Partnership, PartnershipMembership, PartnershipRole


@dataclass
class DelegationRow:
    partnership: Partnership
    delegation: ReportingDelegation | None


def delegable_partnerships(organisation):
    """Partnerships the organisation belongs to without coordinating them (their coordinators
    are the ones it may delegate to)."""
    return Partnership.objects.filter(
        memberships__organisation=organisation,
        memberships__role=PartnershipRole.MEMBER,
    ).order_by("name")


def delegation_rows(organisation) -> list[DelegationRow]:
    granted = {
        d.partnership_id: d
        for d in ReportingDelegation.objects.filter(organisation=organisation).select_related(
            "granted_by"
        )
    }
    return [
        DelegationRow(partnership, granted.get(partnership.pk))
        for partnership in delegable_partnerships(organisation)
    ]


def _partnership(organisation, partnership_id: int) -> Partnership:
    partnership = delegable_partnerships(organisation).filter(pk=partnership_id).first()
    if partnership is None:
        raise ReportingError(_("Your organisation is not a member of this partnership."))
    return partnership


def grant(
    organisation, partnership_id: int, actor, *, sign_in: Assurance | None = None
) -> ReportingDelegation:
    """Let the partnership's coordinators report for the organisation on the partnership's
    targets. Only the organisation's admins; once per partnership (granting twice changes
    nothing); audited."""
    access.require_to_act(actor, Perm.ORG_CHANGE, organisation, sign_in=sign_in)
    partnership = _partnership(organisation, partnership_id)
    existing = ReportingDelegation.objects.filter(
        organisation=organisation, partnership=partnership
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            delegation = ReportingDelegation.objects.create(
                organisation=organisation, partnership=partnership, granted_by=actor
            )
            log_action(
                "pact.report.delegation_granted",
                organisation,
                actor,
                {"partnership": partnership.pk},
                partnership_id=partnership.pk,
            )
    except IntegrityError:  # granted meanwhile by a colleague
        return ReportingDelegation.objects.get(organisation=organisation, partnership=partnership)
    return delegation


@transaction.atomic
def revoke(organisation, partnership_id: int, actor, *, sign_in: Assurance | None = None) -> bool:
    """Take the delegation back; reports already entered stay, marked as entered by the
    coordinator. Only the organisation's admins; audited. Returns whether there was one."""
    access.require_to_act(actor, Perm.ORG_CHANGE, organisation, sign_in=sign_in)
    deleted, _rows = ReportingDelegation.objects.filter(
        organisation=organisation, partnership_id=partnership_id
    ).delete()
    if deleted:
        log_action(
            "pact.report.delegation_revoked",
            organisation,
            actor,
            {"partnership": partnership_id},
            partnership_id=partnership_id,
        )
    return bool(deleted)


def delegated_member_ids(partnership) -> set[int]:
    """Members of ``partnership`` that delegated their reporting on it to its coordinators."""
    members = PartnershipMembership.objects.filter(partnership=partnership).values(
        "organisation_id"
    )
    return set(
        ReportingDelegation.objects.filter(
            partnership=partnership, organisation_id__in=members
        ).values_list("organisation_id", flat=True)
    )
