"""Accounts: sign-up needs a verified email; staff pages need MFA; sessions rotate and expire."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from pact.models import User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _confirmation_link(message) -> str:
    match = re.search(r"http://testserver(/accounts/confirm-email/[^\s]+)", message.body)
    assert match, message.body
    return match.group(1)


def test_it_requires_email_verification_before_sign_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # mail goes out after commit
        response = client.post(
            reverse("account_signup"),
            {
                "full_name": "New Person",
                "email": "New.Person@Example.org",
                "password1": "a-long-pass-phrase",
                "password2": "a-long-pass-phrase",
            },
        )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.person@example.org")
    # Not signed in: the dashboard sends us to the login page.
    assert client.get(reverse("dashboard")).status_code == 302
    # Signing in before verifying does not get in either: a new confirmation mail is sent instead.
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "a-long-pass-phrase"}
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) >= 1

    link = _confirmation_link(mail.outbox[0])
    client.post(link)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("dashboard")).status_code == 200


def test_it_signs_in_a_verified_person_and_rotates_the_session(client):
    user = make_user("verified@example.org")
    client.get(reverse("account_login"))
    before = client.session.session_key
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session.session_key != before


def test_it_keeps_staff_without_mfa_out_of_staff_pages(client):
    reviewer = make_user("reviewer-nomfa@example.org", staff_role="reviewer", mfa=False)
    client.force_login(reviewer)
    response = client.get(reverse("staff_home"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    assert client.get(reverse("audit_log")).status_code == 302


def test_it_lets_staff_with_mfa_in(client):
    admin = make_user("admin-mfa@example.org", staff_role="admin")
    client.force_login(admin)
    assert client.get(reverse("staff_home")).status_code == 200
    assert client.get(reverse("audit_log")).status_code == 200


def test_it_answers_404_to_non_staff_on_staff_pages(client):
    person = make_user("person@example.org")
    client.force_login(person)
    assert client.get(reverse("staff_home")).status_code == 404
    assert client.get(reverse("audit_log")).status_code == 404


def test_it_keeps_a_reviewer_out_of_the_audit_log(client):
    reviewer = make_user("rev@example.org", staff_role="reviewer")
    client.force_login(reviewer)
    assert client.get(reverse("staff_home")).status_code == 200
    assert client.get(reverse("audit_log")).status_code == 404


def test_it_ends_an_idle_session(client, settings):
    user = make_user("idle@example.org")
    client.force_login(user)
    assert client.get(reverse("dashboard")).status_code == 200
    session = client.session
    session["last_seen"] -= settings.SESSION_IDLE_TIMEOUT + 5
    session.save()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_it_saves_the_language_in_the_account_settings(client):
    user = make_user("lang@example.org")
    client.force_login(user)
    response = client.post(reverse("account_settings"), {"full_name": "Léa", "language": "fr"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "fr"
    assert response.cookies["django_language"].value == "fr"
