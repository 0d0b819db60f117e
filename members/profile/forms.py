"""The profile form: the organisation form, as its admins edit it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.forms import OrganisationForm


class ProfileForm(OrganisationForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)
