from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from allauth.core import context, ratelimit
from allauth.mfa.base.forms import AuthenticateForm
from django import forms
from django.utils.translation import gettext_lazy as _


class ConfirmLinkForm(AuthenticateForm):
    """The staff member's portal password and a code from their authenticator (or a recovery
    code). ``save`` records both steps in the session, as a sign-in with them would."""

    password = forms.CharField(
        label=_("Your portal password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    field_order = ["password", "code"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Code from your authenticator app")
        self.fields["code"].widget.attrs.pop("placeholder", None)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        key = f"sso-link-{self.user.pk}"
        if not ratelimit.consume(context.request, action="login_failed", key=key):
            raise forms.ValidationError(_("Too many attempts. Try again in a few minutes."))
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password

    def clean_code(self) -> str:
        if "password" in self.errors:  # keep the code unused until the password is right
            return self.cleaned_data.get("code", "")
        return super().clean_code()

    def save(self) -> None:
        record_authentication(context.request, self.user, "password")
        super().save()


class RemovePasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password
