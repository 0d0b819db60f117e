"""A person's sign-in methods: a password, a provider, or both; linking while signed in."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from pact.models import AuditEntry, User
from tests.factories import PASSWORD, make_user
from tests.sso.conftest import PROVIDER_ID

pytestmark = pytest.mark.django_db


def _linked(user, uid: str = "subject-1") -> SocialAccount:
    return SocialAccount.objects.create(user=user, provider=PROVIDER_ID, uid=uid)


def test_it_links_the_provider_to_the_signed_in_member(browser, provider):
    member = make_user("lena@example.eu")
    browser.client.force_login(member)
    page = browser.client.get(reverse("sso:methods")).content.decode()
    assert "Link EU Login" in page

    provider.person("lena", "lena.private@example.eu")  # another address: she is signed in
    response = browser.sign_in("lena", process="connect", next_url=reverse("sso:methods"))

    assert response["Location"] == reverse("sso:methods")
    assert SocialAccount.objects.get(provider=PROVIDER_ID).user == member
    assert browser.client.session["_auth_user_id"] == str(member.pk)
    page = browser.client.get(reverse("sso:methods")).content.decode()
    assert "Unlink EU Login" in page
    assert "Remove my password" in page


def test_linking_while_signed_in_needs_a_verified_address(browser, provider):
    member = make_user("lou@example.eu")
    browser.client.force_login(member)
    provider.person("lou", "lou@example.eu", email_verified=False)

    response = browser.sign_in("lou", process="connect")

    assert response.status_code == 403
    assert not SocialAccount.objects.exists()


def test_linking_a_signed_in_staff_member_asks_for_password_and_second_factor(browser, provider):
    staff = make_user("sid@commission.example.eu", staff_role="reviewer")
    browser.client.force_login(staff)
    provider.person("sid", "sid@commission.example.eu")

    response = browser.sign_in("sid", process="connect")

    assert response["Location"] == reverse("sso:confirm_link")
    assert not SocialAccount.objects.exists()
    assert browser.client.post(reverse("sso:confirm_link"), {"cancel": "1"})["Location"] == (
        reverse("sso:methods")
    )
    assert not SocialAccount.objects.exists()


def test_a_member_with_a_provider_may_stop_using_a_password(client):
    member = make_user("petra@example.eu")
    _linked(member)
    client.force_login(member)

    wrong = client.post(reverse("sso:remove_password"), {"password": "nope"})
    assert wrong.status_code == 400
    assert "The password is not correct." in wrong.content.decode()
    response = client.post(reverse("sso:remove_password"), {"password": PASSWORD})

    assert response["Location"] == reverse("sso:methods")
    member.refresh_from_db()
    assert not member.has_usable_password()
    assert client.session["_auth_user_id"] == str(member.pk)  # still signed in
    assert AuditEntry.objects.filter(kind="pact.user.password_removed", actor=member).exists()
    page = client.get(reverse("sso:methods")).content.decode()
    assert "Set a password" in page and "To unlink it, set a password first." in page


def test_nobody_removes_the_only_way_to_sign_in(client):
    member = make_user("ines@example.eu")
    client.force_login(member)
    assert client.post(reverse("sso:remove_password"), {"password": PASSWORD}).status_code == 404

    member.set_unusable_password()
    member.save()
    link = _linked(member)
    client.force_login(member)
    response = client.post(reverse("sso:unlink", args=[link.pk]))

    assert response["Location"] == reverse("sso:methods")
    assert SocialAccount.objects.filter(pk=link.pk).exists()


def test_a_member_with_a_password_may_unlink_the_provider(client):
    member = make_user("ulf@example.eu")
    link = _linked(member)
    client.force_login(member)

    response = client.post(reverse("sso:unlink", args=[link.pk]))

    assert response["Location"] == reverse("sso:methods")
    assert not SocialAccount.objects.filter(pk=link.pk).exists()
    assert AuditEntry.objects.filter(kind="pact.user.sso_unlinked", actor=member).exists()


def test_nobody_unlinks_someone_elses_provider(client):
    owner = make_user("own@example.eu")
    link = _linked(owner)
    client.force_login(make_user("other@example.eu"))

    assert client.post(reverse("sso:unlink", args=[link.pk])).status_code == 404
    assert SocialAccount.objects.filter(pk=link.pk).exists()


def test_allauths_linked_accounts_page_leads_to_the_portals(client):
    client.force_login(make_user())
    response = client.get(reverse("socialaccount_connections"))
    assert response["Location"] == reverse("sso:methods")
    assert User.objects.count() == 1
