"""Writing a translation of a published declaration, beside the original's text.

Only the coordinator and reviewing staff reach these pages (``access.can_translate_declaration``);
everyone else gets 404, like any private page. Every rule is the service's
(``declarations.translations``); refused input is shown again with the reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pact import access
from pact.kernel.language import speaking
from partnerships.declarations import forms, selectors, translations
from partnerships.declarations.common import DeclarationError
from partnerships.models import TRANSLATED_FIELDS, DeclarationTranslation, DeclarationVersion


def _version_or_404(request: HttpRequest, slug: str, number: int) -> DeclarationVersion:
    partnership = selectors.get_partnership_for_declaration(request.user, slug)
    if not access.can_translate_declaration(request.user, partnership):
        raise Http404
    version = selectors.get_version_or_404(request.user, partnership, number)
    if not version.is_published:
        raise Http404
    return version


def _sections(version: DeclarationVersion, form) -> list[dict]:
    """Each translated field beside the original's text."""
    return [{"field": form[name], "original": getattr(version, name)} for name in TRANSLATED_FIELDS]


@login_required
@require_http_methods(["GET", "POST"])
def translation(
    request: HttpRequest, slug: str, number: int, language: str | None = None
) -> HttpResponse:
    version = _version_or_404(request, slug, number)
    partnership = version.partnership
    existing: DeclarationTranslation | None = None
    if language is not None:
        existing = version.translations.filter(language=language).first()
        if existing is None:
            raise Http404
    initial = {name: getattr(existing, name) for name in TRANSLATED_FIELDS} if existing else {}
    if existing is not None:
        initial["lock_version"] = existing.lock_version
    form = forms.TranslationForm(request.POST or None, initial=initial, fixed_language=language)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = translations.save_translation(
                    version,
                    language=language or data["language"],
                    texts={name: data[name] for name in TRANSLATED_FIELDS},
                    actor=request.user,
                    lock_version=(data.get("lock_version") or 0) if existing else None,
                )
            except DeclarationError as exc:
                form.add_error(None, exc.message)
            else:
                with speaking(saved.language):
                    messages.success(
                        request, _("The translation is saved; its PDF is being prepared.")
                    )
                url = reverse(
                    "partnerships:declaration_version", args=[partnership.slug, version.number]
                )
                return redirect(f"{url}?lang={saved.language}")
        status = 400
    context = {
        "partnership": partnership,
        "version": version,
        "form": form,
        "sections": _sections(version, form),
        "existing": existing,
        "language_name": selectors.language_name(version.language),
    }
    return render(request, "declarations/translation_form.html", context, status=status)
