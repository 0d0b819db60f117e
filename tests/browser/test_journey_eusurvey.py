"""Bringing in the EU Survey membership: staff import an export of a dozen organisations (one a
duplicate of a member, one with a mistake), import it again (nothing changes), merge the
duplicate into the member; an imported contact claims their organisation's account."""

from __future__ import annotations

import re
import uuid

from pact.management.demo.people import DEMO_PASSWORD, DEMO_TOTP_SECRET
from tests.browser.support import (
    JOURNEY,
    Keyboard,
    links_in,
    mail_text,
    sign_in,
    sign_out,
    wait_for_mail,
)

pytestmark = JOURNEY

STAFF = "admin@pact-portal.example"
MEMBER_ORG = "Catalan Vocational Training Agency"
HEADER = (
    "Contribution ID,Submission date,Organisation name,Acronym,Country,Organisation type,"
    "Website,Contact name,Contact e-mail,Ecosystems,Language\n"
)
PASSWORD = "a-long-pass-phrase-2026"


def export(suffix: str) -> str:
    """Ten new organisations (illustrative), one duplicate of a member, one with a bad address."""
    rows = [
        f"es-{suffix}-{n:02d},2021-0{1 + n % 9}-15,Illustrative Skills Centre {n} {suffix},,"
        f"{('BE', 'FR', 'IT', 'PL', 'PT')[n % 5]},education_provider,,Contact {n},"
        f"contact{n}-{suffix}@example.org,Tourism,en\n"
        for n in range(1, 11)
    ]
    rows.append(
        f"es-{suffix}-11,2021-05-20,Catalan Vocational Training Agency S.L.,,ES,public_authority,"
        f",Jordi Example,jordi-{suffix}@example.org,,ca\n"
    )
    rows.append(
        f"es-{suffix}-12,2021-05-21,Broken Address Org {suffix},,DE,ngo,,Bea,not-an-address,,de\n"
    )
    return HEADER + "".join(rows)


def upload(page, keyboard: Keyboard, content: str) -> None:
    page.goto("/members/applications/eu-survey/")
    page.get_by_label("EU Survey export (XLSX or CSV)").set_input_files(
        files=[{"name": "eu-survey.csv", "mimeType": "text/csv", "buffer": content.encode()}]
    )
    keyboard.submit(page.get_by_role("button", name="Check the file"))


def test_it_brings_in_the_eu_survey_membership(journey, open_page, portal_db):
    suffix = uuid.uuid4().hex[:6]
    content = export(suffix)
    staff = journey.page
    st = Keyboard(staff)
    sign_in(staff, st, STAFF, DEMO_PASSWORD, DEMO_TOTP_SECRET)
    st.follow(staff.get_by_role("link", name="Import members from EU Survey"))
    journey.check("eu-survey-upload")

    upload(staff, st, content)
    assert staff.get_by_text(
        "New: 10. Possible duplicates: 1. Imported before: 0. Problems: 1."
    ).count()
    problems = staff.get_by_role("table", name="Problems found, by line and column of the file")
    assert "This is not an e-mail address." in problems.inner_text()
    journey.check("eu-survey-preview")
    # The duplicate is registered for now, and merged into the member below.
    st.check_box(staff.get_by_label("It is a new organisation"))
    st.submit(staff.get_by_role("button", name="Import"))
    assert staff.get_by_text("11 organisations registered").count()
    journey.check("eu-survey-claims")

    # The same file again: every organisation is recognised by its contribution ID.
    upload(staff, st, content)
    assert staff.get_by_text(
        "New: 0. Possible duplicates: 0. Imported before: 11. Problems: 1."
    ).count()
    st.submit(staff.get_by_role("button", name="Import"))
    assert staff.get_by_text("0 organisations registered").count()
    assert staff.get_by_text("11 already imported").count()

    # Merge the duplicate into the member organisation.
    staff.goto("/members/applications/merge/")
    journey.check("merge-form")
    st.type(staff.get_by_label("Organisation to merge (the duplicate)"), f"es-{suffix}-11")
    st.type(staff.get_by_label("Organisation to keep"), MEMBER_ORG)
    st.submit(staff.get_by_role("button", name="Show what will move"))
    journey.check("merge-preview")
    st.submit(staff.get_by_role("button", name="Merge"))
    assert staff.get_by_text(f"is merged into {MEMBER_ORG}").count()

    # A contact claims their organisation: the link, an account, the confirmation.
    contact = f"contact3-{suffix}@example.org"
    message = wait_for_mail(portal_db["mail"], contact, "claim its account")
    claim = next(url for url in links_in(mail_text(message)) if "/members/invitations/" in url)
    person = open_page()
    pk = Keyboard(person)
    person.goto(claim)
    journey.check("claim-signed-out", page=person)
    person.goto("/accounts/signup/")
    pk.type(person.get_by_label("Your name"), "Carla Contact")
    pk.type(person.locator("input[name=email]"), contact)
    pk.type(person.locator("input[name=password1]"), PASSWORD)
    pk.type(person.locator("input[name=password2]"), PASSWORD)
    with person.expect_navigation():
        person.keyboard.press("Enter")
    confirm = wait_for_mail(portal_db["mail"], contact, re.compile("confirm", re.IGNORECASE))
    person.goto(next(u for u in links_in(mail_text(confirm)) if "/confirm-email/" in u))
    pk.submit(person.get_by_role("main").get_by_role("button", name="Confirm"))
    person.goto(claim)
    if person.get_by_role("button", name=re.compile("Accept")).count():
        pk.submit(person.get_by_role("button", name=re.compile("Accept")))
    assert person.get_by_text(f"Illustrative Skills Centre 3 {suffix}").count()
    journey.check("claimed", page=person)

    # Staff see the organisation claimed.
    staff.goto(f"/members/applications/eu-survey/claims/?q=es-{suffix}-03")
    row = staff.get_by_role("row", name=re.compile(f"Illustrative Skills Centre 3 {suffix}"))
    assert "Yes" in row.inner_text()
    sign_out(staff, st)
