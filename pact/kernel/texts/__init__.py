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

Modules: ``languages`` (the lists, code checks, the asked language), ``value`` (``LocalisedText``),
``fields`` (model and form fields, the widget). Import from the package: ``pact.kernel.texts``.
"""

from pact.kernel.texts.fields import (
    EXTRA_TRANSLATION_ROWS,
    MAX_TRANSLATION_ROWS,
    LocalisedTextField,
    LocalisedTextFormField,
    LocalisedTextWidget,
)
from pact.kernel.texts.languages import (
    TextError,
    asked_language,
    check_translation_language,
    content_language_choices,
    content_languages,
    interface_language_choices,
    interface_language_for,
    interface_languages,
    is_content_language,
    language_name,
    normalise,
    page_language,
    pick_translation,
    reader_languages,
    reading_in,
    validate_content_language,
)
from pact.kernel.texts.value import Localised, LocalisedText

# Migrations name these by the package's path, where they lived before the package was split:
# they say so themselves, so a migration never sees them move.
for _named in (
    LocalisedTextField,
    content_language_choices,
    interface_language_choices,
    validate_content_language,
):
    _named.__module__ = __name__

__all__ = [
    "EXTRA_TRANSLATION_ROWS",
    "MAX_TRANSLATION_ROWS",
    "Localised",
    "LocalisedText",
    "LocalisedTextField",
    "LocalisedTextFormField",
    "LocalisedTextWidget",
    "TextError",
    "asked_language",
    "check_translation_language",
    "content_language_choices",
    "content_languages",
    "interface_language_choices",
    "interface_language_for",
    "interface_languages",
    "is_content_language",
    "language_name",
    "normalise",
    "page_language",
    "pick_translation",
    "reader_languages",
    "reading_in",
    "validate_content_language",
]
