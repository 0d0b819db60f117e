"""What sign-up asks besides the e-mail address and password: the person's name, shown wherever
a person is shown (allauth adds these fields to its sign-up form: ACCOUNT_SIGNUP_FORM_CLASS)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(forms.Form):
    full_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        help_text=_("As colleagues and partners should see it, e.g. Maria Rossi."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["full_name", "email", "password1", "password2"]

    def signup(self, request, user) -> None:
        user.full_name = self.cleaned_data["full_name"].strip()
        user.save(update_fields=["full_name"])
