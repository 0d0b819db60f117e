"""The directory's filters, their options with the number of organisations each would show."""

from __future__ import annotations

import re

from django import forms
from django.core.validators import RegexValidator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from members.directory.facets import Facets
from members.models import OrganisationType
from pact.kernel.map import country_name
from partnerships.models import Ecosystem

NBSP = "\u00a0"  # indents NUTS levels in a plain <select>
REGION_CODE = re.compile(r"^[A-Z]{2}[A-Z0-9]{0,3}$")


def options_html(choices, value: str) -> SafeString:
    """``<option>``s written in one pass: Django's template include per option cost more than the
    rest of the page for the couple of thousand NUTS regions."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((option, " selected" if str(option) == value else "", label) for option, label in choices),
    )


class ManyOptionsSelect(forms.Select):
    """A select whose options are written in one pass (``options_html``)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = next(iter(self.format_value(value)), "")
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options_html(self.choices, str(chosen)),
        )


def _region_code(value: str) -> str:
    return (value or "").strip().upper()


class DirectoryFilterForm(forms.Form):
    """The directory's filters. Invalid values are ignored rather than failing the page.

    Values are checked against what exists (every type, country and ecosystem; a region by the
    shape of a NUTS code); once the facets are counted, ``show_counts`` lists the options with
    their numbers."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("Type"), required=False, widget=ManyOptionsSelect)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=ManyOptionsSelect)
    region = forms.CharField(
        label=_("NUTS region"),
        required=False,
        max_length=5,
        validators=[RegexValidator(REGION_CODE)],
        widget=ManyOptionsSelect,
    )
    ecosystem = forms.ChoiceField(
        label=_("Industrial ecosystem"), required=False, widget=ManyOptionsSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types")), *OrganisationType.choices]
        self.fields["country"].choices = [("", _("All countries")), *countries]
        self.fields["region"].widget.choices = [("", _("All regions"))]
        self.fields["ecosystem"].choices = [("", _("All ecosystems")), *Ecosystem.choices]
        self.fields["q"].widget = forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, acronym, region, description")}
        )

    def clean_region(self) -> str:
        return _region_code(self.cleaned_data.get("region", ""))

    def filters(self) -> dict[str, str]:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        values = {name: (cleaned.get(name) or "").strip() for name in self.fields}
        # Drop a filter whose value is not offered (e.g. a stale region) rather than erroring.
        for name in self.errors:
            values[name] = ""
        self.chosen = values
        return values

    def show_counts(self, facets: Facets) -> None:
        """Each option with the number of organisations it would show (the other filters
        applied); countries and regions only where there are some, and the chosen one."""
        chosen = self.chosen

        def counted(name: str, choices, counts: dict[str, int], keep_empty: bool = True) -> list:
            return [
                (value, f"{label} ({counts.get(value, 0)})")
                for value, label in choices
                if keep_empty or counts.get(value) or value == chosen[name]
            ]

        places = {code for code in facets.country if code} | {chosen["country"]} - {""}
        country_names = sorted(
            ((code, country_name(code)) for code in places), key=lambda pair: pair[1]
        )
        regions = [
            (r.code, f"{NBSP * 2 * (r.level - 1)}{r.code} · {r.name} ({r.count})")
            for r in facets.region
        ]
        if chosen["region"] and chosen["region"] not in {r.code for r in facets.region}:
            regions.insert(0, (chosen["region"], f"{chosen['region']} (0)"))
        options = {
            "type": counted("type", OrganisationType.choices, facets.type),
            "country": counted("country", country_names, facets.country, keep_empty=False),
            "region": regions,
        }
        for name, rows in options.items():
            field = self.fields[name]
            field.widget.choices = [field.widget.choices[0], *rows]

    def oob_options(self) -> list[tuple[str, SafeString]]:
        """The options of every filter, for htmx to swap into the form after a search."""
        return [
            (name, options_html(self.fields[name].widget.choices, self.chosen.get(name, "")))
            for name in ("type", "country", "region", "ecosystem")
        ]
