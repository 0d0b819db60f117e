"""Texts per language: what staff or members write, in an original language with translations.

One mechanism for every translatable text people write (KPI names, survey questions, mail texts,
content), as DESIGN §9 asks:

- ``LocalisedText`` is the value: the original's language, the original, and translations into
  other content languages. ``get(language)`` returns the text in that language when there is a
  translation, else the original, always *with its language*, so a page can mark a text in
  another language than its own with ``lang`` (WCAG 3.1.2).
- ``LocalisedTextField`` stores it in one JSON column: ``{"language": "en", "texts": {...}}``.
- ``LocalisedTextFormField`` edits the original and its translations side by side, and says
  clearly what is wrong (an unknown language, a translation in the original's language, an empty
  original); what was typed is kept.
- The ``texts`` template library renders one with ``lang`` when it differs from the page's.

Content languages are a list of their own (``settings.CONTENT_LANGUAGES``: the EU's 24 official
languages and the candidate countries'), separate from the interface's ``LANGUAGES``. Fields that
hold one use ``content_language_choices`` (a callable, so migrations never freeze the list) or
``validate_content_language``.

Part of the kernel: imports no app.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NamedTuple, TypeVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

# Translation rows offered empty below the existing ones; each save adds room for more.
EXTRA_TRANSLATION_ROWS = 2
MAX_TRANSLATION_ROWS = 40


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


# --- the value ------------------------------------------------------------------------------------


class TextError(ValueError):
    """Why a localised text cannot be built; ``messages`` are ready to show to the writer."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


class Localised(NamedTuple):
    """A text in one language, as a page shows it."""

    text: str
    language: str

    def __str__(self) -> str:
        return self.text

    @property
    def differs(self) -> bool:
        """Written in another language than the page's: the page marks it with ``lang``."""
        return self.language != page_language()


class LocalisedText:
    """An original text in a content language, with translations into other content languages.

    Immutable. Empty translations are dropped; every language is a content language; the original
    is never empty. Build one from a form's rows with ``build`` (which also refuses two
    translations into the same language, or one into the original's).
    """

    __slots__ = ("_texts", "language")
    language: str
    _texts: dict[str, str]

    def __init__(self, language: str, texts: Mapping[str, str]):
        language = normalise(language)
        cleaned = {normalise(code): (text or "").strip() for code, text in texts.items()}
        errors = []
        if not is_content_language(language):
            errors.append(_unknown(language))
        errors += [
            _unknown(code) for code in cleaned if code != language and not is_content_language(code)
        ]
        if not cleaned.get(language):
            errors.append(_("Write the text in its original language."))
        if errors:
            raise TextError(errors)
        object.__setattr__(self, "language", language)
        object.__setattr__(
            self,
            "_texts",
            {code: text for code, text in sorted(cleaned.items()) if text},
        )

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("LocalisedText is immutable")

    def __reduce__(self):
        # Pickled (Redis keeps figures that hold texts) as the arguments that build it again.
        return (LocalisedText, (self.language, dict(self._texts)))

    @classmethod
    def build(
        cls, language: str, text: str, translations: Iterable[tuple[str, str]] = ()
    ) -> LocalisedText:
        """From an original and ``(language, text)`` rows, checking every row; raises ``TextError``
        with all the problems at once."""
        language = normalise(language)
        errors: list[str] = []
        texts = {language: text}
        for number, (code, translated) in enumerate(translations, 1):
            code, translated = normalise(code), (translated or "").strip()
            if not translated:
                continue
            if not code:
                errors.append(
                    _("Choose the language of translation %(number)s.") % {"number": number}
                )
            elif not is_content_language(code):
                errors.append(_unknown(code))
            elif code == language:
                errors.append(
                    _(
                        "Translation %(number)s is in %(language)s, the original's language: "
                        "choose another language for it, or change the original's."
                    )
                    % {"number": number, "language": language_name(code)}
                )
            elif code in texts:
                errors.append(
                    _("There are two translations into %(language)s: keep one.")
                    % {"language": language_name(code)}
                )
            else:
                texts[code] = translated
        try:
            value = cls(language, texts)
        except TextError as exc:
            errors = exc.messages + errors
            raise TextError(errors) from None
        if errors:
            raise TextError(errors)
        return value

    @classmethod
    def of(cls, text: str, language: str = "en", **translations: str) -> LocalisedText:
        """A shorthand for code and tests: ``LocalisedText.of("Hello", "en", fr="Bonjour")``."""
        return cls(language, {language: text, **translations})

    # reading

    @property
    def original(self) -> str:
        return self._texts[self.language]

    @property
    def translations(self) -> dict[str, str]:
        return {code: text for code, text in self._texts.items() if code != self.language}

    @property
    def texts(self) -> dict[str, str]:
        return dict(self._texts)

    @property
    def languages(self) -> list[str]:
        return [self.language, *self.translations]

    def has(self, language: str) -> bool:
        return normalise(language) in self._texts

    def get(self, *languages: str | None) -> Localised:
        """The text in the first of ``languages`` it has (the page's when none is given), else the
        original, with the language it is in."""
        for language in languages or reader_languages():
            code = normalise(language)
            if code in self._texts:
                return Localised(self._texts[code], code)
        return Localised(self.original, self.language)

    def __str__(self) -> str:
        return self.get().text

    def __repr__(self) -> str:
        return f"LocalisedText({self.language!r}, {self._texts!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LocalisedText):
            return NotImplemented
        return self.language == other.language and self._texts == other._texts

    def __hash__(self) -> int:
        return hash((self.language, tuple(self._texts.items())))

    # changing (new values)

    def with_translation(self, language: str, text: str) -> LocalisedText:
        return LocalisedText.build(
            self.language,
            self.original,
            [*self.translations.items(), (language, text)],
        )

    # storage

    def to_json(self) -> dict:
        return {"language": self.language, "texts": dict(self._texts)}

    @classmethod
    def from_json(cls, data: Any) -> LocalisedText | None:
        if data is None or data == "" or data == {}:
            return None
        if isinstance(data, LocalisedText):
            return data
        if isinstance(data, str):
            data = json.loads(data)
        if not isinstance(data, dict) or "language" not in data:
            raise TextError([_("This is not a text with its language.")])
        return cls(data["language"], data.get("texts") or {})


