"""The directory's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import OrganisationType
from partnerships.models import Ecosystem


class DirectoryFilterForm(forms.Form):
    """The directory's filters. Invalid values are ignored rather than failing the page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("Type"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("NUTS region"), required=False)
    ecosystem = forms.ChoiceField(label=_("Industrial ecosystem"), required=False)

    def __init__(self, *args, country_options=(), region_options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types")), *list(OrganisationType.choices)]
        self.fields["country"].choices = [("", _("All countries")), *list(country_options)]
        self.fields["region"].choices = [("", _("All regions")), *list(region_options)]
        self.fields["ecosystem"].choices = [("", _("All ecosystems")), *list(Ecosystem.choices)]
        self.fields["q"].widget = forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, acronym, region, description")}
        )

    def filters(self) -> dict[str, str]:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        values = {name: (cleaned.get(name) or "").strip() for name in self.fields}
        # Drop a filter whose value is not offered (e.g. a stale region) rather than erroring.
        for name in self.errors:
            values[name] = ""
        return values
