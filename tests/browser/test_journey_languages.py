"""Content in two languages.

A declaration: a visitor reads the Upper Austria declaration in its English
translation (their browser's language) and in the signed German original, downloads both PDFs the
worker rendered, and moves between them by the ``hreflang`` alternates of each page.

An event: its organiser translates it in the browser, and the translation is read per ``?lang=``."""

from __future__ import annotations

import re

from pact.management.demo.people import DEMO_PASSWORD
from tests.browser.support import JOURNEY, Keyboard, pdf_first_page_png, sign_in, sign_out

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


EVENT = "/events/lll-mobility-matchmaking/"


def test_an_organiser_translates_an_event_that_visitors_read_per_lang(journey, page):
    """The Lifelong Learning Mobility coordinator adds a French translation of the partnership's
    matchmaking event beside the English original (a first try in English, the original's own
    language, is refused with the text kept); the page then reads in French at ?lang=fr, its head
    links the English original by hreflang, and a visitor follows it back."""
    keyboard = Keyboard(page)
    sign_in(page, keyboard, "coordinator@earlall.example", DEMO_PASSWORD)
    page.goto(EVENT)
    original_title = page.get_by_role("heading", level=1).inner_text()
    keyboard.follow(page.get_by_role("link", name="Add a translation"))
    assert original_title in page.locator('.original[lang="en"]').inner_text()  # side by side
    form = page.get_by_role("main")
    keyboard.type(form.get_by_label("Title"), "Matchmaking de la mobilité : échanges en EFP")
    keyboard.type(
        form.get_by_label("Summary"),
        "Les autorités régionales et les prestataires d’EFP se rencontrent.",
    )
    keyboard.type(form.get_by_label("Programme"), "- Accueil\n- Rencontres en tête-à-tête")
    keyboard.choose(form.get_by_label("Language of the translation"), "English")
    keyboard.submit(form.get_by_role("button", name="Save the translation"))
    alert = page.get_by_role("alert")
    assert "The original is already in English: choose another language." in alert.inner_text()
    assert form.get_by_label("Title").input_value().startswith("Matchmaking de la mobilité")
    journey.check("event-translation-refused")

    keyboard.choose(form.get_by_label("Language of the translation"), "French")
    keyboard.submit(form.get_by_role("button", name="Save the translation"))
    assert page.url.endswith(f"{EVENT}?lang=fr")
    heading = page.get_by_role("heading", level=1)
    assert heading.get_attribute("lang") == "fr"
    assert heading.inner_text() == "Matchmaking de la mobilité : échanges en EFP"
    assert page.locator("html").get_attribute("lang") == "fr"  # the interface speaks French too
    journey.check("event-in-french")
    page.goto(f"{EVENT}?lang=en")  # the English interface, to find its "Sign out"
    sign_out(page, keyboard)

    # A visitor on the French page finds the English original by the head's alternates.
    page.goto(f"{EVENT}?lang=fr")
    alternates = _alternates(page)
    assert set(alternates) == {"en", "fr"}
    page.goto(alternates["en"])
    assert page.get_by_role("heading", level=1).inner_text() == original_title
    assert page.get_by_role("heading", level=1).get_attribute("lang") == "en"
    languages = page.get_by_role("navigation", name="Languages of this event")
    languages.get_by_role("link", name="French").click()
    page.wait_for_url(re.compile(r"\?lang=fr$"))
    assert page.get_by_role("heading", level=1).get_attribute("lang") == "fr"
    journey.check("event-in-french-for-a-visitor")
