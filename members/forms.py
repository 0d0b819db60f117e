"""Forms for members: the application, the profile, colleagues, decisions, imports, the directory."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from members.models import Organisation, OrganisationRole, OrganisationType
from members.services import CHARTER_PRINCIPLES, name_taken
from pact import uploads
from pact.models import Region
from pact.texts import content_language_choices
from partnerships.models import Ecosystem

EU_MEMBER_STATES = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
]
# EU candidate countries, plus Kosovo as a potential candidate.
CANDIDATE_COUNTRIES = ["AL", "BA", "GE", "MD", "ME", "MK", "RS", "TR", "UA", "XK"]
EFTA_COUNTRIES = ["IS", "LI", "NO", "CH"]

PRINCIPLE_LABELS = {
    1: _("Promoting a culture of lifelong learning for all"),
    2: _("Building strong skills partnerships"),
    3: _("Monitoring skills supply and demand and anticipating skills needs"),
    4: _("Working against discrimination and for gender equality and equal opportunities"),
}

NBSP = "\u00a0"  # indents NUTS levels in a plain <select>


def country_choices() -> list:
    """Countries grouped as people look for them: EU, candidates, EFTA, then everyone else."""
    names = dict(countries)

    def group(codes):
        return sorted(((c, names[c]) for c in codes if c in names), key=lambda pair: pair[1])

    listed = set(EU_MEMBER_STATES) | set(CANDIDATE_COUNTRIES) | set(EFTA_COUNTRIES)
    return [
        ("", _("Choose a country")),
        (_("EU Member States"), group(EU_MEMBER_STATES)),
        (_("Candidate countries"), group(CANDIDATE_COUNTRIES)),
        (_("EFTA countries"), group(EFTA_COUNTRIES)),
        (_("Other countries"), group(c for c in names if c not in listed)),
    ]


def regions_for(country: str):
    return (
        Region.objects.filter(country=country)
        .exclude(name__startswith="Extra-Regio")
        .order_by("code")
    )


def region_choices(country: str | None) -> list[tuple[str, object]]:
    if not country:
        return [("", _("Choose a country first"))]
    regions = list(regions_for(country).values_list("code", "name", "level"))
    if not regions:
        return [("", _("No NUTS regions for this country: the country alone is fine"))]
    # Indent by NUTS level so the hierarchy reads in a plain select.
    return [("", _("No region (the whole country)"))] + [
        (code, f"{NBSP * 2 * (level - 1)}{code} · {name}") for code, name, level in regions
    ]


class LogoField(forms.FileField):
    """A picture checked by its content (not its name), re-encoded as PNG; SVG refused."""

    def clean(self, data, initial=None):
        data = super().clean(data, initial)
        if data and data is not initial and hasattr(data, "read"):
            return uploads.clean_logo(data)
        return None


class OrganisationForm(forms.ModelForm):
    """Profile fields shared by the application and the profile editor."""

    country = forms.ChoiceField(label=_("Country"), choices=country_choices)
    nuts_region = forms.ModelChoiceField(
        label=_("NUTS region"),
        queryset=Region.objects.all(),
        required=False,
        help_text=_(
            "Where the organisation is based, if the country has NUTS regions. Leave empty for a "
            "national organisation."
        ),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("For example https://www.example.eu"),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    logo = LogoField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG, GIF or WebP, at most 2 MB. It is shown on the public profile."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}
        ),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "acronym",
            "type",
            "country",
            "nuts_region",
            "website",
            "description",
            "contact_name",
            "contact_email",
        ]
        labels = {
            "name": _("Name of the organisation"),
            "acronym": _("Acronym"),
            "type": _("Type of organisation"),
            "description": _("Short description"),
            "contact_name": _("Main contact: name"),
            "contact_email": _("Main contact: email"),
        }
        help_texts = {
            "description": _("What the organisation does, in a few sentences. Shown publicly."),
            "contact_email": _("Used by the Commission only; never shown publicly."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Choose a type")), *list(OrganisationType.choices)]
        if self.instance.pk:
            self.fields["logo"].widget = forms.FileInput(attrs=self.fields["logo"].widget.attrs)
        country = self.data.get(self.add_prefix("country")) if self.is_bound else None
        if country is None:
            country = self.initial.get("country") or self.instance.country or None
        country = getattr(country, "code", country)
        region_field = self.fields["nuts_region"]
        region_field.choices = region_choices(country)  # type: ignore[attr-defined]
        # Changing the country fetches its regions (htmx); without JavaScript the form offers a
        # button that redisplays it with the chosen country's regions.
        self.fields["country"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("members:region_options"),
                "hx-target": "#id_nuts_region",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
                "autocomplete": "country",
            }
        )
        for name, attrs in {
            "name": {"autocomplete": "organization"},
            "contact_name": {"autocomplete": "name"},
            "contact_email": {"autocomplete": "email"},
            "website": {"autocomplete": "url"},
        }.items():
            self.fields[name].widget.attrs.update(attrs)

    def clean(self):
        data = super().clean()
        country = data.get("country")
        region = data.get("nuts_region")
        if region and country and region.country != country:
            self.add_error(
                "nuts_region",
                _("%(region)s is not a region of %(country)s.")
                % {"region": region.code, "country": countries.name(country)},
            )
        name = data.get("name")
        if name and country and name_taken(name, country, exclude_pk=self.instance.pk):
            self.add_error(
                "name",
                _("An organisation with this name is already registered in this country."),
            )
        return data

    def validate_unique(self):
        # Uniqueness of the name within a country is checked in clean() with a clear message on
        # the name field (and again by the database constraint in the service).
        return None

    def profile_data(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in self.Meta.fields}


class ApplicationForm(OrganisationForm):
    """Registering an organisation: the profile plus the four Charter principles, one box each."""

    principle_1 = forms.BooleanField(label=PRINCIPLE_LABELS[1])
    principle_2 = forms.BooleanField(label=PRINCIPLE_LABELS[2])
    principle_3 = forms.BooleanField(label=PRINCIPLE_LABELS[3])
    principle_4 = forms.BooleanField(label=PRINCIPLE_LABELS[4])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in CHARTER_PRINCIPLES:
            self.fields[f"principle_{n}"].error_messages["required"] = _(
                "Tick this box to accept this principle of the Charter."
            )

    def accepted_principles(self) -> list[int]:
        return [n for n in CHARTER_PRINCIPLES if self.cleaned_data.get(f"principle_{n}")]

    def principle_fields(self):
        return [self[f"principle_{n}"] for n in CHARTER_PRINCIPLES]

    def profile_fields(self):
        return [self[name] for name in (*self.Meta.fields, "logo")]


class ProfileForm(OrganisationForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)
    ecosystems = forms.MultipleChoiceField(
        label=_("Industrial ecosystems"),
        choices=Ecosystem.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The ecosystems the organisation works in, if any."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        required=False,
        help_text=_(
            "The language the organisation prefers for surveys and mail from the Pact; the "
            "portal writes in it when it can."
        ),
    )

    class Meta(OrganisationForm.Meta):
        fields = [*OrganisationForm.Meta.fields, "ecosystems", "preferred_language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].choices = [
            ("", _("No preference")),
            *content_language_choices(),
        ]

    def profile_data(self) -> dict:
        return {
            **super().profile_data(),
            "ecosystems": list(self.cleaned_data.get("ecosystems") or []),
            "preferred_language": self.cleaned_data.get("preferred_language") or "",
        }


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of your colleague"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=OrganisationRole.choices,
        initial=OrganisationRole.CONTRIBUTOR,
        widget=forms.RadioSelect,
        help_text=_(
            "Administrators edit the profile and manage colleagues; contributors report progress."
        ),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=OrganisationRole.choices)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to reject. It is sent to the applicant."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason for the rejection."))
        return data


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 CSV with the columns: name, acronym, type, country, nuts_region, website, "
            "contact_name, contact_email."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class ImportConfirmForm(forms.Form):
    charter = forms.BooleanField(
        label=_(
            "The organisations on this list have accepted the four principles of the Pact "
            "Charter and agree to be registered."
        ),
        error_messages={"required": _("Confirm that these organisations accepted the Charter.")},
    )


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
