"""A coordinator fills in the library's stakeholder mapping template and imports it into the
partnership's stakeholder map: a line with a mistake is shown with its line and column, the others
are applied on confirmation, and importing the same file again changes nothing."""

from __future__ import annotations

import re

from pact.management.demo.people import DEMO_PASSWORD
from tests.browser.support import JOURNEY, Keyboard, sign_in

pytestmark = JOURNEY

COORDINATOR = "coordinator@earlall.example"
PARTNERSHIP = "lll-mobility"
FILLED = (
    "stakeholder,type,influence,power,interest,pact_member,contact,notes\n"
    "Regional development agency,policymaker,system,5,3,no,,Funds the regional skills strategy\n"
    "Mobility office of the region,network,direct,4,5,no,Head of unit,\n"
    "Vocational school network,vet,indirect,seven,4,no,,\n"
)


def upload(page, keyboard: Keyboard, content: str) -> None:
    keyboard.follow(page.get_by_role("link", name="Import from a spreadsheet"))
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "stakeholders.csv", "mimeType": "text/csv", "buffer": content.encode()}]
    )
    keyboard.submit(page.get_by_role("button", name="Check the file"))


def test_it_imports_a_filled_in_stakeholder_template(journey, portal_db):
    page = journey.page
    kb = Keyboard(page)
    sign_in(page, kb, COORDINATOR, DEMO_PASSWORD)
    page.goto(f"/partnerships/{PARTNERSHIP}/stakeholders/")
    journey.check("stakeholder-map")

    upload(page, kb, FILLED)
    assert page.get_by_text("2 stakeholders will be added or changed.").count()
    problems = page.get_by_role("table", name="Problems found, by line and column of the file")
    assert re.search(r"4\s+Power\s+Give a score from 1 to 5\.", problems.inner_text())
    journey.check("import-preview")
    journey.check_phone("import-preview")
    kb.submit(page.get_by_role("button", name="Update the stakeholder map"))
    assert page.get_by_text("2 added, 0 changed, 0 already up to date").count()
    listed = page.get_by_role("table", name="Stakeholders of the partnership's area")
    assert listed.get_by_role("row", name=re.compile("Mobility office of the region")).count()
    assert "Head of unit" in listed.inner_text()
    journey.check("map-after-import")

    # The same file again: nothing to add or change.
    upload(page, kb, FILLED)
    assert page.get_by_text("2 are already on the map as in the file.").count()
    assert not page.get_by_role("button", name="Update the stakeholder map").count()
    kb.submit(page.get_by_role("button", name="Discard this list"))
    assert page.get_by_text("The list is discarded; the map did not change.").count()
