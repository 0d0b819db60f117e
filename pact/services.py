"""Core services: account housekeeping."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from pact.models import User


@transaction.atomic
def purge_stale_accounts(*, unverified_days: int, invitation_days: int) -> dict[str, int]:
    """Delete accounts never verified after ``unverified_days`` and expire old open invitations."""
    from allauth.account.models import EmailAddress

    from members.models import OrganisationInvitation
    from partnerships.models import PartnershipInvitation

    cutoff = timezone.now() - timedelta(days=unverified_days)
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    stale = User.objects.filter(
        date_joined__lt=cutoff, last_login__isnull=True, staff_role=""
    ).exclude(pk__in=verified)
    stale = stale.exclude(organisation_memberships__isnull=False)
    users = stale.delete()[1].get("pact.User", 0)
    invitation_cutoff = timezone.now() - timedelta(days=invitation_days)
    org_invites = OrganisationInvitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, created_at__lt=invitation_cutoff
    ).update(revoked_at=timezone.now())
    ps_invites = PartnershipInvitation.objects.filter(
        status=PartnershipInvitation.Status.OPEN, created_at__lt=invitation_cutoff
    ).update(status=PartnershipInvitation.Status.REVOKED, answered_at=timezone.now())
    return {
        "users": users,
        "organisation_invitations": org_invites,
        "partnership_invitations": ps_invites,
    }
