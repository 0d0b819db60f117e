"""Account events go to the audit log."""

from allauth.account.signals import (
    email_confirmed,
    password_changed,
    password_reset,
    user_signed_up,
)
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from pact.kernel import signin_limits
from pact.kernel.audit import log_action


@receiver(user_signed_up)
def _signed_up(request, user, **kwargs):
    log_action("pact.user.signed_up", user, user)


@receiver(email_confirmed)
def _email_confirmed(request, email_address, **kwargs):
    log_action(
        "pact.user.email_confirmed",
        email_address.user,
        email_address.user,
        {"email": email_address.email},
    )


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    log_action("pact.user.logged_in", user, user)


@receiver(password_changed)
@receiver(password_reset)
def _password(request, user, **kwargs):
    log_action("pact.user.password_changed", user, user)


@receiver(password_reset)
def _reset_lifts_the_ceiling(request, user, **kwargs):
    # The reset link was read in the owner's mailbox: failed passwords no longer stop them.
    signin_limits.password_reset(user.email)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    """A failed sign-in, without personal data (DESIGN.md §9): a keyed hash of the address, the
    same for every attempt on it, no IP, no password."""
    address = str(credentials.get("email") or credentials.get("username") or "")
    log_action(
        "pact.user.sign_in_failed", data={"address_hash": signin_limits.address_key(address)}
    )


@receiver(authenticator_added)
def _mfa_added(sender, request, user, authenticator, **kwargs):
    log_action("pact.user.mfa_added", user, user, {"type": authenticator.type})


@receiver(authenticator_removed)
def _mfa_removed(sender, request, user, authenticator, **kwargs):
    log_action("pact.user.mfa_removed", user, user, {"type": authenticator.type})