def _unknown(code: str) -> str:
    return _("“%(code)s” is not one of the languages content can be written in.") % {
        "code": code or "?"
    }


# --- the model field ----------------------------------------------------------------------------------


class LocalisedTextField(models.JSONField):
    """A ``LocalisedText`` in one JSON column (``None`` for an empty optional text)."""

    description = "A text in an original language, with translations"

    def __init__(self, *args, multiline: bool = False, max_length: int | None = None, **kwargs):
        self.multiline = multiline
        self.text_max_length = max_length
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.multiline:
            kwargs["multiline"] = True
        if self.text_max_length is not None:
            kwargs["max_length"] = self.text_max_length
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        value = super().from_db_value(value, expression, connection)
        return LocalisedText.from_json(value)

    def to_python(self, value):
        try:
            return LocalisedText.from_json(value)
        except (TextError, ValueError) as exc:
            raise ValidationError(str(exc), code="invalid") from None

    def get_prep_value(self, value):
        if isinstance(value, LocalisedText):
            value = value.to_json()
        return super().get_prep_value(value)

    def get_db_prep_value(self, value, connection, prepared=False):
        if isinstance(value, LocalisedText):
            value = value.to_json()
        return super().get_db_prep_value(value, connection, prepared)

    def validate(self, value, model_instance):
        if isinstance(value, LocalisedText):
            value = value.to_json()
        super().validate(value, model_instance)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return json.dumps(value.to_json() if isinstance(value, LocalisedText) else value)

    def formfield(self, **kwargs):
        defaults = {
            "form_class": LocalisedTextFormField,
            "multiline": self.multiline,
            "max_length": self.text_max_length,
        }
        defaults.update(kwargs)
        return super(models.JSONField, self).formfield(**defaults)


# --- editing: the original and translations side by side ------------------------------------------


