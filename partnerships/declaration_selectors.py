"""Reads for declarations: what the public sees of a partnership's published declaration."""

from __future__ import annotations

from django.db.models import Prefetch

from commitments.models import Commitment, Target
from partnerships.models import DeclarationPdf, DeclarationStatus, DeclarationVersion


def published_version(partnership) -> DeclarationVersion | None:
    return (
        DeclarationVersion.objects.filter(
            partnership=partnership, status=DeclarationStatus.APPROVED
        )
        .order_by("-number")
        .first()
    )


def commitments_of(version: DeclarationVersion | None) -> list[Commitment]:
    if version is None:
        return []
    return list(
        Commitment.objects.filter(declaration_version=version)
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.select_related("indicator")),
            "responsible_organisations",
        )
        .order_by("position", "id")
    )


def public_context(partnership) -> dict:
    """Context for the public partnership page: published text, commitments with targets, the PDF."""
    version = published_version(partnership)
    pdf = None
    if version is not None:
        pdf = (
            DeclarationPdf.objects.filter(
                version=version, draft=False, content_hash=version.content_hash
            )
            .order_by("-created_at")
            .first()
        )
    superseded = DeclarationVersion.objects.filter(
        partnership=partnership, status=DeclarationStatus.SUPERSEDED
    ).order_by("-number")
    return {
        "declaration": version,
        "commitments": commitments_of(version),
        "declaration_pdf": pdf,
        "superseded_declarations": list(superseded),
    }
