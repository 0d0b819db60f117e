"""What the support services' forms share: the "published by" choice of library resources and
events, choice-field helpers."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from pact.kernel.texts import content_language_choices
from partnerships.models import Ecosystem, Partnership

PACT = "pact"


def _choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _ecosystem_choices(empty) -> list:
    return [("", empty), *Ecosystem.choices]


class PublisherMixin:
    """A "published by" choice: the Pact (support services) or a partnership one coordinates."""

    fields: dict
    cleaned_data: dict

    def setup_publisher(
        self,
        *,
        can_publish_for_pact: bool,
        partnerships: list[Partnership],
        current=None,
        fixed=False,
    ) -> None:
        field = cast(forms.ChoiceField, self.fields["publisher"])
        choices: list[tuple[str, str]] = []
        if fixed:
            owner = current
            choices = [
                (str(owner.pk), owner.name) if owner else (PACT, str(_("Pact support services")))
            ]
            field.disabled = True
            field.initial = choices[0][0]
        else:
            if can_publish_for_pact:
                choices.append((PACT, str(_("Pact support services"))))
            choices += [(str(p.pk), p.name) for p in partnerships]
        field.choices = choices
        if len(choices) == 1:
            field.initial = choices[0][0]
        self._partnerships = {str(p.pk): p for p in partnerships}
        if current is not None:
            self._partnerships[str(current.pk)] = current

    def publisher_partnership(self) -> Partnership | None:
        value = self.cleaned_data.get("publisher")
        return None if value in (None, "", PACT) else self._partnerships.get(value)


class TranslationForm(forms.Form):
    """An event's, a call's or a resource's texts in another language, written beside the
    original. Only parses: the services check the language and say what is wrong with it."""

    # A text field behind a list: any code reaches the service, which names what is wrong.
    language = forms.CharField(
        label=_("Language of the translation"), required=False, widget=forms.Select()
    )
    title = forms.CharField(label=_("Title"), max_length=250)
    summary = forms.CharField(
        label=_("Summary"), max_length=600, widget=forms.Textarea({"rows": 3})
    )
    lock_version = forms.IntegerField(required=False, widget=forms.HiddenInput())

    def __init__(
        self,
        *args,
        text_field: str,
        text_label,
        text_required: bool,
        fixed_language: str | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The third text (an event's programme, a call's eligibility, a resource's text).
        self.fields[text_field] = forms.CharField(
            label=text_label, required=text_required, widget=forms.Textarea({"rows": 10})
        )
        self.text_field = text_field
        field = self.fields["language"]
        if fixed_language:
            field.disabled = True
            self.initial["language"] = fixed_language
        field.widget.choices = [  # type: ignore[attr-defined]
            ("", _("Choose a language")),
            *content_language_choices(),
        ]

    @property
    def text(self):
        return self[self.text_field]
