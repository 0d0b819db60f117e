"""Journey: a visitor asks "who committed what in tourism", narrows it by partnership kind and
downloads the list."""

from __future__ import annotations

import csv
import io
import re

from tests.browser.support import JOURNEY

pytestmark = JOURNEY


def test_it_lets_a_visitor_search_commitments_and_download_them(journey, keyboard, page):
    page.goto("/")
    keyboard.press(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Commitments")
    )
    page.wait_for_url(re.compile(r"/commitments/$"))
    journey.check("commitments")

    main = page.get_by_role("main")
    filters = main.get_by_role("search")
    keyboard.choose(filters.get_by_label("Industrial ecosystem"), "Tourism")
    keyboard.choose(filters.get_by_label("Partnership kind"), "Large-Scale Skills Partnership")
    keyboard.press(filters.get_by_role("button", name="Search"))
    page.wait_for_url(re.compile(r"ecosystem=tourism"))
    assert "partnership_kind=lsp" in page.url
    heading = main.get_by_role("heading", name=re.compile(r"^\d+ commitments?$"))
    heading.wait_for()
    found = int(heading.inner_text().split()[0])
    assert found >= 1
    journey.check("tourism-commitments")
    journey.check_phone("tourism-commitments")

    link = main.get_by_role("link", name="CSV")
    keyboard.tab_to(link)
    href = link.get_attribute("href")
    assert href and "ecosystem=tourism" in href and "partnership_kind=lsp" in href
    response = page.request.get(href)
    assert response.ok, f"{href} answered {response.status}"
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.body().decode("utf-8-sig"))))
    assert rows
    assert {row["ecosystem"] for row in rows} == {"tourism"}
    assert 1 <= len({row["commitment"] for row in rows}) <= found  # one row per target
