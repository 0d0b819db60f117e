"""Phones: the public pages and the main forms fit a 390 px screen in English, French and German.

Nothing reaches past the edge except inside a labelled scrolling container (a wide table), the
menu folds away behind a "Menu" button that works without script, and the directory shows a
results summary before its folded filters. Screenshots at 390, 768 and 1280 px are kept.
"""

from __future__ import annotations

import re

from django.urls import reverse

from pact.management.demo.people import DEMO_PASSWORD
from tests.browser.support import (
    JOURNEY,
    PHONE_WIDTH,
    Keyboard,
    assert_fits_phone,
    axe_check,
    sign_in,
)

pytestmark = JOURNEY

LANGUAGES = ("en", "fr", "de")
WIDTHS = (PHONE_WIDTH, 768, 1280)
COORDINATOR = "coordinator@earlall.example"


def _public_pages() -> list[str]:
    return [
        reverse("home"),
        reverse("partnerships:directory"),
        reverse("partnerships:map"),
        reverse("partnerships:detail", kwargs={"slug": "promis"}),
        reverse("members:directory"),
        reverse("members:join"),
        reverse("commitments:results"),
        reverse("support:library"),
        reverse("support:event_list"),
        reverse("support:funding_list"),
        reverse("communications:news_list"),
        reverse("charter"),
        reverse("privacy"),
        reverse("open_data"),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        reverse("accessibility"),
        reverse("feedback"),
    ]


def _forms_of_a_coordinator() -> list[str]:
    from partnerships.models import Partnership

    partnership = Partnership.objects.filter(
        memberships__role="coordinator",
        memberships__organisation__memberships__user__email=COORDINATOR,
    ).first()
    pages = [reverse("dashboard"), reverse("partnerships:create"), reverse("account_settings")]
    if partnership:
        pages += [
            reverse("partnerships:workspace", kwargs={"slug": partnership.slug}),
            reverse("partnerships:declaration", kwargs={"slug": partnership.slug}),
        ]
    return pages


def _set_language(page, code: str) -> None:
    origin = re.match(r"https?://[^/]+", page.url).group(0)
    page.context.add_cookies([{"name": "django_language", "value": code, "url": origin + "/"}])


def _check_every_language(page, paths: list[str]) -> None:
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    for code in LANGUAGES:
        _set_language(page, code)
        for path in paths:
            page.goto(path)
            assert page.locator("html").get_attribute("lang") == code
            assert_fits_phone(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    _set_language(page, "en")


def test_it_fits_the_public_pages_and_main_forms_on_a_phone_in_three_languages(
    journey, open_page, page
):
    page.goto("/")
    _check_every_language(page, _public_pages())

    # Screenshots at three widths: the directory in German, the home page and sign-up in English.
    for code, path in (
        ("de", reverse("partnerships:directory")),
        ("en", reverse("home")),
        ("en", reverse("account_signup")),
    ):
        _set_language(page, code)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(path)
            journey.shot(f"{code}-{path.strip('/') or 'home'}-{width}px")
    _set_language(page, "en")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The account pages and the pages this work added pass axe, on a phone and on a desktop.
    for path in (
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        reverse("accessibility"),
        reverse("feedback"),
    ):
        for width in (PHONE_WIDTH, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(path)
            axe_check(page)

    coordinator = open_page()
    sign_in(coordinator, Keyboard(coordinator), COORDINATOR, DEMO_PASSWORD)
    _check_every_language(coordinator, _forms_of_a_coordinator())


def test_it_folds_the_menu_and_the_filters_on_a_phone_without_script(journey, open_page):
    page = open_page()
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    page.goto(reverse("partnerships:directory"))
    _set_language(page, "de")
    page.reload()
    nav = page.locator("nav#main-nav")
    # Folded: the links are hidden until the Menu button is used (a checkbox and its label).
    assert not page.locator("#main-nav").is_visible()
    menu = page.locator("label[for=menu-toggle]")
    assert menu.is_visible()
    keyboard = Keyboard(page)
    keyboard.tab_to(page.locator("#menu-toggle"))
    page.keyboard.press("Space")
    assert nav.is_visible()
    assert nav.get_by_role("link", name="Partnerschaften").is_visible()
    journey.shot("menu-open-390px")

    # The results summary comes first, the filters are folded below it and open on demand.
    summary = page.locator("#results-status")
    assert summary.is_visible()
    assert re.search(r"\d+ Partnerschaft", summary.inner_text())
    panel = page.locator("details.filter-panel")
    assert panel.get_attribute("open") is None
    assert summary.bounding_box()["y"] < panel.bounding_box()["y"]
    panel.locator("summary").click()
    assert page.locator("#f-q").is_visible()
    assert_fits_phone(page)
    journey.shot("filters-open-390px")

    # Wide: no Menu button, the links are in view and the filters open.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    assert not menu.is_visible()
    assert nav.is_visible()
    assert page.locator("#f-q").is_visible()
