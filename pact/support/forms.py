"""What the support services' forms share: the "published by" choice of library resources and
events, choice-field helpers."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

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
