"""Colleagues: inviting people by email, accepting, roles, removal, and the rule that an
organisation always keeps at least one admin. Every change is audited."""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.common import MembershipError, absolute_url
from members.models import (
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
    OrganisationRole,
)
from pact import access
from pact.kernel.audit import log_action
from pact.kernel.outbox import limits
from pact.kernel.outbox.queue import queue_email
from pact.models import User


def invitation_is_open(invitation: OrganisationInvitation) -> bool:
    if invitation.accepted_at or invitation.revoked_at:
        return False
    return invitation.created_at >= timezone.now() - timedelta(
        days=settings.INVITATION_VALIDITY_DAYS
    )


def _users_with_email(email: str):
    verified = EmailAddress.objects.filter(email__iexact=email, verified=True).values("user_id")
    return User.objects.filter(email__iexact=email) | User.objects.filter(pk__in=verified)


@transaction.atomic
def invite(
    organisation: Organisation,
    actor: User | None,
    email: str,
    role: str,
    *,
    check_permission: bool = True,
) -> OrganisationInvitation:
    """Invite a colleague by email with a role. Refused if the address is a member already or an
    open invitation to it exists, or when the inviter or the organisation reached the limit of
    mail sent to others (not for the portal's own invitation at approval: ``check_permission``
    off). The invitation mail carries a one-time token link."""
    if check_permission:
        access.require(actor, access.Perm.ORG_CHANGE, organisation)
    email = email.strip().lower()
    if role not in OrganisationRole.values:
        raise MembershipError(_("Choose a role."), field="role")
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if organisation.memberships.filter(user__in=_users_with_email(email)).exists():
        raise MembershipError(
            _("%(email)s is already a member of this organisation.") % {"email": email},
            field="email",
        )
    existing = OrganisationInvitation.objects.filter(
        organisation=organisation,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).first()
    if existing and invitation_is_open(existing):
        raise MembershipError(
            _(
                "An invitation to %(email)s is already open (sent on %(date)s). Revoke it "
                "first if you want to send a new one."
            )
            % {"email": email, "date": existing.created_at.date().isoformat()},
            field="email",
        )
    if check_permission:
        try:
            limits.take(actor, group=f"organisation:{organisation.pk}")
        except limits.SendLimitReached as exc:
            raise MembershipError(exc.message, field="email") from None
    if existing:  # expired: make room for the new one
        existing.revoked_at = timezone.now()
        existing.save(update_fields=["revoked_at"])
    invitation = OrganisationInvitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=actor
    )
    log_action(
        "pact.organisation_member.invited",
        invitation,
        actor,
        {"email": email, "role": role},
    )
    recipient = User.objects.filter(email__iexact=email).first()
    queue_email(
        to=recipient or email,
        template="members_invitation",
        context={
            "organisation": organisation,
            "invitation": invitation,
            "inviter": actor,
            "role_label": invitation.get_role_display(),
            "accept_url": absolute_url(reverse("members:invitation", args=[invitation.token])),
            "valid_days": settings.INVITATION_VALIDITY_DAYS,
        },
        kind="members.invitation",
        dedupe_key=f"members.invitation.{invitation.pk}",
    )
    return invitation


@transaction.atomic
def revoke_invitation(invitation: OrganisationInvitation, actor: User) -> None:
    access.require(actor, access.Perm.ORG_CHANGE, invitation.organisation)
    changed = OrganisationInvitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if changed:
        log_action(
            "pact.organisation_member.invitation_revoked",
            invitation,
            actor,
            {"email": invitation.email},
        )


def user_may_accept(invitation: OrganisationInvitation, user: User) -> bool:
    """Only the person the invitation was sent to, signed in with that (verified) address."""
    if not user.is_authenticated:
        return False
    if user.email.lower() == invitation.email.lower():
        return True
    return EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()


@transaction.atomic
def accept_invitation(invitation: OrganisationInvitation, user: User) -> OrganisationMembership:
    """Join the organisation with the invited role. One use only; expired invitations are refused."""
    if not user_may_accept(invitation, user):
        raise MembershipError(_("This invitation was sent to another email address."))
    current = OrganisationInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation_is_open(current):
        raise MembershipError(_("This invitation has expired or was already used."))
    membership, created = OrganisationMembership.objects.get_or_create(
        organisation=current.organisation, user=user, defaults={"role": current.role}
    )
    current.accepted_at = timezone.now()
    current.save(update_fields=["accepted_at"])
    access.forget(user)
    if created:
        log_action(
            "pact.organisation_member.joined",
            membership,
            user,
            {"role": membership.role, "invitation": current.pk},
        )
    return membership


