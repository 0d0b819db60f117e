"""Staff and the provider: linking needs the portal password and second factor; staff pages need
a sign-in with two factors, from the portal's authenticator or from the provider's ``acr``."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from pact import access
from pact.kernel import assurance
from pact.models import AuditEntry, User
from tests.factories import PASSWORD, TOTP_SECRET, make_user
from tests.sso.conftest import BASIC, PROVIDER_ID, SECOND_FACTOR_CODE, STRONG

pytestmark = pytest.mark.django_db


def _signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def _code() -> str:
    return pyotp.TOTP(TOTP_SECRET).now()


def _linked_staff(provider, username: str, *, mfa: bool = False) -> User:
    """A staff member whose account came from a provider sign-in (no portal password), with or
    without an authenticator app."""
    sub = provider.person(username, f"{username}@commission.example.eu")
    staff = make_user(f"{username}@commission.example.eu", staff_role="reviewer", mfa=mfa)
    staff.set_unusable_password()
    staff.save()
    SocialAccount.objects.create(user=staff, provider=PROVIDER_ID, uid=sub)
    return staff


# --- linking a staff account -----------------------------------------------------------------------


def test_it_asks_staff_for_password_and_second_factor_before_linking(browser, provider):
    staff = make_user("stella@commission.example.eu", staff_role="reviewer")
    provider.person("stella", "stella@commission.example.eu")

    response = browser.sign_in("stella")

    assert response.status_code == 302
    assert response["Location"] == reverse("sso:confirm_link")
    assert _signed_in_user(browser.client) is None
    assert not SocialAccount.objects.exists()
    page = browser.client.get(reverse("sso:confirm_link"))
    assert page.status_code == 200
    assert "Link EU Login to your staff account" in page.content.decode()

    wrong = browser.client.post(
        reverse("sso:confirm_link"), {"password": "not-my-password", "code": _code()}
    )
    assert wrong.status_code == 400
    assert "The password is not correct." in wrong.content.decode()
    bad_code = browser.client.post(
        reverse("sso:confirm_link"), {"password": PASSWORD, "code": "000000"}
    )
    assert bad_code.status_code == 400
    assert not SocialAccount.objects.exists() and _signed_in_user(browser.client) is None

    done = browser.client.post(reverse("sso:confirm_link"), {"password": PASSWORD, "code": _code()})

    assert done.status_code == 302
    assert _signed_in_user(browser.client) == staff
    assert SocialAccount.objects.filter(user=staff, provider=PROVIDER_ID).exists()
    methods = [r["method"] for r in browser.client.session["account_authentication_methods"]]
    assert methods == ["socialaccount", "password", "mfa"]
    assert browser.client.get(reverse("staff_home")).status_code == 200
    kinds = list(
        AuditEntry.objects.filter(target_id=str(staff.pk))
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds[:2] == ["pact.sso.link_confirmation_asked", "pact.sso.link_confirmation_failed"]
    assert "pact.user.sso_linked" in kinds


def test_it_links_no_staff_account_without_a_second_factor(browser, provider):
    make_user("silvio@commission.example.eu", staff_role="support", mfa=False)
    provider.person("silvio", "silvio@commission.example.eu")

    browser.sign_in("silvio")
    page = browser.client.get(reverse("sso:confirm_link"))
    attempt = browser.client.post(reverse("sso:confirm_link"), {"password": PASSWORD, "code": "1"})

    assert "has no authenticator app yet" in page.content.decode()
    assert attempt.status_code == 200
    assert not SocialAccount.objects.exists()
    assert _signed_in_user(browser.client) is None


def test_the_confirmation_page_is_not_found_without_a_link_waiting(client, provider):
    assert client.get(reverse("sso:confirm_link")).status_code == 404


def test_a_cancelled_confirmation_links_nothing(browser, provider):
    make_user("carla@commission.example.eu", staff_role="admin")
    provider.person("carla", "carla@commission.example.eu")
    browser.sign_in("carla")

    response = browser.client.post(reverse("sso:confirm_link"), {"cancel": "1"})

    assert response["Location"] == reverse("account_login")
    assert browser.client.get(reverse("sso:confirm_link")).status_code == 404
    assert not SocialAccount.objects.exists()


# --- assurance of the sign-in and staff permissions ------------------------------------------------


def test_a_single_factor_acr_gets_staff_pages_refused_with_a_way_forward(browser, provider):
    staff = _linked_staff(provider, "sven")

    browser.sign_in("sven")
    assert _signed_in_user(browser.client) == staff
    refused = browser.client.get(reverse("staff_home"))

    assert refused.status_code == 302
    assert refused["Location"].startswith(reverse("sso:second_factor"))
    page = browser.client.get(refused["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert "Staff pages need a sign-in with two factors." in body
    assert "Sign in again with EU Login, using two-step verification" in body
    assert "Set up an authenticator app" in body
    assert browser.client.get(reverse("partnerships:review_queue")).status_code == 302


def test_signing_in_again_with_two_steps_at_the_provider_opens_staff_pages(browser, provider):
    staff = _linked_staff(provider, "stefan")
    browser.sign_in("stefan")
    assert browser.client.get(reverse("staff_home")).status_code == 302

    authorize = browser.start(action="reauthenticate", next_url=reverse("staff_home"))
    query = parse_qs(urlsplit(authorize).query)
    assert query["prompt"] == ["login"]
    assert query["acr_values"] == [STRONG]
    response = browser.back_to_portal(
        browser.sign_in_at_provider("stefan", code=SECOND_FACTOR_CODE)
    )

    assert response["Location"] == reverse("staff_home")
    assert _signed_in_user(browser.client) == staff
    assert browser.client.get(reverse("staff_home")).status_code == 200
    signed_in = AuditEntry.objects.filter(kind="pact.sso.signed_in", actor=staff).latest("id")
    assert signed_in.data["level"] == assurance.MULTI
    assert signed_in.data["acr"] == STRONG


def test_a_portal_authenticator_raises_a_single_factor_sign_in(browser, provider):
    """A staff member with an authenticator is asked for its code after a one-factor provider
    sign-in, as after a password."""
    _linked_staff(provider, "tanja", mfa=True)

    response = browser.sign_in("tanja")

    assert response["Location"] == reverse("mfa_authenticate")
    assert _signed_in_user(browser.client) is None
    done = browser.client.post(reverse("mfa_authenticate"), {"code": _code()})
    assert done.status_code == 302
    assert browser.client.get(reverse("staff_home")).status_code == 200


def test_a_two_step_acr_needs_no_portal_code(browser, provider):
    staff = _linked_staff(provider, "ulla", mfa=True)

    browser.start()
    response = browser.back_to_portal(browser.sign_in_at_provider("ulla", code=SECOND_FACTOR_CODE))

    assert response.status_code == 302 and response["Location"] != reverse("mfa_authenticate")
    assert _signed_in_user(browser.client) == staff
    assert browser.client.get(reverse("staff_home")).status_code == 200


def test_the_authenticator_confirmation_raises_the_sign_in(client):
    """A staff member with an authenticator whose sign-in has one factor (only the password is
    recorded, as when the authenticator was added during this sign-in) confirms with a code."""
    staff = make_user("vera@commission.example.eu", staff_role="reviewer")
    client.force_login(staff)
    session = client.session
    session["account_authentication_methods"] = [
        record for record in session["account_authentication_methods"] if record["method"] != "mfa"
    ]
    session.save()

    refused = client.get(reverse("staff_home"))
    assert refused["Location"].startswith(reverse("sso:second_factor"))
    page = client.get(refused["Location"]).content.decode()
    assert "Enter a code from your authenticator app" in page

    confirm_url = reverse("mfa_reauthenticate") + "?next=" + reverse("staff_home")
    confirmed = client.post(confirm_url, {"code": _code()})

    assert confirmed["Location"] == reverse("staff_home")
    assert client.get(reverse("staff_home")).status_code == 200


def test_access_reads_the_assurance_of_the_requests_sign_in(rf):
    staff = make_user("wim@commission.example.eu", staff_role="admin")
    request = rf.get("/")
    request.user = staff
    request.session = {
        "account_authentication_methods_user": str(staff.pk),
        "account_authentication_methods": [{"method": "socialaccount", "acr": BASIC}],
    }
    assurance.bind(request)
    assert not access.can(staff, access.Perm.STAFF_ADMIN)
    assert access.is_staff_without_mfa(staff)

    request.session["account_authentication_methods"].append({"method": "mfa", "type": "totp"})
    assert access.can(staff, access.Perm.STAFF_ADMIN)

    unbound = User.objects.get(pk=staff.pk)  # a task or an API token: the account's MFA counts
    assert access.can(unbound, access.Perm.STAFF_ADMIN)
