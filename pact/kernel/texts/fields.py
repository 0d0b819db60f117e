"""Storing and editing a ``LocalisedText``: the model field (one JSON column) and the form field
that edits the original and its translations side by side."""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from pact.kernel.texts.languages import content_language_choices, language_name, page_language
from pact.kernel.texts.value import LocalisedText, TextError

# Translation rows offered empty below the existing ones; each save adds room for more.
EXTRA_TRANSLATION_ROWS = 2
MAX_TRANSLATION_ROWS = 40


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
