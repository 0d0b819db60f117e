"""Forms of an organisation's life: they only parse; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the suspension"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the organisation's people and main contact."),
    )


class ReinstateForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the organisation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WithdrawForm(forms.Form):
    confirmation = forms.CharField(
        label=_("Type the organisation's name to confirm"), max_length=250
    )
    reason = forms.CharField(
        label=_("Why are you leaving? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AppointAdminForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the new administrator"))
    check_performed = forms.CharField(
        label=_("Check performed"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Who confirmed that this person may act for the organisation, how, and which "
            "document you saw. Kept with the appointment."
        ),
    )
