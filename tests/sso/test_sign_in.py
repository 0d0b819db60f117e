"""Signing in through a real OpenID Connect provider: the code flow with PKCE and a nonce, new
members, linking existing members, and everything the portal refuses."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from pact.kernel import assurance
from pact.models import AuditEntry, User
from tests.factories import PASSWORD, make_user
from tests.sso.conftest import BASIC, PROVIDER_ID

pytestmark = pytest.mark.django_db


def _signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def _records(client) -> list[dict]:
    return client.session.get("account_authentication_methods", [])


def test_it_signs_a_new_member_up_with_the_code_flow_pkce_and_a_nonce(browser, provider):
    sub = provider.person("nadia", "nadia.new@example.eu", first_name="Nadia", last_name="Neu")

    authorize = browser.start()
    query = parse_qs(urlsplit(authorize).query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert len(query["nonce"][0]) >= 32
    assert query["state"][0]
    assert set(query["scope"][0].split()) >= {"openid", "email", "profile"}

    response = browser.back_to_portal(browser.sign_in_at_provider("nadia"))

    assert response.status_code == 302
    user = _signed_in_user(browser.client)
    assert user is not None and user.email == "nadia.new@example.eu"
    assert user.full_name == "Nadia Neu"
    assert not user.has_usable_password()  # a provider-only account
    assert EmailAddress.objects.get(user=user).verified
    link = SocialAccount.objects.get(user=user)
    assert (link.provider, link.uid) == (PROVIDER_ID, sub)
    record = _records(browser.client)[-1]
    assert (record["method"], record["acr"]) == ("socialaccount", BASIC)
    kinds = set(AuditEntry.objects.filter(actor=user).values_list("kind", flat=True))
    assert {"pact.user.signed_up", "pact.sso.signed_in"} <= kinds
    signed_in = AuditEntry.objects.get(kind="pact.sso.signed_in", actor=user)
    assert signed_in.data == {
        "provider": PROVIDER_ID,
        "level": assurance.SINGLE,
        "method": "sso",
        "acr": BASIC,
    }


def test_it_signs_a_linked_person_in_again_without_a_new_account(browser, provider):
    provider.person("olga", "olga@example.eu")
    browser.sign_in("olga")
    first = _signed_in_user(browser.client)
    browser.client.post(reverse("account_logout"))
    assert _signed_in_user(browser.client) is None

    browser.sign_in("olga")

    assert _signed_in_user(browser.client) == first
    assert User.objects.filter(email="olga@example.eu").count() == 1
    assert SocialAccount.objects.filter(user=first).count() == 1


def test_it_links_an_existing_member_whose_address_the_provider_verified(browser, provider):
    member = make_user("mara.member@example.eu")
    provider.person("mara", "Mara.Member@example.eu")

    browser.sign_in("mara")

    assert _signed_in_user(browser.client) == member
    assert SocialAccount.objects.filter(user=member, provider=PROVIDER_ID).exists()
    member.refresh_from_db()
    assert member.check_password(PASSWORD)  # the password stays: both ways work
    assert AuditEntry.objects.filter(kind="pact.user.sso_linked", actor=member).exists()


@pytest.mark.parametrize("known_address", [True, False], ids=["existing-member", "new-address"])
def test_it_refuses_an_address_the_provider_did_not_verify(browser, provider, known_address):
    if known_address:
        member = make_user("uma@example.eu")
    provider.person("uma", "uma@example.eu", email_verified=False)

    response = browser.sign_in("uma")

    assert response.status_code == 403
    assert "has not confirmed" in response.content.decode()
    assert _signed_in_user(browser.client) is None
    assert not SocialAccount.objects.exists()
    assert User.objects.filter(email="uma@example.eu").count() == (1 if known_address else 0)
    if known_address:
        member.refresh_from_db()
        assert member.check_password(PASSWORD)
    refused = AuditEntry.objects.get(kind="pact.sso.link_refused")
    assert refused.data == {"provider": PROVIDER_ID, "reason": "email_not_verified"}
    assert refused.actor is None


@pytest.mark.parametrize(
    ("fault", "check"),
    [
        ("wrong_nonce", "nonce"),
        ("bad_signature", "signature"),
        ("wrong_audience", "aud"),
        ("wrong_issuer", "iss"),
        ("expired", "exp"),
        ("unsigned", "algorithm"),
    ],
)
def test_it_refuses_an_id_token_that_fails_a_check(browser, provider, fault, check):
    provider.person("tom", "tom@example.eu")
    provider.fault(fault)

    response = browser.sign_in("tom")

    assert response.status_code == 401
    assert "did not work" in response.content.decode()
    assert _signed_in_user(browser.client) is None
    assert not User.objects.filter(email="tom@example.eu").exists()
    assert not SocialAccount.objects.exists()
    refused = AuditEntry.objects.get(kind="pact.sso.sign_in_refused")
    assert refused.data["reason"] == "InvalidIDToken"
    assert check in refused.data["detail"]


def test_it_refuses_a_callback_with_a_state_it_did_not_issue(browser, provider):
    provider.person("sam", "sam@example.eu")
    browser.start()
    callback = browser.sign_in_at_provider("sam")
    parts = urlsplit(callback)
    query = parse_qs(parts.query)

    response = browser.client.get(parts.path, {"code": query["code"][0], "state": "forged-state"})

    assert response.status_code == 401
    assert _signed_in_user(browser.client) is None
    assert not User.objects.filter(email="sam@example.eu").exists()
    assert AuditEntry.objects.filter(kind="pact.sso.sign_in_refused").count() == 1


def test_it_refuses_a_replayed_callback(browser, provider, client_factory):
    provider.person("rita", "rita@example.eu")
    browser.start()
    callback = browser.sign_in_at_provider("rita")
    assert browser.back_to_portal(callback).status_code == 302
    rita = _signed_in_user(browser.client)
    browser.client.post(reverse("account_logout"))

    # The same browser, and another one (an eavesdropper), send the callback again.
    again = browser.back_to_portal(callback)
    elsewhere = client_factory()
    parts = urlsplit(callback)
    stolen = elsewhere.get(f"{parts.path}?{parts.query}")

    assert again.status_code == 401 and stolen.status_code == 401
    assert _signed_in_user(browser.client) is None
    assert "_auth_user_id" not in elsewhere.session
    assert User.objects.filter(email="rita@example.eu").get() == rita
    assert AuditEntry.objects.filter(kind="pact.sso.sign_in_refused").count() == 2


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client
