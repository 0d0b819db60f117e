"""Reads for individual pledges: an organisation's own, and the public ones."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from commitments.models import (
    Commitment,
    Target,
)

# --- pledges ----------------------------------------------------------------------------------------


def pledges_of(organisation) -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(organisation=organisation, partnership__isnull=True)
        .prefetch_related(Prefetch("targets", queryset=Target.objects.select_related("indicator")))
        .order_by("-is_current", "position", "-created_at")
    )
