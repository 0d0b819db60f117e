"""Journey 2: a person signs up, confirms the address, registers an organisation under the Charter;
a Commission reviewer signs in with two-factor authentication and approves it."""

from __future__ import annotations

import re
import uuid

from pact.management.demo.people import DEMO_PASSWORD, DEMO_TOTP_SECRET
from tests.browser.support import (
    JOURNEY,
    links_in,
    mail_text,
    sign_in,
    sign_out,
    wait_for_mail,
)

pytestmark = JOURNEY

PASSWORD = "Skills-for-Europe-2030!"


def test_it_takes_an_organisation_from_sign_up_to_approved_membership(
    journey, keyboard, page, portal_db
):
    suffix = uuid.uuid4().hex[:8]
    email = f"founder-{suffix}@example.org"
    organisation = f"Skills Academy Flanders {suffix}"

    # Sign up, keyboard only.
    page.goto("/")
    keyboard.press(page.get_by_role("link", name="Create an account"))
    page.wait_for_url(re.compile(r"/accounts/signup/"))
    journey.check("sign-up")
    keyboard.type(page.get_by_label("Your name"), "Frieda Founder")
    keyboard.type(page.locator("input[name=email]"), email)
    keyboard.type(page.locator("input[name=password1]"), PASSWORD)
    keyboard.type(page.locator("input[name=password2]"), PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    journey.check("verification-sent")

    # The confirmation link arrives by mail (the development file backend).
    message = wait_for_mail(portal_db["mail"], email, re.compile("confirm", re.IGNORECASE))
    link = next(url for url in links_in(mail_text(message)) if "/confirm-email/" in url)
    page.goto(link)
    journey.check("confirm-address")
    keyboard.submit(page.get_by_role("main").get_by_role("button", name="Confirm"))
    page.wait_for_url(re.compile(r"/dashboard/"))
    journey.check("dashboard-new-person")

    # Register the organisation and accept the four principles of the Charter.
    keyboard.press(page.get_by_role("link", name="Register an organisation"))
    page.wait_for_url(re.compile(r"/members/join/"))
    journey.check("join-form")
    journey.check_phone("join-form")
    form = page.get_by_role("main").locator("form.stacked")
    keyboard.type(form.get_by_label("Name of the organisation"), organisation)
    keyboard.type(form.get_by_label("Acronym"), f"SAF{suffix[:3].upper()}")
    keyboard.choose(
        form.get_by_label("Type of organisation"), re.compile(r"^Education and training")
    )
    keyboard.choose(form.get_by_label("Country", exact=False).first, "Belgium")
    keyboard.type(form.get_by_label("Website"), "https://skills-academy.example.eu")
    keyboard.type(
        form.get_by_label("Short description"),
        "Vocational training centre for the construction and renovation trades in Flanders.",
    )
    keyboard.type(form.get_by_label("Main contact: name"), "Frieda Founder")
    keyboard.type(form.get_by_label("Main contact: email"), email)
    for box in form.locator("fieldset.charter-principles input[type=checkbox]").all():
        keyboard.check_box(box)
    keyboard.submit(form.get_by_role("button", name="Submit the application").last)
    page.get_by_text("waits for review by the Commission").first.wait_for()
    journey.check("application-registered")
    wait_for_mail(portal_db["mail"], email, f"Application received: {organisation}")
    sign_out(page, keyboard)

    # A reviewer signs in with the authenticator code and approves the application.
    sign_in(
        page,
        keyboard,
        "reviewer@pact-portal.example",
        DEMO_PASSWORD,
        DEMO_TOTP_SECRET,
        journey=journey,
    )
    keyboard.press(page.get_by_role("navigation", name="Main").get_by_role("link", name="Staff"))
    journey.check("staff-home")
    keyboard.press(page.get_by_role("link", name="Review membership applications"))
    journey.check("applications")
    keyboard.press(page.get_by_role("link", name=organisation))
    journey.check("application")
    keyboard.check_box(page.get_by_role("radio", name="Approve"))
    keyboard.submit(page.get_by_role("button", name="Record the decision"))
    assert page.get_by_text(f"{organisation} is approved.").count()
    journey.check("approved")

    # The applicant hears it from the worker, and the organisation is listed publicly.
    wait_for_mail(portal_db["mail"], email, f"{organisation} is approved")
    sign_out(page, keyboard)
    page.goto(f"/members/?q={suffix}")
    page.get_by_role("link", name=organisation).wait_for()
    journey.check("public-directory")
