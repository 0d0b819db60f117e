"""Reading a declaration: a version, the differences between two versions, and its PDF."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pact import access
from pact.access import Perm
from partnerships.declarations import publication, selectors
from partnerships.declarations.views.common import document_context, is_htmx
from partnerships.models import (
    DeclarationPdf,
    DeclarationVersion,
)

log = logging.getLogger(__name__)


def version_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    partnership = selectors.get_partnership_for_declaration(request.user, slug)
    version = selectors.get_version_or_404(request.user, partnership, number)
    context = document_context(partnership, version)
    context.update(
        {
            "pdf": selectors.pdf_of(version) if version.is_published else None,
            "can_preview": access.can_preview_draft(request.user, partnership),
            "in_workspace": access.can(request.user, Perm.PS_VIEW, partnership),
            "previous": selectors.previous_submitted(version),
        }
    )
    return render(request, "declarations/version.html", context)


def diff(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    partnership = selectors.get_partnership_for_declaration(request.user, slug)
    version = selectors.get_version_or_404(request.user, partnership, number)
    against = request.GET.get("against", "")
    old: DeclarationVersion | None
    if against.isdigit():
        old = selectors.get_version_or_404(request.user, partnership, int(against))
    else:
        old = selectors.previous_submitted(version)
        if old is None or not access.can_read_version(request.user, old):
            raise Http404
    old.partnership = partnership
    return render(
        request,
        "declarations/diff.html",
        {
            "partnership": partnership,
            "version": version,
            "old": old,
            "diff": selectors.diff_versions(old, version),
            "language_changed": selectors.language_changed(old, version),
            "old_language": selectors.language_name(old.language),
            "language_name": selectors.language_name(version.language),
        },
    )


# --- PDFs ----------------------------------------------------------------------------------------------


def pdf_download(request: HttpRequest, slug: str, number: int) -> HttpResponseBase:
    """Serve a PDF the worker rendered; never render nor write here (a GET changes nothing).

    Drafts and versions under review have a watermarked preview for the coordinator and
    reviewers (nobody else learns it exists), asked for by a POST on the status page."""
    partnership = selectors.get_partnership_for_declaration(request.user, slug)
    version = selectors.get_version_or_404(request.user, partnership, number)
    from partnerships.declarations import pdf as pdf_module

    draft = not version.is_published
    if draft:
        if not access.can_preview_draft(request.user, partnership):
            raise Http404
        pdf = selectors.preview_of(version)
    else:
        pdf = selectors.pdf_of(version)
    if pdf is None or pdf.status != DeclarationPdf.Status.READY or not pdf.file:
        return redirect("partnerships:declaration_pdf_status", partnership.slug, version.number)
    if selectors.pdf_file_lost(pdf):
        # The file was lost (a storage restored without it): the worker renders it again.
        _repair_later(pdf)
        return redirect("partnerships:declaration_pdf_status", partnership.slug, version.number)
    response = FileResponse(
        pdf.file.open("rb"),
        as_attachment=True,
        filename=pdf_module.download_filename(version, draft=draft),
        content_type="application/pdf",
    )
    if draft:
        response["Cache-Control"] = "private, no-store"
    return response


def _repair_later(pdf: DeclarationPdf) -> None:
    """Queue the re-rendering of a lost published PDF (at most once a minute per PDF)."""
    if pdf.draft or not cache.add(f"pdf-repair:{pdf.pk}", 1, 60):
        return
    from partnerships.tasks import repair_pdf

    try:
        repair_pdf.delay(pdf.pk)
    except Exception:
        log.warning("Broker unavailable; lost declaration PDF %s waits for the next visit", pdf.pk)


def pdf_status(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    partnership = selectors.get_partnership_for_declaration(request.user, slug)
    version = selectors.get_version_or_404(request.user, partnership, number)
    can_retry = access.can_preview_draft(request.user, partnership)
    if version.is_published:
        pdf = selectors.pdf_of(version)
    elif can_retry:
        pdf = selectors.preview_of(version)
    else:
        raise Http404
    lost = selectors.pdf_file_lost(pdf)
    if lost and pdf is not None:
        _repair_later(pdf)
    context = {
        "partnership": partnership,
        "version": version,
        "pdf": pdf,
        "pdf_lost": lost,
        "preview": not version.is_published,
        "can_retry": can_retry,
    }
    template = (
        "declarations/_pdf_status.html" if is_htmx(request) else "declarations/pdf_status.html"
    )
    return render(request, template, context)


@login_required
@require_POST
def pdf_retry(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Prepare the PDF again (published) or the watermarked preview (not published)."""
    partnership = selectors.get_partnership_for_declaration(request.user, slug)
    if not access.can_preview_draft(request.user, partnership):
        raise Http404
    version = selectors.get_version_or_404(request.user, partnership, number)
    if version.is_published:
        publication.request_pdf(version, actor=request.user)
        messages.success(request, _("The PDF is being prepared again."))
    else:
        publication.request_preview(version, actor=request.user)
    return redirect("partnerships:declaration_pdf_status", partnership.slug, version.number)
