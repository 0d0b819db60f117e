"""Reads of the duplicate flags for staff: the staff home's list and count."""

from __future__ import annotations

from members.models import DuplicateFlag

STAFF_HOME_FLAGS = 20


def staff_context() -> dict:
    """Open flags, newest first (a bounded list) and how many there are."""
    open_flags = DuplicateFlag.objects.open()
    return {
        "duplicate_flags": list(
            open_flags.select_related(
                "organisation", "similar_organisation", "partnership", "similar_partnership"
            )[:STAFF_HOME_FLAGS]
        ),
        "duplicate_flags_open": open_flags.count(),
    }
