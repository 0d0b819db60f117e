"""Journey: signing in with EU Login, played by the test OpenID Connect provider (tests/sso/idp).

A new member signs up through the provider and signs out of both; an existing member's account is
linked by its verified address; a staff member signed in with one factor is refused the staff
pages with a way forward, signs in again at the provider with two steps and is let in.
"""

from __future__ import annotations

import re

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import Page

from pact.management.demo.people import DEMO_PASSWORD, DEMO_TOTP_SECRET
from pact.models import User
from tests.browser.support import JOURNEY, fresh_totp_code
from tests.sso.provider import PROVIDER_ID, SECOND_FACTOR_CODE, configure_portal

pytestmark = JOURNEY

IDP_PASSWORD = "idp-password-1"


def _at_provider(page: Page, provider, username: str, *, code: str = "") -> None:
    """Sign in on the provider's page (not the portal's: no accessibility check here)."""
    page.wait_for_url(re.compile(re.escape(provider.url) + "/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(IDP_PASSWORD)
    if code:
        page.get_by_label("Code from your phone (two-step verification)").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def _press_provider_button(page: Page, keyboard, name: str) -> None:
    keyboard.tab_to(page.get_by_role("button", name=name))
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_it_signs_a_new_member_up_through_the_provider_and_out_of_both(
    journey, keyboard, page, portal_db, identity_provider, settings
):
    configure_portal(settings, identity_provider, portal_db["url"])
    identity_provider.person("nora", "nora.nieuw@example.eu", first_name="Nora", last_name="Nieuw")

    page.goto("/accounts/login/")
    journey.check("sign-in-page-with-eu-login")
    journey.check_phone("sign-in-page-with-eu-login")
    _press_provider_button(page, keyboard, "Sign in with EU Login")
    journey.shot("provider-sign-in")
    _at_provider(page, identity_provider, "nora")

    page.wait_for_url(re.compile(r"/dashboard/"))
    journey.check("dashboard-new-member")
    assert page.get_by_role("link", name="Nora Nieuw").count()
    nora = User.objects.get(email="nora.nieuw@example.eu")
    assert EmailAddress.objects.get(user=nora).verified
    assert SocialAccount.objects.filter(user=nora, provider=PROVIDER_ID).exists()

    page.goto("/accounts/sign-in-methods/")
    journey.check("sign-in-methods-provider-only")
    assert page.get_by_text("You have no password").count()

    # Signing out goes through the provider, which ends its session and sends the browser back.
    keyboard.submit(page.get_by_role("button", name="Sign out"))
    page.wait_for_url(portal_db["url"] + "/")
    journey.check("home-after-sign-out")
    page.goto(f"{identity_provider.url}/whoami/")
    assert '"username": null' in page.content()


def test_it_links_an_existing_member_by_the_verified_address(
    journey, keyboard, page, portal_db, identity_provider, settings
):
    configure_portal(settings, identity_provider, portal_db["url"])
    member = User.objects.get(email="member@catalunya.example")
    # First the provider has not verified the address: nothing is linked.
    identity_provider.person(
        "marta", "member@catalunya.example", first_name="Marta", email_verified=False
    )
    page.goto("/accounts/login/")
    _press_provider_button(page, keyboard, "Sign in with EU Login")
    _at_provider(page, identity_provider, "marta")
    page.get_by_role("heading", name="Your EU Login account cannot be used here yet").wait_for()
    journey.check("refused-unverified-address")
    assert not SocialAccount.objects.exists()

    identity_provider.person("marta", "member@catalunya.example", first_name="Marta")
    keyboard.press(page.get_by_role("main").get_by_role("link", name="Back to the sign-in page"))
    page.wait_for_url(re.compile(r"/accounts/login/"))
    _press_provider_button(page, keyboard, "Sign in with EU Login")
    _at_provider(page, identity_provider, "marta")  # updating her there ended that session

    page.wait_for_url(re.compile(r"/dashboard/"))
    journey.check("dashboard-linked-member")
    assert SocialAccount.objects.get(provider=PROVIDER_ID).user == member
    page.goto("/accounts/sign-in-methods/")
    journey.check("sign-in-methods-password-and-eu-login")
    assert page.get_by_role("button", name="Unlink EU Login").count()
    assert page.get_by_role("button", name="Remove my password").count()


def test_it_refuses_staff_pages_to_a_one_factor_sign_in_and_opens_them_after_two_steps(
    journey, keyboard, page, portal_db, identity_provider, settings
):
    configure_portal(settings, identity_provider, portal_db["url"])
    sub = identity_provider.person("rolf", "rolf.reviewer@commission.example.eu", first_name="Rolf")
    staff = User.objects.create_user(
        "rolf.reviewer@commission.example.eu", None, staff_role="reviewer", full_name="Rolf Review"
    )
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    SocialAccount.objects.create(user=staff, provider=PROVIDER_ID, uid=sub)

    page.goto("/accounts/login/")
    _press_provider_button(page, keyboard, "Sign in with EU Login")
    _at_provider(page, identity_provider, "rolf")  # password only: a one-factor acr
    # Staff land on the staff home, which asks a one-factor sign-in for its second step.
    page.wait_for_url(re.compile(r"/accounts/second-factor/"))

    keyboard.press(page.get_by_role("link", name="Staff", exact=True))
    page.wait_for_url(re.compile(r"/accounts/second-factor/"))
    journey.check("staff-refused-one-factor")
    assert page.get_by_text("Staff pages need a sign-in with two factors.").count()

    _press_provider_button(
        page, keyboard, "Sign in again with EU Login, using two-step verification"
    )
    page.wait_for_url(re.compile(re.escape(identity_provider.url) + "/login/"))
    _at_provider(page, identity_provider, "rolf")  # the provider insists on the second step
    assert page.get_by_text("This service asks for two-step verification.").count()
    journey.shot("provider-asks-for-two-steps")
    page.get_by_label("Password").fill(IDP_PASSWORD)
    page.get_by_label("Code from your phone (two-step verification)").fill(SECOND_FACTOR_CODE)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()

    page.wait_for_url(re.compile(r"/staff/$"))
    journey.check("staff-home-after-two-steps")
    assert page.get_by_role("heading", level=1).count()


def test_it_links_a_staff_account_once_password_and_code_are_confirmed(
    journey, keyboard, page, portal_db, identity_provider, settings
):
    configure_portal(settings, identity_provider, portal_db["url"])
    reviewer = User.objects.get(email="reviewer@pact-portal.example")
    identity_provider.person("rita", "reviewer@pact-portal.example", first_name="Rita")

    page.goto("/accounts/login/")
    _press_provider_button(page, keyboard, "Sign in with EU Login")
    _at_provider(page, identity_provider, "rita")
    page.wait_for_url(re.compile(r"/accounts/sign-in-methods/confirm-link/"))
    journey.check("staff-confirms-link")
    assert not SocialAccount.objects.exists()

    form = page.get_by_role("main").locator("form")
    keyboard.type(form.get_by_label("Your portal password"), "not-the-password")
    keyboard.type(form.get_by_label("Code from your authenticator app"), "123456")
    keyboard.submit(form.get_by_role("button", name="Confirm and link"))
    journey.check("staff-confirmation-refused")
    assert page.get_by_text("The password is not correct.").count()
    assert form.get_by_label("Code from your authenticator app").input_value() == "123456"

    keyboard.type(form.get_by_label("Your portal password"), DEMO_PASSWORD)
    keyboard.type(
        form.get_by_label("Code from your authenticator app"),
        fresh_totp_code(DEMO_TOTP_SECRET, reviewer.email),
    )
    keyboard.submit(form.get_by_role("button", name="Confirm and link"))
    page.wait_for_url(re.compile(r"/staff/$"))  # staff land on the staff home
    assert SocialAccount.objects.get(provider=PROVIDER_ID).user == reviewer
    keyboard.press(page.get_by_role("link", name="Staff", exact=True))
    page.wait_for_url(re.compile(r"/staff/$"))
    journey.check("staff-home-after-linking")
