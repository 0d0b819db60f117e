"""The two language lists (content and interface), checks of a language code, and which
language a reader asked for (``?lang=``) while a request lasts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

# --- content languages --------------------------------------------------------------------------


def content_languages() -> dict[str, Any]:
    """``{code: name}`` of the languages content may be written in (names translated lazily)."""
    return dict(settings.CONTENT_LANGUAGES)


def content_language_choices() -> list[tuple[str, str]]:
    """``(code, name)`` pairs sorted by name in the active language (a callable for ``choices``)."""
    names = [(code, str(name)) for code, name in settings.CONTENT_LANGUAGES]
    return sorted(names, key=lambda pair: pair[1].casefold())


def language_name(code: str) -> str:
    name = content_languages().get(code) or dict(settings.LANGUAGES).get(code)
    return str(name) if name else code


def normalise(code: str | None) -> str:
    """``"fr-BE"`` -> ``"fr"``; the primary subtag, lower case (``"cnr"`` stays ``"cnr"``)."""
    return (code or "").strip().replace("_", "-").split("-")[0].lower()


def is_content_language(code: str | None) -> bool:
    return bool(code) and code in content_languages()


def validate_content_language(value: str) -> None:
    if value and not is_content_language(value):
        raise ValidationError(
            gettext_lazy("“%(code)s” is not one of the languages content can be written in."),
            code="unknown_language",
            params={"code": value},
        )


def interface_languages() -> list[str]:
    """Codes of the interface's languages (``settings.LANGUAGES``, set by configuration)."""
    return [code for code, _name in settings.LANGUAGES]


def interface_language_choices() -> list[tuple[str, str]]:
    """``(code, name)`` of the interface languages (a callable for ``choices``)."""
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def interface_language_for(code: str | None) -> str:
    """The interface language to use with content in ``code``: itself when the interface speaks
    it, else the default (an Italian text gets English labels around it)."""
    code = normalise(code)
    return code if code in interface_languages() else settings.LANGUAGE_CODE


def check_translation_language(original: str, existing: Iterable[str], code: str) -> str:
    """``code`` normalised, if a new translation may be written in it; else ``TextError`` saying
    why (not a content language, the original's language, or already translated)."""
    code = normalise(code)
    if not code:
        raise TextError([_("Choose the language of the translation.")])
    if not is_content_language(code):
        raise TextError([_unknown(code)])
    if code == normalise(original):
        raise TextError(
            [
                _("The original is already in %(language)s: choose another language.")
                % {"language": language_name(code)}
            ]
        )
    if code in {normalise(c) for c in existing}:
        raise TextError(
            [
                _("There is already a translation into %(language)s: edit that one.")
                % {"language": language_name(code)}
            ]
        )
    return code


T = TypeVar("T")

# The content language a request asked for (``?lang=``, set by pact.kernel.language for the
# request's duration): texts prefer it to the page's language, so an Italian URL shows Italian
# texts around an interface that may not speak Italian.
_asked_language: ContextVar[str | None] = ContextVar("asked_language", default=None)


def asked_language() -> str | None:
    return _asked_language.get()


@contextmanager
def reading_in(code: str | None) -> Iterator[None]:
    """Texts read inside prefer ``code`` (a checked content language) to the page's language."""
    token = _asked_language.set(code)
    try:
        yield
    finally:
        _asked_language.reset(token)


def reader_languages() -> tuple[str, ...]:
    """The languages a reader wants, first first: the asked one, then the page's."""
    asked = asked_language()
    page = page_language()
    return (asked, page) if asked and asked != page else (page,)


def pick_translation(
    original: str, translations: Mapping[str, T], asked: str | None = None
) -> T | None:
    """Which translation of a document (one row per language) a reader sees: the one in the
    ``asked`` language (``?lang=``) when given, else the one in the page's language; ``None`` for
    the original (none in that language, or the original's own language asked)."""
    codes = (normalise(asked),) if asked else reader_languages()
    for code in codes:
        if code == normalise(original):
            return None
        if code in translations:
            return translations[code]
    return None


def page_language() -> str:
    return normalise(get_language() or settings.LANGUAGE_CODE)


class TextError(ValueError):
    """Why a localised text cannot be built; ``messages`` are ready to show to the writer."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def _unknown(code: str) -> str:
    return _("“%(code)s” is not one of the languages content can be written in.") % {
        "code": code or "?"
    }
