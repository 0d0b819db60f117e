"""Forms for matchmaking: searching partners and asking one to get in touch."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Organisation, OrganisationType
from pact.kernel.map import grouped_country_choices
from pact.support.eoi.forms import _choice
from partnerships.models import Ecosystem


class PartnerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Keywords in their commitments"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words from the titles and descriptions of current commitments and pledges."),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.CharField(
        label=_("NUTS region"),
        required=False,
        max_length=5,
        help_text=_("A NUTS code; a code also finds its sub-regions (ITC finds ITC4)."),
    )
    ecosystem = forms.ChoiceField(label=_("Industrial ecosystem"), required=False)
    type = forms.ChoiceField(label=_("Type of organisation"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "country").choices = [("", _("Any country")), *grouped_country_choices()]
        _choice(self, "ecosystem").choices = [("", _("Any ecosystem")), *Ecosystem.choices]
        _choice(self, "type").choices = [("", _("Any type")), *OrganisationType.choices]


class ContactRequestForm(forms.Form):
    from_organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Choose your organisation.")},
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Say who you are and why you would like to get in touch. Their administrators decide "
            "whether to share their contact details with you."
        ),
        error_messages={"required": _("Say why you would like to get in touch.")},
    )

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["from_organisation"])
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        if len(organisations) == 1:
            field.initial = organisations[0].pk
