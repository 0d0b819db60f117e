"""Choosing languages: the switcher, and the ``lang`` query parameter of public pages.

- ``set_language``: Django's view (a cookie), plus the signed-in person's profile.
- ``?lang=<code>`` (DESIGN §9, declared on every page and API list): the content language of the
  page (a declaration's translation, a news item's) and, when the interface speaks it, the
  interface language too; so each language of a page has its own URL, and its own page-cache key.
  An unknown code is a 400 naming it, before the page cache (``LanguageParameterMiddleware``).
- ``language_links``: the other languages of a page, for the links under its title and the
  ``<link rel="alternate" hreflang>`` of its head.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import translation
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from pact.kernel.texts import (
    content_language_choices,
    interface_languages,
    is_content_language,
    language_name,
    reading_in,
)

PARAMETER = "lang"


@csrf_exempt
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Remember the chosen language in a cookie and, for a signed-in person, in ``user.language``.

    The profile is what mails and PDFs sent to that person use; the cookie is what pages use.

    For anonymous visitors the switcher carries no CSRF token: a token would set a cookie on every
    public page and keep it out of the page cache (``pact.kernel.cache.page_cache``), and forging a visitor's
    choice of language harms no one. A signed-in person's form carries one and it is checked here,
    since the choice is saved to their profile.
    """
    if request.user.is_authenticated:
        # Checked against Django's own view (not this one, which is marked exempt).
        checker = CsrfViewMiddleware(HttpResponse)
        rejected = checker.process_view(request, django_set_language, (), {})
        if rejected is not None:
            return rejected
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if language in interface_languages() and response.has_header("Location"):
        # A page asked in one language (``?lang=fr``) would keep speaking it after the switch:
        # the parameter beats the cookie. The way back asks for the chosen language instead.
        response["Location"] = _with_language(response["Location"], language)
    user = request.user
    if (
        user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and getattr(user, "language", language) != language
    ):
        user.language = language  # type: ignore[union-attr]
        user.save(update_fields=["language"])  # type: ignore[union-attr]
    return response


# --- the ``lang`` query parameter -------------------------------------------------------------------


def requested_language(request: HttpRequest) -> str | None:
    """The content language a page was asked in (``?lang=``), already checked, else ``None``."""
    return getattr(request, "content_language", None)


def interface_language(request: HttpRequest) -> str:
    """The interface language of this request: ``?lang=`` when the interface speaks it, else what
    Django's locale negotiation finds (cookie, Accept-Language). The page cache keys on it."""
    code = request.GET.get(PARAMETER, "")
    if code in interface_languages():
        return code
    return translation.get_language_from_request(request)


def speaking(language: str) -> AbstractContextManager[None]:
    """Say something (a message shown on the next page) in ``language`` when the interface speaks
    it, else in the current language: a translation saved in French leads to the French page."""
    return translation.override(
        language if language in interface_languages() else translation.get_language()
    )


def _with_language(url: str, language: str) -> str:
    """``url`` with its ``lang`` parameter, if it has one, set to ``language``."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if not any(key == PARAMETER for key, _value in query):
        return url
    query = [(key, language if key == PARAMETER else value) for key, value in query]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _unknown_language(request: HttpRequest, code: str) -> HttpResponse:
    reason = f"Unknown language: {code!r}. Use one of: " + ", ".join(
        c for c, _name in content_language_choices()
    )
    if request.path_info.startswith("/api/"):
        body = {
            "detail": reason,
            "code": "invalid",
            "errors": {PARAMETER: [f"Unknown language: {code!r}."]},
        }
        return HttpResponse(json.dumps(body), status=400, content_type="application/json")
    page = f"<!DOCTYPE html><title>400</title><h1>400</h1><p>{escape(reason)}</p>"
    return HttpResponse(page, status=400, content_type="text/html; charset=utf-8")


class LanguageParameterMiddleware:
    """Check ``?lang=`` before the page cache (an unknown code is a 400 whatever is stored) and
    keep the checked code on the request as ``content_language``.

    The interface follows it through ``UserLanguageMiddleware`` (after the locale middleware),
    so a ``?lang=fr`` URL is French for everyone, signed in or not, whatever their cookie says.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.content_language = None  # type: ignore[attr-defined]
        if PARAMETER in request.GET:
            code = request.GET.get(PARAMETER, "")
            if not is_content_language(code):
                return _unknown_language(request, code)
            request.content_language = code  # type: ignore[attr-defined]
            with reading_in(code):
                return self.get_response(request)
        return self.get_response(request)


def language_links(
    request: HttpRequest, languages: Iterable[str], current: str, original: str | None = None
) -> list[dict]:
    """One link per language of a page's content (the original first): ``code``, ``name``,
    ``url`` (this page with ``?lang=code``, other parameters kept), ``current``, ``original``."""
    others = [(k, v) for k, v in request.GET.items() if k != PARAMETER]
    links = []
    for code in dict.fromkeys(languages):
        query = urlencode([*others, (PARAMETER, code)])
        links.append(
            {
                "code": code,
                "name": language_name(code),
                "url": request.build_absolute_uri(f"{request.path}?{query}"),
                "current": code == current,
                "original": code == original,
            }
        )
    return links
