"""The directory's form: the country whose NUTS regions to list."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pact.kernel.map import grouped_country_choices
from partnerships.workspace.forms import _choice


class RegionLookupForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=(), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "country").choices = [
            ("", _("Choose a country")),
            *grouped_country_choices(),
        ]
