"""The portal's rules for allauth's provider sign-ins: linking (``pact.sso.linking``), new
people's names and language, refusals audited."""

from __future__ import annotations

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from pact.kernel.audit import log_action
from pact.sso import linking


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request: HttpRequest, sociallogin) -> None:
        linking.check(request, sociallogin)

    def populate_user(self, request: HttpRequest, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.full_name = (name or "")[:200]
        user.language = (translation.get_language() or "en")[:2]
        return user

    def get_connect_redirect_url(self, request: HttpRequest, socialaccount) -> str:
        return reverse("sso:methods")

    def on_authentication_error(
        self, request: HttpRequest, provider, error=None, exception=None, extra_context=None
    ) -> None:
        """A refused provider answer (a wrong state or nonce, a bad signature, another audience
        or issuer, a replayed callback, ...) is audited without personal data."""
        log_action(
            "pact.sso.sign_in_refused",
            None,
            None,
            {
                "provider": getattr(getattr(provider, "app", None), "provider_id", "")
                or getattr(provider, "id", ""),
                "error": str(error or ""),
                "reason": type(exception).__name__ if exception else "state",
                "detail": str(exception or "")[:200],
            },
        )