class LocalisedTextWidget(forms.Widget):
    """The original (language and text) and translation rows, each with its own label.

    Posted as ``<name>_language``, ``<name>_original`` and ``<name>_<n>_language`` /
    ``<name>_<n>_text``; ``<name>_rows`` says how many rows the page had.
    """

    template_name = "texts/localised_text_widget.html"

    def __init__(self, attrs=None, *, multiline: bool = False, extra: int = EXTRA_TRANSLATION_ROWS):
        super().__init__(attrs)
        self.multiline = multiline
        self.extra = extra

    def _render(self, template_name, context, renderer=None):
        # The project's template folders (not only the form renderer's), like every other page.
        return mark_safe(render_to_string(template_name, context))  # noqa: S308 - autoescaped

    def value_from_datadict(self, data, files, name) -> dict:
        try:
            count = int(data.get(f"{name}_rows", self.extra))
        except (TypeError, ValueError):
            count = self.extra
        count = max(0, min(count, MAX_TRANSLATION_ROWS))
        return {
            "language": data.get(f"{name}_language", ""),
            "original": data.get(f"{name}_original", ""),
            "rows": [
                (data.get(f"{name}_{n}_language", ""), data.get(f"{name}_{n}_text", ""))
                for n in range(1, count + 1)
            ],
        }

    def value_omitted_from_data(self, data, files, name) -> bool:
        return f"{name}_original" not in data and f"{name}_language" not in data

    def id_for_label(self, id_):
        return f"{id_}_original" if id_ else id_

    def format_value(self, value) -> dict:
        if isinstance(value, LocalisedText):
            return {
                "language": value.language,
                "original": value.original,
                "rows": list(value.translations.items()),
            }
        if isinstance(value, dict) and "rows" in value:
            return value
        if isinstance(value, dict | str) and value:
            try:
                return self.format_value(LocalisedText.from_json(value))
            except (TextError, ValueError):
                pass
        return {"language": "", "original": "", "rows": []}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        raw = self.format_value(value)
        base_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        filled = [(code, text) for code, text in raw["rows"] if code or text]
        rows = [*filled, *[("", "")] * self.extra]
        context["widget"].update(
            {
                "base_id": base_id,
                "language": raw["language"] or page_language(),
                "original": raw["original"],
                "rows": [
                    {
                        "number": number,
                        "language": code,
                        "text": text,
                        "id": f"{base_id}_{number}",
                        "name": f"{name}_{number}",
                    }
                    for number, (code, text) in enumerate(rows, 1)
                ],
                "row_count": len(rows),
                "choices": content_language_choices(),
                "multiline": self.multiline,
            }
        )
        return context


class LocalisedTextFormField(forms.Field):
    """Edits a ``LocalisedText``; cleans to one (or ``None`` when nothing was written)."""

    widget = LocalisedTextWidget

    def __init__(self, *, multiline: bool = False, max_length: int | None = None, **kwargs):
        self.multiline = multiline
        self.max_length = max_length
        kwargs.setdefault("widget", LocalisedTextWidget(multiline=multiline))
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value is None or isinstance(value, LocalisedText):
            return value
        if not isinstance(value, dict) or "rows" not in value:
            try:
                return LocalisedText.from_json(value)
            except (TextError, ValueError):
                raise ValidationError(_("This is not a text with its language.")) from None
        original = (value.get("original") or "").strip()
        rows = [(code, (text or "").strip()) for code, text in value.get("rows", [])]
        if not original and not any(text for _code, text in rows):
            return None
        if not original:
            raise ValidationError(_("Write the text in its original language."), code="empty")
        try:
            text = LocalisedText.build(value.get("language") or "", original, rows)
        except TextError as exc:
            raise ValidationError(exc.messages, code="invalid") from None
        if self.max_length:
            too_long = [code for code, t in text.texts.items() if len(t) > self.max_length]
            if too_long:
                raise ValidationError(
                    _("Keep each text under %(n)s characters (too long: %(languages)s).")
                    % {
                        "n": self.max_length,
                        "languages": ", ".join(language_name(c) for c in too_long),
                    },
                    code="max_length",
                )
        return text

    def prepare_value(self, value):
        return value

    def has_changed(self, initial, data) -> bool:
        try:
            cleaned = self.to_python(data)
        except ValidationError:
            return True
        return LocalisedText.from_json(initial) != cleaned
