"""What the declaration pages share: the partnership fetched or 404, the open draft, the editor's
context."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from members.models import Organisation
from pact import access
from pact.access import Perm
from partnerships.declarations import drafting, selectors
from partnerships.declarations import review as declarations_review
from partnerships.models import (
    DeclarationStatus,
    DeclarationVersion,
    Partnership,
    Section,
    SignatureStatus,
)

S = DeclarationStatus
EDITOR_SECTIONS = [
    (Section.CHALLENGES, _("Main challenges")),
    (Section.OBJECTIVES, _("Key objectives")),
    (Section.AMBITION, _("Ambition")),
    (Section.COMMITMENTS, _("Commitments")),
    (Section.GOVERNANCE, _("Governance")),
    (Section.SIGNATORIES, _("Signatories")),
]


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def workspace_or_404(request: HttpRequest, slug: str, perm: str = Perm.PS_VIEW) -> Partnership:
    return access.get_partnership_or_404(request.user, perm, slug=slug)


def overview_url(partnership: Partnership) -> str:
    return reverse("partnerships:declaration", args=[partnership.slug])


def draft_or_redirect(request: HttpRequest, partnership: Partnership):
    version = drafting.open_version(partnership)
    if version is None:
        messages.info(request, _("Start a draft of the declaration first."))
        return None, redirect(overview_url(partnership))
    if version.status != S.DRAFT:
        messages.warning(
            request,
            _(
                "Version %(number)s was submitted to the Commission and can no longer change. "
                "You can amend it when the review asks for changes."
            )
            % {"number": version.number},
        )
        return None, redirect(overview_url(partnership))
    version.partnership = partnership
    return version, None


def member_organisations(partnership: Partnership):
    return Organisation.objects.filter(partnership_memberships__partnership=partnership).order_by(
        "name"
    )


def editor_context(partnership: Partnership, version: DeclarationVersion, section: str) -> dict:
    signatures = selectors.signatures_of(version)
    return {
        "partnership": partnership,
        "version": version,
        "section": section,
        "sections": EDITOR_SECTIONS,
        "missing_sections": {s for s, _m in declarations_review.missing_items(version)},
        "answered_signatures": [s for s in signatures if s.status != SignatureStatus.REQUESTED],
        "signature_count": len(signatures),
        "language_name": selectors.language_name(version.language),
    }


# --- reading versions ----------------------------------------------------------------------------------


def document_context(partnership: Partnership, version: DeclarationVersion) -> dict:
    commitments = selectors.commitments_of(version)
    progress = selectors._progress(partnership, version)
    bars = selectors.target_bars(commitments, progress)
    from pact.kernel import charts

    return {
        "partnership": partnership,
        "version": version,
        "commitments": commitments,
        "signatures": selectors.signatures_of(version),
        "language_name": selectors.language_name(version.language),
        "chart": charts.targets_chart(bars, chart_id=f"chart-v{version.number}") if bars else "",
        "progress_rows": selectors.progress_rows(commitments, progress),
        "has_progress": bool(progress),
    }
