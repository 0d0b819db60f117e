"""Core services: account housekeeping."""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from members.models import OrganisationInvitation
from pact.models import AuditEntry, User
from pact.site.personal_data.erasure import erase
from partnerships.models import PartnershipInvitation


@transaction.atomic
def purge_stale_accounts(*, unverified_days: int, invitation_days: int) -> dict[str, int]:
    """Delete accounts never verified after ``unverified_days`` and expire old open invitations."""
    cutoff = timezone.now() - timedelta(days=unverified_days)
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    stale = User.objects.filter(
        date_joined__lt=cutoff, last_login__isnull=True, staff_role="", deleted_at__isnull=True
    ).exclude(pk__in=verified)
    stale = stale.exclude(organisation_memberships__isnull=False)
    # Each is erased like a deleted account (every copy, the ledger); the audit log is
    # append-only and protects its actors (a sign-up is audited), so only the others' rows go.
    stale_ids = list(stale.values_list("pk", flat=True))
    for user in User.objects.filter(pk__in=stale_ids):
        erase(user, reason="never verified", by_themselves=False)
    actors = AuditEntry.objects.filter(actor__isnull=False).values("actor_id")
    User.objects.filter(pk__in=stale_ids).exclude(pk__in=actors).delete()
    users = len(stale_ids)
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
