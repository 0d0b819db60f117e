"""Reads for joining: the staff queue of applications and its count."""

from __future__ import annotations

from django.db.models import DurationField, ExpressionWrapper, F
from django.db.models.functions import Now

from members.models import (
    Organisation,
    OrganisationStatus,
)
from pact.models import User

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


# --- supporters --------------------------------------------------------------------------------------


def supporter_count() -> int:
    """People who follow the Pact as supporters (accounts still in use), for the home page."""
    return User.objects.filter(is_supporter=True, is_active=True, deleted_at__isnull=True).count()
