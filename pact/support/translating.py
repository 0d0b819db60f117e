"""The pages' side of translations of events, funding calls and library resources: what a detail
page shows (the reader's language, else the original, with links to the others), and the page
that adds or edits a translation beside the original."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from pact.kernel.language import language_links, requested_language, speaking
from pact.support import translations
from pact.support.common import SupportError
from pact.support.forms import TranslationForm
from pact.support.web import form_error


def language_context(request: HttpRequest, original: Any) -> dict[str, Any]:
    """``shown`` (the texts in the reader's language, else the original's) and, when there is
    more than one language, ``language_alternates`` (links, and ``hreflang`` in the head)."""
    shown = translations.shown(original, requested_language(request))
    languages = translations.languages_of(original)
    return {
        "shown": shown,
        "language_alternates": language_links(
            request, languages, current=shown["language"], original=original.language
        )
        if len(languages) > 1
        else [],
        "can_translate": request.user.is_authenticated
        and translations.kind_of(original).editors(request.user, original),
    }


def translation_page(
    request: HttpRequest, original: Any, language: str | None = None
) -> HttpResponse:
    """Add (no ``language``) or edit a translation of ``original``, which the caller fetched as
    visible to the person; a person who may not edit it gets a 404, like a stranger."""
    kind = translations.kind_of(original)
    if not kind.editors(request.user, original):
        raise Http404
    existing = None
    if language is not None:
        existing = original.translations.filter(language=language).first()
        if existing is None:
            raise Http404
    text_field = kind.fields[2]
    initial = (
        {name: getattr(existing, name) for name in kind.fields}
        | {"lock_version": existing.lock_version}
        if existing
        else {}
    )
    form = TranslationForm(
        request.POST or None,
        initial=initial,
        fixed_language=language,
        text_field=text_field,
        text_label=capfirst(kind.label(text_field)),
        text_required=text_field in kind.required,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = translations.save_translation(
                    original,
                    actor=request.user,
                    language=language or data["language"],
                    texts={name: data.get(name, "") for name in kind.fields},
                    lock_version=(data.get("lock_version") or 0) if existing else None,
                )
            except SupportError as error:
                form_error(form, error)
            else:
                with speaking(saved.language):
                    messages.success(request, _("The translation is saved."))
                url = reverse(kind.detail_url, args=[original.slug])
                return redirect(f"{url}?lang={saved.language}")
        status = 400
    return render(
        request,
        "support/translation_form.html",
        {
            "original": original,
            "original_text": getattr(original, text_field),
            "form": form,
            "existing": existing,
            "detail_url": reverse(kind.detail_url, args=[original.slug]),
        },
        status=status,
    )
