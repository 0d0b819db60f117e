"""News forms: writing a news item, filtering the public list."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from pact import access
from pact.communications.models import NewsItem
from pact.communications.news import selectors
from pact.kernel.texts import content_language_choices
from partnerships.models import Ecosystem

PACT_NEWS = "pact"


class NewsItemForm(forms.Form):
    publisher = forms.ChoiceField(
        label=_("Published by"),
        help_text=_("Pact news, or the news of a partnership you coordinate."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences shown in lists, feeds and the newsletter."),
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Markdown: leave an empty line between paragraphs; '- ' starts a list item; "
            "[words](https://example.org) makes a link; '## ' starts a heading."
        ),
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=content_language_choices)
    published_on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Left empty, the day it is published."),
    )
    ecosystems = forms.MultipleChoiceField(
        label=_("Industrial ecosystems"),
        choices=Ecosystem.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    related_partnerships = forms.ModelMultipleChoiceField(
        label=_("Related partnerships"),
        queryset=access.public_partnerships().order_by("name"),
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to select several."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, item: NewsItem | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.item = item
        related = cast(forms.ModelMultipleChoiceField, self.fields["related_partnerships"])
        related.queryset = access.public_partnerships().order_by("name")
        choices: list[tuple[str, str]] = []
        if item is not None:
            # The publisher of an existing item does not change.
            owner = item.partnership
            choices = [(str(owner.pk), owner.name) if owner else (PACT_NEWS, str(_("Pact news")))]
            self.fields["publisher"].disabled = True
            self.fields["publisher"].initial = choices[0][0]
        else:
            if access.can_write_pact_news(user):
                choices.append((PACT_NEWS, str(_("Pact news (Commission staff)"))))
            choices += [(str(p.pk), p.name) for p in access.news_partnerships(user)]
        cast(forms.ChoiceField, self.fields["publisher"]).choices = choices
        if len(choices) == 1:
            self.fields["publisher"].initial = choices[0][0]

    def clean_publisher(self):
        value = self.cleaned_data["publisher"]
        if self.item is not None:
            return self.item.partnership
        if value == PACT_NEWS:
            return None
        partnership = access.news_partnerships(self.user).filter(pk=value).first()
        if partnership is None:
            raise forms.ValidationError(_("Choose one of the listed publishers."))
        return partnership

    @classmethod
    def initial_for(cls, item: NewsItem) -> dict:
        return {
            "title": item.title,
            "summary": item.summary,
            "body": item.body,
            "language": item.language,
            "published_on": item.published_on,
            "ecosystems": item.ecosystems,
            "related_partnerships": list(item.related_partnerships.all()),
            "lock_version": item.lock_version,
        }


class NewsFilterForm(forms.Form):
    ecosystem = forms.ChoiceField(
        label=_("Industrial ecosystem"),
        choices=[("", _("All ecosystems")), *Ecosystem.choices],
        required=False,
    )
    partnership = forms.ChoiceField(label=_("Partnership"), required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=lambda: [("", _("All languages")), *content_language_choices()],
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["partnership"]).choices = [
            ("", _("All partnerships")),
            *((p.slug, p.name) for p in selectors.news_filter_partnerships()),
        ]


class NewsTranslationForm(forms.Form):
    """A news item's title, summary and text in another language, written beside the original.
    Only parses: the services check the language and say what is wrong with it."""

    # A text field behind a list: any code reaches the service, which names what is wrong.
    language = forms.CharField(label=_("Language of the translation"), widget=forms.Select())
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=600, widget=forms.Textarea({"rows": 3})
    )
    body = forms.CharField(label=_("Text"), widget=forms.Textarea({"rows": 12}))
    lock_version = forms.IntegerField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args, fixed_language: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["language"]
        if fixed_language:
            field.disabled = True
            self.initial["language"] = fixed_language
        field.widget.choices = [  # type: ignore[attr-defined]
            ("", _("Choose a language")),
            *content_language_choices(),
        ]
