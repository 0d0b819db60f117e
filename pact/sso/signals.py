"""Provider sign-ins, links and unlinks go to the session's records and to the audit log."""

from allauth.account.signals import user_logged_in
from allauth.socialaccount.signals import social_account_added, social_account_removed
from django.dispatch import receiver

from pact.kernel import assurance
from pact.kernel.audit import log_action
from pact.sso.session import record_provider_sign_in


@receiver(user_logged_in)
def _signed_in(sender, request, user, sociallogin=None, **kwargs):
    if sociallogin is None:
        return
    record_provider_sign_in(request, sociallogin)
    log_action(
        "pact.sso.signed_in",
        user,
        user,
        {"provider": sociallogin.account.provider, **assurance.of(request).as_data()},
    )


@receiver(social_account_added)
def _linked(sender, request, sociallogin, **kwargs):
    user = sociallogin.user
    log_action("pact.user.sso_linked", user, user, {"provider": sociallogin.account.provider})


@receiver(social_account_removed)
def _unlinked(sender, request, socialaccount, **kwargs):
    user = socialaccount.user
    log_action("pact.user.sso_unlinked", user, user, {"provider": socialaccount.provider})
