"""The assurance of the current sign-in: how the person acting proved who they are (DESIGN.md §9).

allauth writes a record of each authentication step into the session (a password, a second
factor, a sign-in through the identity provider, a later confirmation); ``pact.sso`` adds the
provider's ``acr`` to the provider's record. This module reads those records and says what they
amount to:

* ``multi``: a second factor the portal asked for in this session (an authenticator code or a
  recovery code), or a provider sign-in whose ``acr`` is one of ``OIDC_MFA_ACR_VALUES``;
* ``single``: any other way of being signed in (a password, a provider sign-in with another
  ``acr``, an emailed link or code);
* ``none``: not signed in.

``of(request)`` is what views and services ask. The access module is given users, not requests,
so ``AssuranceMiddleware`` ties each request's user to its sign-in and ``bound(user)`` reads it
back; a user object that came from no sign-in (a task, an API token, the shell) has none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

NONE = "none"
SINGLE = "single"
MULTI = "multi"

# allauth's record methods, named as the portal speaks of them.
FIRST_FACTORS = {
    "password": "password",
    "socialaccount": "sso",
    "code": "code",
    "password_reset": "password_reset",
}
# A session that is signed in but has no record (a sign-in allauth does not record, such as the
# one that follows confirming a new account's address) counts as one factor.
UNRECORDED = "unrecorded"

_SIGN_IN = "_pact_sign_in"


@dataclass(frozen=True)
class Assurance:
    """What the current sign-in proved: its level, the factors used, and the provider's ``acr``."""

    level: str
    factors: tuple[str, ...] = ()
    acr: str = ""

    @property
    def is_multi_factor(self) -> bool:
        return self.level == MULTI

    @property
    def method(self) -> str:
        """The factors in the order they were used, e.g. ``password+totp`` or ``sso``."""
        return "+".join(self.factors)

    def as_data(self) -> dict[str, str]:
        """For audit entries and services: plain strings, no personal data."""
        data = {"level": self.level, "method": self.method}
        if self.acr:
            data["acr"] = self.acr
        return data


ANONYMOUS = Assurance(NONE)


def mfa_acr_values() -> frozenset[str]:
    return frozenset(getattr(settings, "OIDC_MFA_ACR_VALUES", ()) or ())


def from_records(records: Iterable[dict[str, Any]]) -> Assurance:
    """The assurance that a session's authentication records add up to."""
    factors: list[str] = []
    acr = ""
    multi = False
    strong_acr = mfa_acr_values()
    for record in records:
        method = record.get("method")
        if method == "mfa":
            name = str(record.get("type") or "mfa")
            multi = True
        elif method in FIRST_FACTORS:
            name = FIRST_FACTORS[method]
            if method == "socialaccount":
                acr = str(record.get("acr") or "")
                multi = multi or acr in strong_acr
        else:
            continue
        if name not in factors:
            factors.append(name)
    if not factors:
        factors.append(UNRECORDED)
    return Assurance(MULTI if multi else SINGLE, tuple(factors), acr)


def of(request) -> Assurance:
    """The assurance of the sign-in behind ``request`` (``none`` when nobody is signed in)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    return from_records(get_authentication_records(request, user))


def bind(request) -> None:
    """Tie ``request.user`` to this request's sign-in, for ``bound``."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        setattr(user, _SIGN_IN, request)


def bound(user) -> Assurance | None:
    """The assurance of the sign-in ``user`` came from, or None if it came from none."""
    request = getattr(user, _SIGN_IN, None)
    if request is None:
        return None
    return from_records(get_authentication_records(request, user))


class AssuranceMiddleware:
    """Ties each request's user to its sign-in (after authentication and the idle check)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bind(request)
        return self.get_response(request)


def ask_for_second_factor(request):
    """Where a staff page sends a staff member whose sign-in is not multi-factor: to a way of
    raising it, or (with no second factor of any kind yet) to set one up."""
    user = request.user
    if (
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        or SocialAccount.objects.filter(user=user).exists()
    ):
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('sso:second_factor')}?{query}")
    messages.warning(
        request, _("Staff pages need two-factor authentication. Please set it up first.")
    )
    return redirect("mfa_activate_totp")
