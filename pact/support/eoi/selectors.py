"""Reads for expressions of interest: who may see which, a proposer's own, the triage queue."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from pact import access
from pact.access import Perm
from pact.support.models import (
    EoiStatus,
    ExpressionOfInterest,
    ProposedPartner,
)


def get_eoi_or_404(user, pk: int) -> ExpressionOfInterest:
    eoi = (
        access.eois_visible_to(user)
        .select_related("lead_organisation", "proposer", "partnership", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if eoi is None:
        raise Http404
    return eoi


def my_eois(user) -> list[ExpressionOfInterest]:
    if not user.is_authenticated:
        return []
    return list(
        ExpressionOfInterest.objects.filter(
            Q(proposer=user)
            | Q(lead_organisation_id__in=access.organisation_ids(user, Perm.ORG_CHANGE))
        )
        .select_related("lead_organisation", "partnership")
        .order_by("-submitted_at")
    )


def eoi_detail_context(eoi: ExpressionOfInterest) -> dict:
    return {
        "eoi": eoi,
        "regions": list(eoi.regions.order_by("code")),
        "partners": list(
            ProposedPartner.objects.filter(eoi=eoi).select_related("organisation").order_by("id")
        ),
        "history": list(eoi.events.select_related("author").order_by("created_at", "id")),
    }


TRIAGE_ORDER = [EoiStatus.SUBMITTED, EoiStatus.INFO_REQUESTED]


def triage_queue(status: str = "") -> list[ExpressionOfInterest]:
    """Proposals for support services: waiting ones first (oldest first), or one status."""
    qs = ExpressionOfInterest.objects.select_related("lead_organisation", "proposer", "partnership")
    if status in EoiStatus.values:
        return list(qs.filter(status=status).order_by("submitted_at"))
    return list(qs.filter(status__in=TRIAGE_ORDER).order_by("submitted_at"))


def waiting_eoi_count() -> int:
    return ExpressionOfInterest.objects.filter(status=EoiStatus.SUBMITTED).count()
