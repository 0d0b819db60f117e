"""The person's own settings: language, API tokens (and links to allauth's email, password, MFA)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pact import access
from pact.kernel.api.auth import create_token
from pact.kernel.audit import log_action
from pact.models import ApiToken, User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]


class TokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "scope"]
        help_texts = {"name": gettext_lazy("So you recognise it later, e.g. 'reporting script'.")}


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
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        token, new_token = create_token(
            request.user, form.cleaned_data["name"], form.cleaned_data["scope"]
        )
        log_action(
            "pact.api_token.created",
            token,
            request.user,
            {"name": token.name, "scope": token.scope},
        )
        form = TokenForm()
    return render(
        request,
        "account/tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": ApiToken.objects.filter(user=request.user, revoked_at__isnull=True),
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
