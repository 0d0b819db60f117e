"""When a provider identity may be linked to a portal account, and how staff confirm a link.

* A provider identity that is not linked yet is accepted only when the provider says its email
  address is verified (``email_verified``). The same answer is given whether or not the portal
  knows the address, so nobody learns which addresses have accounts.
* It then links to the portal account with that address (a sign-in), or to the signed-in
  person's account (linking from "Sign-in methods").
* A staff account links only after the person confirms with the account's password and second
  factor (``confirm``); until then nothing is linked and nobody is signed in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from allauth.account.utils import perform_login
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount import app_settings as socialaccount_settings
from allauth.socialaccount.internal.flows.login import record_authentication
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base.constants import AuthProcess
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pact.kernel.audit import log_action
from pact.models import User

PENDING_KEY = "pact_sso_pending_link"
PENDING_SECONDS = 600

EMAIL_NOT_VERIFIED = "email_not_verified"
NO_EMAIL = "no_email"


def is_linked(sociallogin: SocialLogin) -> bool:
    """Whether the provider identity is already linked to an account (allauth's ``is_existing``
    is also true for an account found by email address, which is not linked yet)."""
    return sociallogin.account.pk is not None


def check(request: HttpRequest, sociallogin: SocialLogin) -> None:
    """Before allauth acts on a provider sign-in: refuse or ask for confirmation, by raising
    ``ImmediateHttpResponse``; return to let allauth sign in, sign up or link."""
    if is_linked(sociallogin):
        return
    provider_id = sociallogin.account.provider
    if not any(address.verified for address in sociallogin.email_addresses):
        reason = EMAIL_NOT_VERIFIED if sociallogin.email_addresses else NO_EMAIL
        log_action("pact.sso.link_refused", None, None, {"provider": provider_id, "reason": reason})
        raise ImmediateHttpResponse(
            render(
                request,
                "sso/refused.html",
                {"reason": reason, "provider_name": sociallogin.provider.name},
                status=403,
            )
        )
    account = _account_to_link(request, sociallogin)
    if account is not None and account.staff_role:
        _stash(request, sociallogin, account)
        log_action("pact.sso.link_confirmation_asked", account, None, {"provider": provider_id})
        raise ImmediateHttpResponse(redirect("sso:confirm_link"))


def _account_to_link(request: HttpRequest, sociallogin: SocialLogin) -> User | None:
    if sociallogin.state.get("process") == AuthProcess.CONNECT:
        return request.user if request.user.is_authenticated else None  # type: ignore[return-value]
    user = sociallogin.user
    return user if user is not None and user.pk is not None else None  # found by address


def _stash(request: HttpRequest, sociallogin: SocialLogin, account: User) -> None:
    # The account itself is not serialised into the session (its password hash would be).
    sociallogin.user = get_user_model()(email=account.email)
    request.session[PENDING_KEY] = {
        "sociallogin": sociallogin.serialize(),
        "user_id": account.pk,
        "at": time.time(),
    }


@dataclass
class PendingLink:
    sociallogin: SocialLogin
    user: User

    @property
    def is_connect(self) -> bool:
        return self.sociallogin.state.get("process") == AuthProcess.CONNECT


def pending(request: HttpRequest) -> PendingLink | None:
    """The link waiting for this browser's confirmation, if it is recent and still applies."""
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict) or time.time() - float(data.get("at", 0)) > PENDING_SECONDS:
        return None
    user = User.objects.filter(
        pk=int(data.get("user_id") or 0), is_active=True, deleted_at__isnull=True
    ).first()
    if user is None:
        return None
    try:
        sociallogin = SocialLogin.deserialize(data["sociallogin"])
    except (KeyError, ValueError):
        return None
    sociallogin.user = user
    link = PendingLink(sociallogin, user)
    if link.is_connect and request.user.pk != user.pk:
        return None
    return link


def confirm(request: HttpRequest, link: PendingLink, confirmation) -> HttpResponse:
    """Link the identity once the person confirmed with password and second factor
    (``confirmation`` is the valid ``ConfirmLinkForm``), then sign them in (a sign-in) or send
    them back to their sign-in methods (linking while signed in)."""
    request.session.pop(PENDING_KEY, None)
    sociallogin, user = link.sociallogin, link.user
    with transaction.atomic():
        sociallogin.connect(request, user)
    if link.is_connect:
        confirmation.save()
        messages.success(
            request,
            _("%(provider)s is now linked to your account.")
            % {"provider": sociallogin.provider.name},
        )
        return redirect(sociallogin.get_redirect_url(request) or reverse("sso:methods"))
    # A sign-in: the provider's, then the password and second factor just given.
    record_authentication(request, sociallogin)
    confirmation.save()
    return perform_login(
        request,
        user,
        email_verification=socialaccount_settings.EMAIL_VERIFICATION,
        redirect_url=sociallogin.get_redirect_url(request),
        signal_kwargs={"sociallogin": sociallogin},
    )


def forget(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)