def _lock_memberships(organisation: Organisation) -> list[OrganisationMembership]:
    return list(
        OrganisationMembership.objects.select_for_update()
        .filter(organisation=organisation)
        .order_by("pk")
    )


def _refuse_last_admin(
    memberships: list[OrganisationMembership], leaving: OrganisationMembership, message: str
) -> None:
    admins = [m for m in memberships if m.role == OrganisationRole.ADMIN]
    if leaving.role == OrganisationRole.ADMIN and len(admins) <= 1:
        raise MembershipError(message)


@transaction.atomic
def remove_member(membership: OrganisationMembership, actor: User) -> None:
    """An admin removes a colleague; the last admin cannot be removed."""
    organisation = membership.organisation
    access.require(actor, access.Perm.ORG_CHANGE, organisation)
    memberships = _lock_memberships(organisation)
    target = next((m for m in memberships if m.pk == membership.pk), None)
    if target is None:
        return
    _refuse_last_admin(
        memberships,
        target,
        _(
            "%(name)s is the organisation's only admin and cannot be removed. Make someone "
            "else admin first."
        )
        % {"name": target.user.display_name},
    )
    target.delete()
    access.forget(target.user)
    log_action(
        "pact.organisation_member.removed",
        organisation,
        actor,
        {"user": target.user_id, "email": target.user.email, "role": target.role},
    )


@transaction.atomic
def leave(organisation: Organisation, user: User) -> None:
    """Stop acting for the organisation; the last admin cannot leave."""
    memberships = _lock_memberships(organisation)
    own = next((m for m in memberships if m.user_id == user.pk), None)
    if own is None:
        raise MembershipError(_("You are not a member of this organisation."))
    _refuse_last_admin(
        memberships,
        own,
        _(
            "You are the organisation's only admin, so you cannot leave. Hand over the admin "
            "role to a colleague first."
        ),
    )
    own.delete()
    access.forget(user)
    log_action(
        "pact.organisation_member.removed",
        organisation,
        user,
        {"user": user.pk, "email": user.email, "role": own.role, "left": True},
    )


@transaction.atomic
def change_role(membership: OrganisationMembership, actor: User, role: str) -> None:
    """An admin changes a colleague's role; the last admin cannot be downgraded."""
    organisation = membership.organisation
    access.require(actor, access.Perm.ORG_CHANGE, organisation)
    if role not in OrganisationRole.values:
        raise MembershipError(_("Choose a role."))
    memberships = _lock_memberships(organisation)
    target = next((m for m in memberships if m.pk == membership.pk), None)
    if target is None or target.role == role:
        return
    if role != OrganisationRole.ADMIN:
        _refuse_last_admin(
            memberships,
            target,
            _(
                "%(name)s is the organisation's only admin. Make someone else admin before "
                "changing this role."
            )
            % {"name": target.user.display_name},
        )
    old = target.role
    target.role = role
    target.save(update_fields=["role"])
    access.forget(target.user)
    log_action(
        "pact.organisation_member.role_changed",
        target,
        actor,
        {"user": target.user_id, "from": old, "to": role},
    )


@transaction.atomic
def hand_over_admin(membership: OrganisationMembership, actor: User) -> None:
    """The acting admin makes a colleague admin and becomes a contributor, in one step."""
    organisation = membership.organisation
    access.require(actor, access.Perm.ORG_CHANGE, organisation)
    memberships = _lock_memberships(organisation)
    target = next((m for m in memberships if m.pk == membership.pk), None)
    own = next((m for m in memberships if m.user_id == actor.pk), None)
    if target is None or own is None or target.pk == own.pk:
        raise MembershipError(_("Choose a colleague to hand the admin role over to."))
    if target.role != OrganisationRole.ADMIN:
        target.role = OrganisationRole.ADMIN
        target.save(update_fields=["role"])
        log_action(
            "pact.organisation_member.role_changed",
            target,
            actor,
            {"user": target.user_id, "from": OrganisationRole.CONTRIBUTOR, "to": "admin"},
        )
    own.role = OrganisationRole.CONTRIBUTOR
    own.save(update_fields=["role"])
    log_action(
        "pact.organisation_member.role_changed",
        own,
        actor,
        {"user": actor.pk, "from": "admin", "to": OrganisationRole.CONTRIBUTOR, "handover": True},
    )
    access.forget(actor)
    access.forget(target.user)
