"""The directory's filters."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from members.models import OrganisationType
from partnerships.models import Ecosystem


class ManyOptionsSelect(forms.Select):
    """A select of a couple of thousand options (the NUTS regions where members are), written in
    one pass: Django's template include per option cost more than the rest of the page."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option, " selected" if str(option) in chosen else "", label)
                for option, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )


class DirectoryFilterForm(forms.Form):
    """The directory's filters. Invalid values are ignored rather than failing the page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("Type"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("NUTS region"), required=False, widget=ManyOptionsSelect)
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
