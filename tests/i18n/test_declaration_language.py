"""A declaration is shown in the language it was written in, labelled, and marked up as such."""

from __future__ import annotations

from html.parser import HTMLParser
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation


class _LangOf(HTMLParser):
    """Record, for each text, the nearest enclosing ``lang`` attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str | None] = []
        self.texts: dict[str, str | None] = {}

    def handle_starttag(self, tag, attrs):
        if tag not in {"br", "img", "input", "hr", "meta", "link"}:
            self.stack.append(dict(attrs).get("lang"))

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        text = " ".join(data.split())
        if text:
            self.texts[text] = next((lang for lang in reversed(self.stack) if lang), None)


def test_it_marks_the_declaration_text_not_the_interface_with_its_language():
    version = SimpleNamespace(
        language="fr",
        challenges="Former les jeunes aux métiers du patrimoine.",
        objectives="",
        ambition="Une région pilote.",
        governance_coordination="",
        governance_decision_making="",
        governance_monitoring="",
    )
    commitment = SimpleNamespace(
        title="Former 300 artisans",
        description="",
        responsible_organisations=SimpleNamespace(all=lambda: []),
    )
    with translation.override("en"):
        html = render_to_string(
            "declarations/_document.html",
            {"version": version, "language_name": "French", "commitments": [commitment]},
        )
    parser = _LangOf()
    parser.feed(html)
    texts = parser.texts
    assert texts["Written in French"] is None
    assert texts["Main challenges"] is None
    assert texts["Former les jeunes aux métiers du patrimoine."] == "fr"
    assert texts["Former 300 artisans"] == "fr"
    assert texts["Not written yet."] is None  # objectives are empty: the placeholder is English
