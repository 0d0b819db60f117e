"""The form that confirms deleting one's account: the address typed again and the password."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pact.site.personal_data.services import check_deletion_confirmation


class DeleteAccountForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"), help_text=_("Type it to confirm it is your account.")
    )
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        message = check_deletion_confirmation(
            self.user, data.get("email", ""), data.get("password", "")
        )
        if message:
            raise forms.ValidationError(message)
        return data
