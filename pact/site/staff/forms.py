"""Forms of the staff roles pages: they parse; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pact.models import StaffRole

GRANTABLE = [(value, label) for value, label in StaffRole.choices if value]


class GrantForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the account"),
        help_text=_("The person must have an account on the portal."),
    )
    role = forms.ChoiceField(label=_("Staff role"), choices=GRANTABLE)


class SecondFactorResetForm(forms.Form):
    check_note = forms.CharField(
        label=_("How you made sure it is them"),
        help_text=_(
            "For example: a video call in which you recognised them, or a call to their office "
            "number from the Commission directory. Never only an email."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )
    confirmed = forms.BooleanField(
        label=_("I confirmed the person's identity through a channel other than email.")
    )
