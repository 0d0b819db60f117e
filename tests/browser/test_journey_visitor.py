"""Journey 1: a visitor finds a partnership in the directory and downloads its declaration PDF."""

from __future__ import annotations

import re

from tests.browser.support import JOURNEY, pdf_first_page_png

pytestmark = JOURNEY

PDF_LINK = re.compile(r"declaration.*PDF|PDF", re.IGNORECASE)


def test_it_lets_a_visitor_find_a_partnership_and_download_its_declaration(journey, keyboard, page):
    page.goto("/")
    journey.check("home")

    # From the main navigation to the directory, by keyboard.
    keyboard.press(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Partnerships")
    )
    page.wait_for_url(re.compile(r"/partnerships/$"))
    journey.check("directory")
    journey.check_phone("directory")

    # The filter form works without JavaScript; with it, htmx refreshes the results in place.
    main = page.get_by_role("main")
    filters = main.get_by_role("search")
    keyboard.type(filters.get_by_label("Words"), "partnership")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=partnership"))
    journey.check("search-results")

    keyboard.choose(filters.get_by_label("Country"), re.compile(r"^Italy \("))
    page.wait_for_url(re.compile(r"country=IT"))
    keyboard.choose(filters.get_by_label("Industrial ecosystem"), re.compile(r"^Health \("))
    page.wait_for_url(re.compile(r"ecosystem=health"))
    keyboard.press(filters.get_by_role("button", name="Show partnerships"))
    page.wait_for_load_state("networkidle")
    results = main.locator("#results")
    results.get_by_role("heading", name="1 partnership").wait_for()
    assert results.get_by_role("link", name=re.compile("ProMIS")).count() == 1
    assert (
        results.get_by_role("link", name=re.compile("Lombardy")).count() == 0
    )  # Italy, not health
    journey.check("filtered-results")

    keyboard.press(main.get_by_role("link", name=re.compile("ProMIS Regional Skills Partnership")))
    page.wait_for_url(re.compile(r"/partnerships/promis/$"))
    page.get_by_role("heading", level=1, name=re.compile("ProMIS")).wait_for()
    journey.check("partnership")
    journey.check_phone("partnership")

    # The declaration PDF is rendered by the worker; the page links it once it is ready.
    link = main.get_by_role("link", name=PDF_LINK).first
    for _ in range(30):
        if link.count():
            break
        page.wait_for_timeout(1000)
        page.reload()
    assert link.count(), "the partnership page links no declaration PDF"
    keyboard.tab_to(link)
    href = link.get_attribute("href")
    assert href
    response = page.request.get(href)
    assert response.ok, f"{href} answered {response.status}"
    assert response.headers["content-type"].startswith("application/pdf")
    body = response.body()
    assert body.startswith(b"%PDF")
    journey.step += 1
    pdf_first_page_png(body, journey.folder / f"{journey.step:02d}-declaration-pdf.png")
