"""The profile form: the organisation form, as its admins edit it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.forms import OrganisationForm
from pact.kernel.texts import content_language_choices
from partnerships.models import Ecosystem


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
