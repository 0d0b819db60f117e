"""The map of Europe and the target bars in a real browser.

A keyboard reaches the map from the directory's top, moves from country to country (each named
with its count) and opens the directory filtered by the country; axe finds nothing serious on the
map in either view; at 390 px the map page fits in English, French and German. On a partnership's
page every target's bar marks the target on the bar's own scale.
"""

from __future__ import annotations

import re

from django.urls import reverse

from tests.browser.support import JOURNEY, PHONE_WIDTH, assert_fits_phone, axe_check

pytestmark = JOURNEY


def _set_language(page, code: str) -> None:
    origin = re.match(r"https?://[^/]+", page.url).group(0)
    page.context.add_cookies([{"name": "django_language", "value": code, "url": origin + "/"}])


def test_it_lets_a_keyboard_reach_a_country_on_the_map_and_list_its_partnerships(
    journey, keyboard, page
):
    page.goto(reverse("partnerships:directory"))
    main = page.get_by_role("main")
    keyboard.follow(main.get_by_role("link", name="Map", exact=True))
    page.get_by_role("heading", level=1, name="Partnerships on the map").wait_for()
    axe_check(page)
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Map").count()

    italy = page.locator('a.map-link[data-country="IT"]')
    label = italy.get_attribute("aria-label") or ""
    assert re.fullmatch(r"Italy: \d+ partnerships?", label), label
    # Countries without partnerships are drawn but not in the tab order.
    assert page.locator('a.map-link[data-country="IS"]').count() == 0
    keyboard.tab_to(italy)
    journey.shot("map-italy-focused")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/partnerships/\?country=IT$"))
    count = int(re.search(r"\d+", label).group(0))
    main.get_by_role("heading", name=re.compile(rf"^{count} partnerships?$")).wait_for()

    # The table alternative lists the regions under their country; the members view shades too.
    page.goto(reverse("partnerships:map"))
    table = page.locator("table.map-table")
    assert table.get_by_role("link", name="Lombardia").count() == 1
    page.get_by_role("navigation", name="What the map shows").get_by_role(
        "link", name="Member organisations"
    ).click()
    page.get_by_role("heading", level=1, name="Members on the map").wait_for()
    assert page.locator("a.map-link").count() > 0
    axe_check(page)
    journey.shot("map-members")


def test_it_fits_the_map_on_a_phone_in_three_languages(journey, page):
    page.goto("/")
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    for code in ("en", "fr", "de"):
        _set_language(page, code)
        page.goto(reverse("partnerships:map"))
        assert page.locator("html").get_attribute("lang") == code
        assert_fits_phone(page)
        box = page.locator("svg.country-map").bounding_box()
        assert box and box["width"] <= PHONE_WIDTH and box["height"] > 150
    axe_check(page)
    journey.shot("map-de-390px")


def test_each_target_bar_marks_its_target_on_its_own_scale(journey, page):
    page.goto(reverse("partnerships:detail", kwargs={"slug": "promis"}))
    section = page.locator(".progress-section")
    bars = section.locator("svg.target-bar-svg")
    assert bars.count() >= 2
    for i in range(bars.count()):
        bar = bars.nth(i)
        box = bar.bounding_box()
        mark = bar.locator(".bar-target").bounding_box()
        assert box and mark
        # The mark sits inside the bar; with the target not yet reached it ends the scale.
        assert box["x"] - 1 <= mark["x"] <= box["x"] + box["width"]
        gain = bar.locator(".bar-gain")
        if gain.count():
            filled = gain.bounding_box()
            assert filled["x"] + filled["width"] <= box["x"] + box["width"] + 1
    text = section.inner_text()
    assert "against a target of" in text
    assert not re.search(r"\b(\d+) of \d+ \(0\s?%\)", text)
    journey.shot("progress-bars")
