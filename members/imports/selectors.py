"""Reads for umbrella imports: recent imports and the organisations an umbrella brought in."""

from __future__ import annotations

from members.models import (
    MemberImport,
    Organisation,
)


def recent_imports(organisation: Organisation, limit: int = 5):
    return (
        MemberImport.objects.filter(organisation=organisation)
        .select_related("uploaded_by")
        .defer("rows", "errors")
        .order_by("-created_at")[:limit]
    )


def brought_in(organisation: Organisation):
    return organisation.brought_in.order_by("name").only("name", "slug", "status", "country")
