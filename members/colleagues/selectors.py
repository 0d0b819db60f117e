"""Reads for colleagues: an organisation's people and open invitations, an invitation by its
token, a person's invitations and organisations for the dashboard."""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from members.models import (
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
)

# --- private organisation page ----------------------------------------------------------------------


def people(organisation: Organisation):
    return (
        organisation.memberships.select_related("user")
        .order_by("-role", "user__full_name", "user__email")
        .filter(user__deleted_at__isnull=True)
    )


def open_invitations(organisation: Organisation):
    cutoff = timezone.now() - timedelta(days=settings.INVITATION_VALIDITY_DAYS)
    return (
        organisation.invitations.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, created_at__gte=cutoff
        )
        .select_related("invited_by")
        .order_by("created_at")
    )


def invitation_by_token(token: str) -> OrganisationInvitation | None:
    return (
        OrganisationInvitation.objects.select_related("organisation", "invited_by")
        .filter(token=token)
        .first()
    )


# --- dashboard ---------------------------------------------------------------------------------------


def invitations_for(user) -> QuerySet:
    """Open invitations addressed to any of the person's verified addresses."""
    cutoff = timezone.now() - timedelta(days=settings.INVITATION_VALIDITY_DAYS)
    verified = EmailAddress.objects.filter(user=user, verified=True).values("email")
    return (
        OrganisationInvitation.objects.filter(
            Q(email__iexact=user.email) | Q(email__in=verified),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            created_at__gte=cutoff,
        )
        .exclude(organisation__memberships__user=user)
        .select_related("organisation")
        .order_by("created_at")
    )


def dashboard_context(user) -> dict:
    memberships = (
        OrganisationMembership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return {
        "organisation_memberships": memberships,
        "organisation_invitations": invitations_for(user),
        "is_supporter": user.is_supporter,
    }
