"""First contact: sign-up asks the person's name, account pages and mails speak as the portal,
staff land on the staff home and see only the links they may open."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from pact.kernel.outbox import delivery
from pact.models import OutboundEmail, User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _sign_up(client, **extra):
    data = {
        "full_name": "Maria Rossi",
        "email": "maria@example.org",
        "password1": "a-long-pass-phrase",
        "password2": "a-long-pass-phrase",
        **extra,
    }
    response = client.post(reverse("account_signup"), data)
    _deliver_outbox()
    return response


def _deliver_outbox() -> None:
    """Send what the outbox holds now (in the portal, the worker does it after the commit)."""
    pending = OutboundEmail.objects.filter(status="pending").values_list("pk", flat=True)
    delivery.deliver_batch(list(pending))


def test_it_asks_the_name_at_sign_up_and_shows_it_instead_of_the_address(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'name="full_name"' in page
    assert page.index('name="full_name"') < page.index('name="email"')
    assert 'class="button"' in page  # the portal's buttons, not allauth's bare ones

    response = _sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(email="maria@example.org")
    assert user.full_name == "Maria Rossi"
    assert user.display_name == "Maria Rossi"


def test_it_refuses_a_sign_up_without_a_name(client):
    response = _sign_up(client, full_name="  ")
    assert response.status_code == 200
    assert not User.objects.filter(email="maria@example.org").exists()
    assert "error-summary" in response.content.decode()


def test_it_brands_the_verification_mail_with_the_portal_and_the_person(client, settings):
    _sign_up(client)
    message = mail.outbox[-1]
    assert "Hello from" not in message.body
    assert "testserver" not in message.body.splitlines()[-1]
    assert "Hello Maria Rossi," in message.body
    assert "The Pact Portal team" in message.body
    assert settings.SITE_URL + "/" in message.body
    assert message.subject.startswith("[Pact Portal]")


def test_it_sends_staff_to_the_staff_home_after_sign_in(client):
    make_user("reviewer-login@example.org", staff_role="reviewer", mfa=False)
    response = client.post(
        reverse("account_login"), {"login": "reviewer-login@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("staff_home")


def test_it_sends_members_to_their_portal_after_sign_in(client):
    make_user("member-login@example.org")
    response = client.post(
        reverse("account_login"), {"login": "member-login@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_it_shows_staff_only_the_links_they_may_open(login, world):
    reviewer = login(world.reviewer).get(reverse("staff_home")).content.decode()
    assert reverse("audit_log") not in reviewer
    assert reverse("partnerships:review_queue") in reviewer

    support = login(world.support).get(reverse("staff_home")).content.decode()
    assert reverse("audit_log") not in support
    assert reverse("partnerships:review_queue") not in support

    admin = login(world.admin).get(reverse("staff_home")).content.decode()
    assert reverse("audit_log") in admin
    assert reverse("partnerships:review_queue") in admin


def test_it_draws_the_sign_in_page_in_the_portal_design(client):
    page = client.get(reverse("account_login")).content.decode()
    assert re.search(r'<label for="id_login">', page)
    assert 'class="stacked account-form"' in page


@pytest.mark.parametrize(
    "name",
    [
        "account_email",
        "account_change_password",
        "mfa_index",
        "mfa_activate_totp",
        "mfa_generate_recovery_codes",
    ],
)
def test_the_signed_in_account_pages_render_in_the_portal_design(client, name):
    person = make_user(f"{name}@example.org", mfa=False)
    client.force_login(person)
    response = client.get(reverse(name), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<main id="main"' in page
    assert 'class="button' in page
