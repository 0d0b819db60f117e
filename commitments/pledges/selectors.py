"""Reads for individual pledges: an organisation's own, and the public ones."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from commitments.models import (
    Commitment,
    Target,
)
from pact import access

# --- pledges ----------------------------------------------------------------------------------------


def pledges_of(organisation) -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(organisation=organisation, partnership__isnull=True)
        .prefetch_related(Prefetch("targets", queryset=Target.objects.select_related("indicator")))
        .order_by("-is_current", "position", "-created_at")
    )


def public_commitments(user) -> QuerySet[Commitment]:
    """Current commitments of public partnerships and active organisations' pledges, plus one's own."""
    public = Q(is_current=True) & (
        Q(partnership__status__in=["active", "closed"])
        | Q(partnership__isnull=True, organisation__status="active")
    )
    if access.is_staff(user):
        return Commitment.objects.all()
    own = Q(organisation_id__in=access.organisation_ids(user)) | Q(
        partnership_id__in=access.partnership_ids(user)
    )
    return Commitment.objects.filter(public | own)
