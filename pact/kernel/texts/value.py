"""``LocalisedText``: an original in its language with translations, and its errors."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from pact.kernel.texts.languages import (
    TextError,
    _unknown,
    is_content_language,
    language_name,
    normalise,
    page_language,
    reader_languages,
)

# --- the value ------------------------------------------------------------------------------------


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
