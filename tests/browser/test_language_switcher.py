"""The language switcher, used with the keyboard: the choice sticks and dates follow the language."""

from __future__ import annotations

import re

from tests.browser.support import JOURNEY

pytestmark = JOURNEY


def test_it_switches_a_visitor_to_french_and_remembers_it(journey, keyboard, page):
    page.goto("/partnerships/promis/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("November 2023").count()

    keyboard.choose(page.get_by_label("Language"), "Français")
    keyboard.submit(page.get_by_role("button", name="Change"))

    # Back on the same page, now in French, with French month names.
    assert page.url.endswith("/partnerships/promis/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert (
        page.get_by_role("navigation", name="Principal")
        .get_by_role("link", name="Partenariats")
        .count()
    )
    assert page.get_by_text("novembre 2023").count()
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies.get("django_language") == "fr"
    journey.check("partnership-in-french")

    # The choice is remembered on the next visit.
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_label("Langue").input_value() == "fr"

    keyboard.choose(page.get_by_label("Langue"), "Deutsch")
    keyboard.submit(page.get_by_role("button", name=re.compile("Changer")))
    assert page.locator("html").get_attribute("lang") == "de"
    journey.check("home-in-german")
