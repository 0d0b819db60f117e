"""Newsletter forms: subscribing, and composing a newsletter from recent news."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pact.communications.models import NewsItem
from pact.communications.newsletter import selectors


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    language = forms.ChoiceField(
        label=_("Language of the newsletter's messages"), choices=settings.LANGUAGES
    )


class NewsletterForm(forms.Form):
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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        items = cast(forms.ModelMultipleChoiceField, self.fields["news_items"])
        items.queryset = selectors.recent_news_for_newsletter()
        items.label_from_instance = _news_item_label  # type: ignore[method-assign,assignment]


def _news_item_label(item: NewsItem) -> str:
    day = date_format(item.published_on, "SHORT_DATE_FORMAT") if item.published_on else ""
    label = f"{day} — {item.title}"
    return f"{label} ({item.partnership.name})" if item.partnership else label
