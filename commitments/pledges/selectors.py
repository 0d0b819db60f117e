"""Reads for individual pledges: an organisation's own, and the public ones."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from commitments.models import (
    Commitment,
    PledgeReview,
    Target,
)

# --- pledges ----------------------------------------------------------------------------------------


def pledges_of(organisation) -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(organisation=organisation, partnership__isnull=True)
        .prefetch_related(Prefetch("targets", queryset=Target.objects.select_related("indicator")))
        .order_by("-is_current", "position", "-created_at")
    )


def public_pledges_of(organisation) -> QuerySet[Commitment]:
    """The organisation's pledges as its public profile shows them (``Commitment.public()``)."""
    return (
        Commitment.objects.public()
        .filter(organisation=organisation, partnership__isnull=True)
        .prefetch_related(Prefetch("targets", queryset=Target.objects.select_related("indicator")))
        .order_by("position", "-created_at")
    )


def review_queue() -> QuerySet[Commitment]:
    """Pledges waiting for staff's review, oldest change first."""
    return (
        Commitment.objects.filter(
            partnership__isnull=True, is_current=True, review=PledgeReview.PENDING
        )
        .select_related("organisation")
        .order_by("updated_at", "pk")
    )


def pledges_for_review() -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(partnership__isnull=True)
        .select_related("organisation", "reviewed_by")
        .prefetch_related(Prefetch("targets", queryset=Target.objects.select_related("indicator")))
    )
