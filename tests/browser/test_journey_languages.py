"""A declaration in two languages: a visitor reads the Upper Austria declaration in its English
translation (their browser's language) and in the signed German original, downloads both PDFs the
worker rendered, and moves between them by the ``hreflang`` alternates of each page."""

from __future__ import annotations

import re

from tests.browser.support import JOURNEY, pdf_first_page_png

pytestmark = JOURNEY

VERSION = "/partnerships/lep-upper-austria/declaration/v1/"


def _alternates(page) -> dict[str, str]:
    links = page.locator('head link[rel="alternate"][hreflang]')
    return {
        links.nth(n).get_attribute("hreflang"): links.nth(n).get_attribute("href")
        for n in range(links.count())
    }


def _pdf(journey, page, label: str) -> bytes:
    """The page's PDF once the worker has rendered it (the page polls until then)."""
    link = page.get_by_role("main").get_by_role("link", name=re.compile("PDF"))
    for _ in range(60):
        if link.count():
            break
        page.wait_for_timeout(1000)
        page.reload()
    assert link.count(), f"{page.url} links no PDF"
    with page.expect_download() as download:
        link.first.click()
    body = open(download.value.path(), "rb").read()  # noqa: SIM115 - read whole
    assert body.startswith(b"%PDF")
    journey.step += 1
    pdf_first_page_png(body, journey.folder / f"{journey.step:02d}-{label}.png")
    return body


def test_it_lets_a_visitor_read_a_declaration_in_its_original_and_a_translation(journey, page):
    # An English-speaking visitor gets the English translation, clearly marked as not signed.
    page.goto(VERSION)
    assert page.locator("html").get_attribute("lang") == "en"
    notice = page.get_by_role("note")
    assert "Translation into English, not signed" in notice.inner_text()
    assert "German" in notice.inner_text()
    assert page.get_by_text("A platform for cooperation along the education chain").count()
    journey.check("translation")
    english_pdf = _pdf(journey, page, "translation-pdf")

    # The head lists each language's own URL; the German one is the signed original.
    alternates = _alternates(page)
    assert set(alternates) == {"de", "en"}
    assert alternates["de"].endswith(f"{VERSION}?lang=de")
    page.goto(alternates["de"])
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("note").count() == 0  # the original: no translation notice
    ambition = page.locator('#section-ambition .prose[lang="de"]')
    assert "Eine Plattform für die Zusammenarbeit" in ambition.inner_text()
    journey.check("original")
    german_pdf = _pdf(journey, page, "original-pdf")
    assert german_pdf != english_pdf

    # Back to the translation by the alternate of the German page.
    back = _alternates(page)["en"]
    page.goto(back)
    assert page.url.endswith(f"{VERSION}?lang=en")
    assert "not signed" in page.get_by_role("note").inner_text()
    # And by the visible link of the languages list.
    page.get_by_role("navigation", name="Languages of this declaration").get_by_role(
        "link", name="German"
    ).click()
    page.wait_for_url(re.compile(r"\?lang=de$"))
