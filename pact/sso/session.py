"""What a provider sign-in leaves in the portal session: its ``acr`` in allauth's record of the
sign-in (read by ``pact.kernel.assurance``) and the ID token that ends the provider's session later."""

from __future__ import annotations

import logging

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import urlencode
from requests import RequestException

from pact.kernel.audit import log_action
from pact.sso import tokens
from pact.sso.provider import STATE_KEY

logger = logging.getLogger(__name__)

SIGN_OUT_KEY = "pact_sso_sign_out"


def acr_of(sociallogin: SocialLogin | None) -> str:
    if sociallogin is None:
        return ""
    return str((sociallogin.state.get(STATE_KEY) or {}).get("acr") or "")


def record_provider_sign_in(request: HttpRequest, sociallogin: SocialLogin) -> None:
    """Put the provider's ``acr`` into allauth's record of this sign-in, and keep the ID token."""
    info = sociallogin.state.get(STATE_KEY) or {}
    records = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY)
    if isinstance(records, list):
        for record in reversed(records):
            if (
                record.get("method") == "socialaccount"
                and record.get("uid") == sociallogin.account.uid
            ):
                record["acr"] = str(info.get("acr") or "")
                break
        request.session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    if info.get("id_token"):
        request.session[SIGN_OUT_KEY] = {
            "provider_id": sociallogin.account.provider,
            "id_token": info["id_token"],
        }


def provider_of_session(request: HttpRequest) -> str:
    """The provider this session was signed in through, or ''."""
    info = request.session.get(SIGN_OUT_KEY) or {}
    return str(info.get("provider_id") or "")


def end_session_url(request: HttpRequest) -> str | None:
    """Where to send the browser so the provider ends its session too (RP-initiated logout), or
    None when this session did not come from a provider or the provider offers no end-session."""
    info = request.session.get(SIGN_OUT_KEY) or {}
    if not info.get("id_token"):
        return None
    try:
        provider = get_adapter().get_provider(request, provider=info["provider_id"])
        config = tokens.discovery(provider.app.settings["server_url"])
    except (SocialApp.DoesNotExist, RequestException, OAuth2Error, KeyError):
        logger.warning("provider sign-out skipped: no provider configuration", exc_info=True)
        return None
    endpoint = config.get("end_session_endpoint")
    if not endpoint:
        return None
    back = build_absolute_uri(request, resolve_url(settings.ACCOUNT_LOGOUT_REDIRECT_URL))
    query = urlencode(
        {
            "id_token_hint": info["id_token"],
            "post_logout_redirect_uri": back,
            "client_id": provider.app.client_id,
        }
    )
    if request.user.is_authenticated:
        log_action(
            "pact.sso.signed_out", request.user, request.user, {"provider": info["provider_id"]}
        )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
