"""Invitations and join requests: coordinators invite organisations (or people by email), an
organisation's admin accepts or declines; organisations ask to join and coordinators answer.

Each answer is claimed by compare-and-set, so two answers at once never both count; every change
is audited and its mails are queued after commit.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organisation
from pact import access
from pact.access import Perm
from pact.kernel.assurance import Assurance
from pact.kernel.audit import log_action
from pact.kernel.outbox import limits
from pact.kernel.outbox.queue import queue_email
from pact.models import User
from partnerships.common import (
    PartnershipError,
    absolute_url,
    coordinator_ids,
    lock_partnership,
    notify_organisations,
    refresh_search_vector,
    require_coordinator,
    require_org_admin,
    sync_members,
)
from partnerships.models import (
    JoinRequest,
    Partnership,
    PartnershipInvitation,
    PartnershipMembership,
    PartnershipRole,
    PartnershipStatus,
)


def invitation_expires_at(invitation: PartnershipInvitation):
    return invitation.created_at + timedelta(days=settings.INVITATION_VALIDITY_DAYS)


def invitation_is_expired(invitation: PartnershipInvitation) -> bool:
    return timezone.now() >= invitation_expires_at(invitation)


# --- invitations ---------------------------------------------------------------------------------


def _check_open_for_members(partnership: Partnership) -> None:
    if partnership.status == PartnershipStatus.CLOSED:
        raise PartnershipError(_("This partnership is closed: it does not take new members."))


def _take_mail_limit(partnership: Partnership, actor, limited: bool) -> None:
    """An invitation is mail a person sends to others: limited per person and per partnership."""
    if not limited:
        return
    try:
        limits.take(actor, group=f"partnership:{partnership.pk}")
    except limits.SendLimitReached as exc:
        raise PartnershipError(exc.message) from None


def _expire_stale_invitations(partnership: Partnership, **lookup) -> None:
    cutoff = timezone.now() - timedelta(days=settings.INVITATION_VALIDITY_DAYS)
    PartnershipInvitation.objects.filter(
        partnership=partnership,
        status=PartnershipInvitation.Status.OPEN,
        created_at__lte=cutoff,
        **lookup,
    ).update(status=PartnershipInvitation.Status.REVOKED, answered_at=timezone.now())


@transaction.atomic
def invite_organisation(
    partnership: Partnership,
    organisation: Organisation,
    *,
    actor,
    message: str = "",
    sign_in: Assurance | None = None,
    limited: bool = True,
) -> PartnershipInvitation:
    """Invite an active member organisation; refused if it is already a member or invited, or
    when the inviter or the partnership reached the limit of mail sent to others (``limited``:
    not for invitations the portal sends itself, such as an accepted expression of interest's)."""
    require_coordinator(partnership, actor, sign_in)
    partnership = lock_partnership(partnership)
    _check_open_for_members(partnership)
    if not organisation.is_active:
        raise PartnershipError(
            _("%(org)s is not an active Pact member and cannot be invited.") % {"org": organisation}
        )
    if PartnershipMembership.objects.filter(
        partnership=partnership, organisation=organisation
    ).exists():
        raise PartnershipError(
            _("%(org)s is already a member of this partnership.") % {"org": organisation}
        )
    _expire_stale_invitations(partnership, organisation=organisation)
    if PartnershipInvitation.objects.filter(
        partnership=partnership, organisation=organisation, status=PartnershipInvitation.Status.OPEN
    ).exists():
        raise PartnershipError(
            _("%(org)s has already been invited and has not answered yet.") % {"org": organisation}
        )
    _take_mail_limit(partnership, actor, limited)
    try:
        with transaction.atomic():
            invitation = PartnershipInvitation.objects.create(
                partnership=partnership,
                organisation=organisation,
                message=message.strip(),
                invited_by=actor,
            )
    except IntegrityError:
        raise PartnershipError(
            _("%(org)s has already been invited and has not answered yet.") % {"org": organisation}
        ) from None
    log_action(
        "pact.partnership.invitation_sent",
        partnership,
        actor,
        {"invitation": invitation.pk, "organisation": organisation.slug},
    )
    notify_organisations(
        [organisation.pk],
        "partnerships_invitation",
        {
            "partnership": partnership,
            "organisation": organisation,
            "invitation": invitation,
            "inviter": actor,
            "url": absolute_url("partnerships:invitation", invitation.token),
        },
        kind="partnership.invitation",
        key=f"partnership-invitation:{invitation.pk}",
    )
    return invitation


@transaction.atomic
def invite_by_email(
    partnership: Partnership,
    email: str,
    *,
    actor,
    message: str = "",
    sign_in: Assurance | None = None,
    limited: bool = True,
) -> PartnershipInvitation:
    """Invite someone whose organisation is not registered yet: they register, then accept.
    Limited like ``invite_organisation``."""
    require_coordinator(partnership, actor, sign_in)
    partnership = lock_partnership(partnership)
    _check_open_for_members(partnership)
    email = email.strip()
    _expire_stale_invitations(partnership, email__iexact=email)
    if PartnershipInvitation.objects.filter(
        partnership=partnership, email__iexact=email, status=PartnershipInvitation.Status.OPEN
    ).exists():
        raise PartnershipError(
            _("%(email)s has already been invited and has not answered yet.") % {"email": email},
            field="email",
        )
    _take_mail_limit(partnership, actor, limited)
    try:
        with transaction.atomic():
            invitation = PartnershipInvitation.objects.create(
                partnership=partnership, email=email, message=message.strip(), invited_by=actor
            )
    except IntegrityError:
        raise PartnershipError(
            _("%(email)s has already been invited and has not answered yet.") % {"email": email},
            field="email",
        ) from None
    log_action(
        "pact.partnership.invitation_sent",
        partnership,
        actor,
        {"invitation": invitation.pk, "email": email},
    )
    recipient = User.objects.filter(email__iexact=email, is_active=True).first() or email
    queue_email(
        to=recipient,
        template="partnerships_invitation_email",
        context={
            "partnership": partnership,
            "invitation": invitation,
            "inviter": actor,
            "url": absolute_url("partnerships:invitation", invitation.token),
            "expires_at": invitation_expires_at(invitation),
        },
        kind="partnership.invitation",
        dedupe_key=f"partnership-invitation:{invitation.pk}:email",
    )
    return invitation


@transaction.atomic
def revoke_invitation(
    invitation: PartnershipInvitation, *, actor, sign_in: Assurance | None = None
) -> None:
    require_coordinator(invitation.partnership, actor, sign_in)
    changed = PartnershipInvitation.objects.filter(
        pk=invitation.pk, status=PartnershipInvitation.Status.OPEN
    ).update(status=PartnershipInvitation.Status.REVOKED, answered_at=timezone.now())
    if not changed:
        raise PartnershipError(_("This invitation has already been answered or withdrawn."))
    log_action(
        "pact.partnership.invitation_revoked",
        invitation.partnership,
        actor,
        {"invitation": invitation.pk},
    )


def _add_member(partnership: Partnership, organisation: Organisation) -> PartnershipMembership:
    membership, _created = PartnershipMembership.objects.get_or_create(
        partnership=partnership,
        organisation=organisation,
        defaults={"role": PartnershipRole.MEMBER},
    )
    sync_members(partnership)
    return membership


def _claim_invitation(invitation: PartnershipInvitation, status: str, **extra) -> None:
    """Compare-and-set: only one answer to an open invitation counts."""
    if invitation_is_expired(invitation):
        raise PartnershipError(
            _("This invitation has expired. Ask the coordinator to send a new one.")
        )
    changed = PartnershipInvitation.objects.filter(
        pk=invitation.pk, status=PartnershipInvitation.Status.OPEN
    ).update(status=status, answered_at=timezone.now(), **extra)
    if not changed:
        raise PartnershipError(_("This invitation has already been answered or withdrawn."))
    invitation.status = status


@transaction.atomic
def accept_invitation(
    invitation: PartnershipInvitation, *, actor, organisation: Organisation | None = None
) -> PartnershipMembership:
    """The invited organisation's administrator accepts: the organisation becomes a member.

    An invitation sent to an address is accepted on behalf of one of the actor's active
    organisations, named by ``organisation``.
    """
    partnership = lock_partnership(invitation.partnership)
    _check_open_for_members(partnership)
    organisation = invitation.organisation or organisation
    if organisation is None:
        raise PartnershipError(_("Choose the organisation that joins."), field="organisation")
    require_org_admin(actor, organisation)
    if PartnershipMembership.objects.filter(
        partnership=partnership, organisation=organisation
    ).exists():
        raise PartnershipError(
            _("%(org)s is already a member of this partnership.") % {"org": organisation},
            field="organisation",
        )
    _claim_invitation(invitation, PartnershipInvitation.Status.ACCEPTED, organisation=organisation)
    membership = _add_member(partnership, organisation)
    # A pending join request of the same organisation is answered by the invitation.
    JoinRequest.objects.filter(
        partnership=partnership, organisation=organisation, status=JoinRequest.Status.OPEN
    ).update(status=JoinRequest.Status.ACCEPTED, answered_at=timezone.now())
    log_action(
        "pact.partnership.invitation_accepted",
        partnership,
        actor,
        {"invitation": invitation.pk, "organisation": organisation.slug},
    )
    notify_organisations(
        coordinator_ids(partnership),
        "partnerships_invitation_answered",
        {
            "partnership": partnership,
            "organisation": organisation,
            "accepted": True,
            "url": absolute_url("partnerships:workspace", partnership.slug),
        },
        kind="partnership.invitation_answered",
        key=f"partnership-invitation-answered:{invitation.pk}",
    )
    access.forget(actor)
    refresh_search_vector([partnership.pk])
    return membership


@transaction.atomic
def decline_invitation(
    invitation: PartnershipInvitation, *, actor, organisation: Organisation | None = None
) -> None:
    """Decline on behalf of the invited organisation (or, for an address, of the recipient)."""
    partnership = invitation.partnership
    if invitation.organisation is not None and not access.can(
        actor, Perm.ORG_CHANGE, invitation.organisation
    ):
        raise PartnershipError(
            _("Only an administrator of %(org)s can do this.") % {"org": invitation.organisation}
        )
    _claim_invitation(invitation, PartnershipInvitation.Status.DECLINED)
    organisation = invitation.organisation or organisation
    log_action(
        "pact.partnership.invitation_declined",
        partnership,
        actor,
        {
            "invitation": invitation.pk,
            "organisation": organisation.slug if organisation else None,
            "email": invitation.email or None,
        },
    )
    notify_organisations(
        coordinator_ids(partnership),
        "partnerships_invitation_answered",
        {
            "partnership": partnership,
            "organisation": organisation,
            "email": invitation.email,
            "accepted": False,
            "url": absolute_url("partnerships:workspace", partnership.slug),
        },
        kind="partnership.invitation_answered",
        key=f"partnership-invitation-answered:{invitation.pk}",
    )


# --- join requests -------------------------------------------------------------------------------


@transaction.atomic
def request_to_join(
    partnership: Partnership, organisation: Organisation, *, actor, message: str = ""
) -> JoinRequest:
    """An active member organisation asks to join an active partnership."""
    require_org_admin(actor, organisation)
    partnership = lock_partnership(partnership)
    if partnership.status != PartnershipStatus.ACTIVE:
        raise PartnershipError(_("Only active partnerships take requests to join."))
    if PartnershipMembership.objects.filter(
        partnership=partnership, organisation=organisation
    ).exists():
        raise PartnershipError(
            _("%(org)s is already a member of this partnership.") % {"org": organisation},
            field="organisation",
        )
    if JoinRequest.objects.filter(
        partnership=partnership, organisation=organisation, status=JoinRequest.Status.OPEN
    ).exists():
        raise PartnershipError(
            _("%(org)s has already asked to join; the coordinator has not answered yet.")
            % {"org": organisation},
            field="organisation",
        )
    join_request = JoinRequest.objects.create(
        partnership=partnership,
        organisation=organisation,
        message=message.strip(),
        requested_by=actor,
    )
    log_action(
        "pact.partnership.join_requested",
        partnership,
        actor,
        {"join_request": join_request.pk, "organisation": organisation.slug},
    )
    notify_organisations(
        coordinator_ids(partnership),
        "partnerships_join_request",
        {
            "partnership": partnership,
            "organisation": organisation,
            "join_request": join_request,
            "url": absolute_url("partnerships:workspace", partnership.slug),
        },
        kind="partnership.join_request",
        key=f"partnership-join-request:{join_request.pk}",
    )
    return join_request


def _claim_join_request(join_request: JoinRequest, status: str) -> None:
    changed = JoinRequest.objects.filter(pk=join_request.pk, status=JoinRequest.Status.OPEN).update(
        status=status, answered_at=timezone.now()
    )
    if not changed:
        raise PartnershipError(_("This request has already been answered."))
    join_request.status = status


@transaction.atomic
def accept_join_request(
    join_request: JoinRequest, *, actor, sign_in: Assurance | None = None
) -> PartnershipMembership:
    require_coordinator(join_request.partnership, actor, sign_in)
    partnership = lock_partnership(join_request.partnership)
    _check_open_for_members(partnership)
    organisation = join_request.organisation
    if not organisation.is_active:
        raise PartnershipError(
            _("%(org)s is no longer an active Pact member.") % {"org": organisation}
        )
    _claim_join_request(join_request, JoinRequest.Status.ACCEPTED)
    membership = _add_member(partnership, organisation)
    PartnershipInvitation.objects.filter(
        partnership=partnership,
        organisation=organisation,
        status=PartnershipInvitation.Status.OPEN,
    ).update(status=PartnershipInvitation.Status.ACCEPTED, answered_at=timezone.now())
    log_action(
        "pact.partnership.join_accepted",
        partnership,
        actor,
        {"join_request": join_request.pk, "organisation": organisation.slug},
    )
    notify_organisations(
        [organisation.pk],
        "partnerships_join_answered",
        {
            "partnership": partnership,
            "organisation": organisation,
            "accepted": True,
            "url": absolute_url("partnerships:workspace", partnership.slug),
        },
        kind="partnership.join_answered",
        key=f"partnership-join-answered:{join_request.pk}",
    )
    refresh_search_vector([partnership.pk])
    return membership


@transaction.atomic
def decline_join_request(
    join_request: JoinRequest, *, actor, sign_in: Assurance | None = None
) -> None:
    require_coordinator(join_request.partnership, actor, sign_in)
    partnership = join_request.partnership
    _claim_join_request(join_request, JoinRequest.Status.DECLINED)
    log_action(
        "pact.partnership.join_declined",
        partnership,
        actor,
        {"join_request": join_request.pk, "organisation": join_request.organisation.slug},
    )
    notify_organisations(
        [join_request.organisation_id],
        "partnerships_join_answered",
        {
            "partnership": partnership,
            "organisation": join_request.organisation,
            "accepted": False,
            "url": absolute_url("partnerships:detail", partnership.slug),
        },
        kind="partnership.join_answered",
        key=f"partnership-join-answered:{join_request.pk}",
    )
