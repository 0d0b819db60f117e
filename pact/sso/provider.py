"""allauth's ``openid_connect`` provider with the checks it leaves out.

As it ships, the provider sends no nonce and, in the code flow, does not check the ID token's
signature. This subclass (registered under allauth's id, ``openid_connect``, in place of
allauth's own app) sends a fresh nonce in every authorisation request and keeps it in the state
allauth stores in the session; turns PKCE (S256) on whatever the settings say; takes request
parameters from the configuration only; and checks the ID token in ``pact.sso.tokens``. allauth
checks the ``state`` and consumes it, so a replayed callback finds none and is refused.
"""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base.constants import AuthAction
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.utils import generate_code_challenge
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.http import Http404, HttpRequest
from requests import RequestException

from pact.sso import tokens

# Kept in a sign-in's state (allauth stores it in the session): the provider's acr and the raw
# ID token, which sign-out sends back to the provider as id_token_hint.
STATE_KEY = "pact_sso"
# Claims from the ID token that the userinfo answer may leave out.
PROFILE_CLAIMS = ("email", "email_verified", "name", "given_name", "family_name", "locale")


class OIDCAdapter(OpenIDConnectOAuth2Adapter):
    """Discovery through the cache, and every ID token checked (``tokens.verify_id_token``)."""

    # The state allauth stashed for this sign-in; set by ``CallbackView`` before the code is
    # exchanged, so the nonce can be compared.
    state: dict[str, Any] | None = None

    @property
    def openid_config(self) -> dict[str, Any]:
        if not hasattr(self, "_openid_config"):
            provider = self.get_provider()
            self._openid_config = tokens.discovery(provider.app.settings["server_url"])
        return self._openid_config

    def complete_login(self, request: HttpRequest, app, token, **kwargs):
        raw = kwargs["response"].get("id_token")
        if not raw:
            raise tokens.InvalidIDToken("The provider sent no ID token.")
        state = self.state if self.state is not None else {}
        claims = tokens.verify_id_token(
            raw,
            config=self.openid_config,
            client_id=app.client_id,
            nonce=str(state.get("nonce") or ""),
            access_token=token.token,
        )
        data: dict[str, Any] = {"id_token": claims}
        if app.settings.get("fetch_userinfo", True) and self.openid_config.get("userinfo_endpoint"):
            userinfo = tokens.fetch_userinfo(self.openid_config, token.token)
            if userinfo.get("sub") != claims["sub"]:
                raise tokens.InvalidIDToken("The userinfo answer is about someone else (sub).")
            known = {key: claims[key] for key in PROFILE_CLAIMS if key in claims}
            data["userinfo"] = {**known, **userinfo}
        state[STATE_KEY] = {"acr": str(claims.get("acr") or ""), "id_token": raw}
        return self.get_provider().sociallogin_from_response(request, data)


class Provider(OpenIDConnectProvider):
    oauth2_adapter_class = OIDCAdapter
    # Signing in by posting an ID token obtained elsewhere (allauth's app flows) is not offered.
    supports_token_authentication = False

    def get_pkce_params(self) -> dict:
        return generate_code_challenge()

    def get_auth_params_from_request(self, request: HttpRequest, action) -> dict:
        """The configured parameters only (allauth would also take ``auth_params`` from the
        query string). Re-authenticating asks the provider for a fresh sign-in with a second
        factor: that is how a staff member raises the assurance of a single-factor sign-in."""
        params = self.get_auth_params()
        if action == AuthAction.REAUTHENTICATE:
            params["prompt"] = "login"
            strong = [value for value in _configured_mfa_acr() if value]
            if strong:
                params["acr_values"] = " ".join(strong)
        return params

    def redirect(self, request: HttpRequest, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(32)
        auth_params = dict(kwargs.pop("auth_params", None) or self.get_auth_params())
        auth_params["nonce"] = nonce
        try:
            return super().redirect(
                request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
            )
        except (RequestException, OAuth2Error) as error:  # discovery failed: say so, not 500
            return render_authentication_error(request, self, exception=error)


def _configured_mfa_acr() -> list[str]:
    return list(getattr(settings, "OIDC_MFA_ACR_VALUES", ()) or ())


class CallbackView(OAuth2CallbackView):
    def _get_state(self, request: HttpRequest, provider):
        state, response = super()._get_state(request, provider)
        self.adapter.state = state  # type: ignore[attr-defined]
        return state, response


@login_not_required
def login(request: HttpRequest, provider_id: str):
    try:
        return OAuth2LoginView.adapter_view(OIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


@login_not_required
def callback(request: HttpRequest, provider_id: str):
    try:
        return CallbackView.adapter_view(OIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


provider_classes = [Provider]
