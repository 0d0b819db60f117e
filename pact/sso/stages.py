"""allauth's second-factor step at sign-in, skipped when the sign-in already has a second factor.

That is the case when the identity provider's ``acr`` says the person used a second factor there
(``OIDC_MFA_ACR_VALUES``), or when the portal has just checked one in this session (a staff
member confirming a link with their password and authenticator code). Otherwise a person with
an authenticator is asked for its code as allauth always does, after a provider sign-in too.
"""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.mfa.stages import AuthenticateStage
from django.http import HttpRequest

from pact.kernel import assurance
from pact.sso.session import acr_of

ALLAUTH_STAGE = "allauth.mfa.stages.AuthenticateStage"
STAGE = "pact.sso.stages.SecondFactorStage"


class SecondFactorStage(AuthenticateStage):
    def _should_handle(self, request: HttpRequest) -> bool:
        if self.login.user is not None and self._already_multi_factor(request):
            return False
        return super()._should_handle(request)

    def _already_multi_factor(self, request: HttpRequest) -> bool:
        records = get_authentication_records(request, self.login.user)
        if any(record.get("method") == "mfa" for record in records):
            return True
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        acr = acr_of(sociallogin)
        return bool(acr) and acr in assurance.mfa_acr_values()


def login_stages(stages: list[str]) -> list[str]:
    """allauth's stage list with its second-factor step replaced by ``SecondFactorStage``."""
    return [STAGE if stage == ALLAUTH_STAGE else stage for stage in stages]
