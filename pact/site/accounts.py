"""The person's own settings: language, API tokens (and links to allauth's email, password, MFA)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from pact import access
from pact.kernel import assurance
from pact.kernel.api.auth import LIFETIMES, create_token, lifetime_refusal
from pact.kernel.audit import log_action
from pact.models import ApiToken, User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]


class TokenForm(forms.ModelForm):
    """A token's name, scope and lifetime; a staff write token needs a second factor (§9)."""

    days = forms.TypedChoiceField(
        label=gettext_lazy("Valid for"),
        coerce=int,
        initial=90,
        required=False,
        empty_value=90,  # type: ignore[arg-type]
    )

    class Meta:
        model = ApiToken
        fields = ["name", "scope"]
        help_texts = {"name": gettext_lazy("So you recognise it later, e.g. 'reporting script'.")}

    def __init__(self, *args, user=None, multi_factor: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.multi_factor = user, multi_factor
        self.fields["days"].choices = [  # type: ignore[attr-defined]
            (days, ngettext("%(days)s day", "%(days)s days", days) % {"days": days})
            for days in LIFETIMES
        ]

    def clean(self):
        cleaned = super().clean()
        scope, days = cleaned.get("scope"), cleaned.get("days")
        if scope and days:
            refusal = lifetime_refusal(self.user, scope, days, self.multi_factor)
            if refusal == "staff_write_needs_mfa":
                raise forms.ValidationError(
                    _(
                        "A staff token that can make changes can only be created after signing "
                        "in with a second factor. Sign in again with your authenticator."
                    )
                )
            if refusal == "staff_write_lifetime":
                self.add_error(
                    "days", _("A staff token that can make changes is valid for 90 days at most.")
                )
        return cleaned


@login_required
def settings_page(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        log_action(
            "pact.user.profile_changed", request.user, request.user, {"fields": form.changed_data}
        )
        translation.activate(request.user.language)
        response = redirect("account_settings")
        response.set_cookie(
            "django_language", request.user.language, max_age=365 * 24 * 3600, samesite="Lax"
        )
        messages.success(request, _("Your settings were saved."))
        return response
    return render(
        request,
        "account/settings.html",
        {"form": form, "has_mfa": access.has_mfa(request.user)},
    )


@login_required
def tokens(request):
    multi_factor = assurance.of(request).is_multi_factor
    form = TokenForm(request.POST or None, user=request.user, multi_factor=multi_factor)
    new_token = None
    if request.method == "POST" and form.is_valid():
        token, new_token = create_token(
            request.user,
            form.cleaned_data["name"],
            form.cleaned_data["scope"],
            form.cleaned_data["days"],
        )
        log_action(
            "pact.api_token.created",
            token,
            request.user,
            {
                "name": token.name,
                "scope": token.scope,
                "expires_at": token.expires_at.isoformat() if token.expires_at else None,
                "staff": bool(request.user.staff_role),
                "multi_factor": multi_factor,
            },
        )
        form = TokenForm(user=request.user, multi_factor=multi_factor)
    return render(
        request,
        "account/tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": ApiToken.objects.filter(user=request.user, revoked_at__isnull=True).exclude(
                expires_at__lte=timezone.now()
            ),
            "api_base": request.build_absolute_uri("/api/v1/"),
        },
    )


@login_required
@require_POST
def revoke_token(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action("pact.api_token.revoked", token, request.user, {"name": token.name})
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("api_tokens")
