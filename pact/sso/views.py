"""A person's sign-in methods, the staff link confirmation, and raising a sign-in to two factors."""

from __future__ import annotations

from allauth.account.utils import get_next_redirect_url
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal.flows import connect as connect_flows
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.signals import social_account_removed
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pact.kernel import assurance
from pact.kernel.audit import log_action
from pact.sso import linking
from pact.sso import session as sso_session
from pact.sso.forms import ConfirmLinkForm, RemovePasswordForm

# How the factors of a sign-in (pact.kernel.assurance) read on the page.
FACTOR_LABELS = {
    "password": gettext_lazy("password"),
    "sso": gettext_lazy("identity provider"),
    "totp": gettext_lazy("authenticator app"),
    "recovery_codes": gettext_lazy("recovery code"),
    "webauthn": gettext_lazy("security key"),
    "code": gettext_lazy("code sent by email"),
    "password_reset": gettext_lazy("password reset link"),
    assurance.UNRECORDED: gettext_lazy("email confirmation link"),
}


def describe(request: HttpRequest) -> str:
    """The factors of the current sign-in in words, e.g. "password, authenticator app" or
    "EU Login" (the provider this session came from)."""
    labels: dict[str, object] = dict(FACTOR_LABELS)
    provider_id = sso_session.provider_of_session(request)
    if provider_id:
        labels["sso"] = _provider_name(_providers(request), provider_id)
    return ", ".join(str(labels.get(f, f)) for f in assurance.of(request).factors)


def _providers(request: HttpRequest) -> list:
    return get_adapter().list_providers(request)


def _has_authenticator(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _methods_page(request, remove_form=None, status=200):
    user = request.user
    links = list(SocialAccount.objects.filter(user=user).order_by("date_joined"))
    providers = _providers(request)
    linked_ids = {link.provider for link in links}
    return render(
        request,
        "sso/methods.html",
        {
            "has_password": user.has_usable_password(),
            "has_authenticator": _has_authenticator(user),
            "links": [
                {"account": link, "name": _provider_name(providers, link.provider)}
                for link in links
            ],
            "providers_to_link": [p for p in providers if p.sub_id not in linked_ids],
            "remove_form": remove_form or RemovePasswordForm(user),
            "sign_in": assurance.of(request),
            "factors": describe(request),
        },
        status=status,
    )


def _linked_names(request):
    providers = _providers(request)
    return [
        _provider_name(providers, provider_id)
        for provider_id in SocialAccount.objects.filter(user=request.user).values_list(
            "provider", flat=True
        )
    ]


def _provider_name(providers: list, provider_id: str) -> str:
    for provider in providers:
        if provider.sub_id == provider_id:
            return provider.name
    return provider_id


@login_required
def methods(request):
    return _methods_page(request)


@login_required
@require_POST
def remove_password(request):
    """Sign in through the provider only: possible once an identity is linked."""
    user = request.user
    if not SocialAccount.objects.filter(user=user).exists() or not user.has_usable_password():
        raise Http404
    form = RemovePasswordForm(user, request.POST)
    if not form.is_valid():
        return _methods_page(request, remove_form=form, status=400)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    update_session_auth_hash(request, user)
    log_action("pact.user.password_removed", user, user)
    messages.success(
        request,
        _(
            "Your password was removed: you sign in with %(provider)s now. You can set a password again at any time."
        )
        % {"provider": ", ".join(_linked_names(request))},
    )
    return redirect("sso:methods")


@login_required
@require_POST
def unlink(request, pk: int):
    account = get_object_or_404(SocialAccount, pk=pk, user=request.user)
    try:
        connect_flows.validate_disconnect(request, account)
    except ValidationError:
        messages.error(
            request,
            _("Set a password first: without it you could no longer sign in."),
        )
        return redirect("sso:methods")
    name = _provider_name(_providers(request), account.provider)
    account.delete()  # also when the provider is no longer configured
    social_account_removed.send(sender=SocialAccount, request=request, socialaccount=account)
    messages.success(
        request, _("%(provider)s is no longer linked to your account.") % {"provider": name}
    )
    return redirect("sso:methods")


def confirm_link(request):
    """A staff member confirms a new link with their password and second factor."""
    link = linking.pending(request)
    if link is None:
        raise Http404
    if request.method == "POST" and "cancel" in request.POST:
        linking.forget(request)
        log_action(
            "pact.sso.link_cancelled",
            link.user,
            None,
            {"provider": link.sociallogin.account.provider},
        )
        messages.info(request, _("Nothing was linked."))
        return redirect("sso:methods" if link.is_connect else "account_login")
    has_authenticator = _has_authenticator(link.user)
    posted = request.method == "POST" and has_authenticator
    form = ConfirmLinkForm(request.POST if posted else None, user=link.user)
    if posted:
        if form.is_valid():
            return linking.confirm(request, link, form)
        log_action(
            "pact.sso.link_confirmation_failed",
            link.user,
            None,
            {"provider": link.sociallogin.account.provider, "fields": sorted(form.errors)},
        )
    return render(
        request,
        "sso/confirm_link.html",
        {
            "form": form,
            "has_authenticator": has_authenticator,
            "provider_name": link.sociallogin.provider.name,
            "signed_in": link.is_connect,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def second_factor(request):
    """Staff pages need a two-factor sign-in: the ways to raise this one, or to get a factor."""
    user = request.user
    next_url = get_next_redirect_url(request) or reverse(
        "staff_home" if user.staff_role else "dashboard"
    )
    if assurance.of(request).is_multi_factor:
        return redirect(next_url)
    providers = _providers(request)
    linked = set(SocialAccount.objects.filter(user=user).values_list("provider", flat=True))
    strong_acr = bool(assurance.mfa_acr_values())
    return render(
        request,
        "sso/second_factor.html",
        {
            "next": next_url,
            "factors": describe(request),
            "has_authenticator": _has_authenticator(user),
            "confirm_url": reverse("mfa_reauthenticate") + "?" + urlencode({"next": next_url}),
            "providers": [p for p in providers if p.sub_id in linked] if strong_acr else [],
            "is_staff_role": bool(user.staff_role),
        },
    )
