"""Forms for colleagues: inviting a person, changing a role."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import OrganisationRole


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
