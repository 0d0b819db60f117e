"""Reading a declaration: a version, the differences between two versions, and its PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
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


def version_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    partnership = selectors.get_partnership_for_declaration(request.user, slug)
    version = selectors.get_version_or_404(request.user, partnership, number)
    context = document_context(partnership, version)
    context.update(
        {
            "pdf": selectors.pdf_of(version) if version.is_published else None,
            "can_preview": selectors.can_preview_draft(request.user, partnership),
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
        if old is None or not selectors.can_read_version(request.user, old):
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
    partnership = selectors.get_partnership_for_declaration(request.user, slug)
    version = selectors.get_version_or_404(request.user, partnership, number)
    if not version.is_published:
        # Drafts and versions under review: a watermarked preview for the coordinator and
        # reviewers, rendered now; nobody else learns it exists.
        if not selectors.can_preview_draft(request.user, partnership):
            raise Http404
        from partnerships.declarations import pdf as pdf_module

        data = pdf_module.render_version(version, draft=True)
        return _pdf_response(data, pdf_module.download_filename(version, draft=True))
    from partnerships.declarations import pdf as pdf_module

    pdf = selectors.pdf_of(version)
    if pdf is None or pdf.status != DeclarationPdf.Status.READY or not pdf.file:
        return redirect("partnerships:declaration_pdf_status", partnership.slug, version.number)
    if not pdf.file.storage.exists(pdf.file.name or ""):
        # The file was lost (a storage restored without it): render it again, show the progress.
        publication.request_pdf(version)
        return redirect("partnerships:declaration_pdf_status", partnership.slug, version.number)
    return FileResponse(
        pdf.file.open("rb"),
        as_attachment=True,
        filename=pdf_module.download_filename(version),
        content_type="application/pdf",
    )


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_status(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    partnership = selectors.get_partnership_for_declaration(request.user, slug)
    version = selectors.get_version_or_404(request.user, partnership, number)
    if not version.is_published:
        raise Http404
    context = {
        "partnership": partnership,
        "version": version,
        "pdf": selectors.pdf_of(version),
        "can_retry": access.can(request.user, Perm.PS_COORDINATE, partnership)
        or access.can(request.user, Perm.STAFF_REVIEW),
    }
    template = (
        "declarations/_pdf_status.html" if is_htmx(request) else "declarations/pdf_status.html"
    )
    return render(request, template, context)


@login_required
@require_POST
def pdf_retry(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    partnership = selectors.get_partnership_for_declaration(request.user, slug)
    if not (
        access.can(request.user, Perm.PS_COORDINATE, partnership)
        or access.can(request.user, Perm.STAFF_REVIEW)
    ):
        raise Http404
    version = selectors.get_version_or_404(request.user, partnership, number)
    if not version.is_published:
        raise Http404
    publication.request_pdf(version, actor=request.user)
    messages.success(request, _("The PDF is being prepared again."))
    return redirect("partnerships:declaration_pdf_status", partnership.slug, version.number)
