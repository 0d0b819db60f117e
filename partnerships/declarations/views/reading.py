"""Reading a declaration: a version, the differences between two versions, and its PDF."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pact import access
from pact.access import Perm
from pact.kernel.language import language_links, requested_language
from partnerships.declarations import publication, selectors, translations
from partnerships.declarations.views.common import document_context, is_htmx
from partnerships.models import (
    DeclarationPdf,
    DeclarationVersion,
)

log = logging.getLogger(__name__)


def _translation_asked(request: HttpRequest, version: DeclarationVersion):
    """The translations of a published version, and the one ``?lang=`` (or else the page's
    language) picks; none for the original."""
    if not version.is_published:
        return [], None
    found = translations.translations_of(version)
    return found, translations.choose(version, found, requested_language(request))


def _pdf_context(version: DeclarationVersion, translation) -> dict:
    if translation is None:
        return {"pdf_query": "", "pdf_translation": None}
    return {
        "pdf_query": f"?lang={translation.language}",
        "pdf_translation": translation,
        "pdf_language_name": selectors.language_name(translation.language),
    }


def version_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A version in its original, or in the translation the reader's language (or ``?lang=``)
    picks, with links to the others (and their ``hreflang`` alternates)."""
    partnership = selectors.get_partnership_for_declaration(request.user, slug)
    version = selectors.get_version_or_404(request.user, partnership, number)
    found, translation = _translation_asked(request, version)
    shown = translations.as_shown(version, translation)
    context = document_context(partnership, shown)
    context.update(
        {
            "pdf": selectors.pdf_of(version, translation) if version.is_published else None,
            "can_preview": access.can_preview_draft(request.user, partnership),
            "can_translate": version.is_published
            and access.can_translate_declaration(request.user, partnership),
            "in_workspace": access.can(request.user, Perm.PS_VIEW, partnership),
            "previous": selectors.previous_submitted(version),
            "translation": translation,
            "translations": found,
            "original_language": version.language,
            "original_language_name": selectors.language_name(version.language),
            **_pdf_context(version, translation),
        }
    )
    if found:
        context["language_alternates"] = language_links(
            request,
            [version.language, *(t.language for t in found)],
            current=shown.language,
            original=version.language,
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
    translation = None
    if draft:
        if not access.can_preview_draft(request.user, partnership):
            raise Http404
        pdf = selectors.preview_of(version)
    else:
        translation = _asked_translation_or_404(request, version)
        pdf = selectors.pdf_of(version, translation)
    status_url = _status_url(partnership, version, translation)
    if pdf is None or pdf.status != DeclarationPdf.Status.READY or not pdf.file:
        return redirect(status_url)
    if selectors.pdf_file_lost(pdf):
        # The file was lost (a storage restored without it): the worker renders it again.
        _repair_later(pdf)
        return redirect(status_url)
    response = FileResponse(
        pdf.file.open("rb"),
        as_attachment=True,
        filename=pdf_module.download_filename(
            version, draft=draft, language=translation.language if translation else None
        ),
        content_type="application/pdf",
    )
    if draft:
        response["Cache-Control"] = "private, no-store"
    return response


def _asked_translation_or_404(request: HttpRequest, version: DeclarationVersion):
    """For a PDF: the translation ``?lang=`` names (404 when there is none in that language), or
    none for the original (no ``?lang=``, or the original's language)."""
    asked = requested_language(request)
    if not asked or asked == version.language:
        return None
    translation = version.translations.filter(language=asked).first()
    if translation is None:
        raise Http404
    return translation


def _status_url(partnership, version: DeclarationVersion, translation) -> str:
    url = reverse("partnerships:declaration_pdf_status", args=[partnership.slug, version.number])
    return f"{url}?lang={translation.language}" if translation is not None else url


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
    translation = None
    if version.is_published:
        translation = _asked_translation_or_404(request, version)
        pdf = selectors.pdf_of(version, translation)
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
        **_pdf_context(version, translation),
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
    translation = None
    if version.is_published:
        translation = _asked_translation_or_404(request, version)
        publication.request_pdf(version, actor=request.user, translation=translation)
        messages.success(request, _("The PDF is being prepared again."))
    else:
        publication.request_preview(version, actor=request.user)
    return redirect(_status_url(partnership, version, translation))
