"""Reads for joining: the staff queue of applications and its count."""

from __future__ import annotations

from django.db.models import DurationField, ExpressionWrapper, F
from django.db.models.functions import Now

from members.models import (
    Organisation,
    OrganisationStatus,
)

# --- staff -------------------------------------------------------------------------------------------


def application_queue():
    """Waiting applications, oldest first."""
    return (
        Organisation.objects.filter(status=OrganisationStatus.APPLIED)
        .select_related("applied_by", "umbrella", "nuts_region")
        .annotate(waiting=ExpressionWrapper(Now() - F("applied_at"), output_field=DurationField()))
        .order_by("applied_at", "pk")
    )


def staff_context() -> dict:
    return {
        "applications_waiting": Organisation.objects.filter(
            status=OrganisationStatus.APPLIED
        ).count(),
    }
