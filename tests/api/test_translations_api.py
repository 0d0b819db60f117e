"""The API lists the translations of what it exposes: news items and partnership summaries (events,
funding calls and library resources: tests/support/test_translations.py), inside the documented
envelope."""

from __future__ import annotations

import pytest

from pact.communications.news import services, translations
from tests.factories import make_organisation, make_partnership

pytestmark = pytest.mark.django_db


def test_a_news_item_lists_its_translations(world, client):
    item = services.create_news(
        actor=world.admin,
        partnership=None,
        title="Skills week opens",
        summary="The week of skills starts.",
        body="All about it.",
        language="en",
    )
    services.publish_news(item, actor=world.admin)
    translations.save_translation(
        item,
        actor=world.admin,
        language="it",
        title="Si apre la settimana",
        summary="La settimana inizia.",
        body="Tutto.",
    )
    body = client.get("/api/v1/news/").json()
    assert {"count", "next", "previous", "results"} <= set(body)
    found = next(r for r in body["results"] if r["slug"] == item.slug)
    assert found["language"] == "en" and found["title"] == "Skills week opens"
    assert found["translations"] == [
        {
            "language": "it",
            "title": "Si apre la settimana",
            "summary": "La settimana inizia.",
            "body": "Tutto.",
        }
    ]


def test_a_partnership_lists_its_summary_translations(client):
    partnership = make_partnership(
        make_organisation("Welding Agency"),
        summary="Training welders.",
        summary_language="en",
        summary_translations={"fr": "Former des soudeurs.", "de": "Schweißer ausbilden."},
    )
    body = client.get(f"/api/v1/partnerships/{partnership.slug}/").json()
    assert body["summary"] == "Training welders." and body["summary_language"] == "en"
    assert body["summary_translations"] == [
        {"language": "de", "summary": "Schweißer ausbilden."},
        {"language": "fr", "summary": "Former des soudeurs."},
    ]
