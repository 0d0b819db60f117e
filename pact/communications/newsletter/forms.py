"""Newsletter forms: subscribing, and composing a newsletter from recent news."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import cast

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pact.communications.models import NewsItem
from pact.communications.newsletter import selectors
from pact.communications.newsletter.languages import Row
from pact.kernel.texts import content_language_choices


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    # Any content language: the newsletter comes in it when translated, else in its original.
    language = forms.ChoiceField(
        label=_("Language of the newsletter's messages"), choices=content_language_choices
    )


# Translation rows offered empty below the existing ones; each save adds room for more.
EXTRA_TRANSLATIONS = 2
MAX_TRANSLATIONS = 40


class NewsletterForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the subject and introduction"),
        choices=content_language_choices,
        initial="en",
        required=False,
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Optional. Markdown: paragraphs, lists, links."),
    )
    news_items = forms.ModelMultipleChoiceField(
        label=_("News items"),
        queryset=NewsItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Published news of the last four months."),
        error_messages={"required": _("Select at least one news item.")},
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    translation_rows = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, translations: Sequence[Row] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        items = cast(forms.ModelMultipleChoiceField, self.fields["news_items"])
        items.queryset = selectors.recent_news_for_newsletter()
        items.label_from_instance = _news_item_label  # type: ignore[method-assign,assignment]
        count = len(translations) + EXTRA_TRANSLATIONS
        if self.is_bound:
            with contextlib.suppress(ValueError):
                count = int(self.data.get("translation_rows") or count)
        count = max(0, min(count, MAX_TRANSLATIONS))
        self.initial["translation_rows"] = count
        choices = [("", _("Choose a language")), *content_language_choices()]
        for n in range(1, count + 1):
            row = translations[n - 1] if n <= len(translations) else None
            # A text field behind a list: the services name what is wrong with any code.
            self.fields[f"t{n}_language"] = forms.CharField(
                label=_("Translation %(n)s: language") % {"n": n},
                required=False,
                widget=forms.Select(choices=choices),
                initial=row.language if row else "",
            )
            self.fields[f"t{n}_subject"] = forms.CharField(
                label=_("Translation %(n)s: subject") % {"n": n},
                required=False,
                max_length=200,
                initial=row.subject if row else "",
            )
            self.fields[f"t{n}_introduction"] = forms.CharField(
                label=_("Translation %(n)s: introduction") % {"n": n},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=row.introduction if row else "",
            )
        self.translation_count = count

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or "en"

    def translation_fields(self) -> list[tuple]:
        """Each translation row's bound fields (language, subject, introduction)."""
        return [
            (self[f"t{n}_language"], self[f"t{n}_subject"], self[f"t{n}_introduction"])
            for n in range(1, self.translation_count + 1)
        ]

    def translations(self) -> list[Row]:
        data = self.cleaned_data
        return [
            Row(
                data.get(f"t{n}_language") or "",
                data.get(f"t{n}_subject") or "",
                data.get(f"t{n}_introduction") or "",
            )
            for n in range(1, self.translation_count + 1)
        ]


def _news_item_label(item: NewsItem) -> str:
    day = date_format(item.published_on, "SHORT_DATE_FORMAT") if item.published_on else ""
    label = f"{day} — {item.title}"
    return f"{label} ({item.partnership.name})" if item.partnership else label
