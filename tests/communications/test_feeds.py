"""Atom feeds validate as Atom and carry only published, public news."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from pact.communications.news import services
from tests.factories import make_partnership

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def parse_atom(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        element = root.find(f"{ATOM}{required}")
        assert element is not None and (element.text or "").strip(), required
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{required}") or "").strip(), required
        assert entry.find(f"{ATOM}link").get("href", "").startswith("http")
        datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    return root, entries


def publish(actor, partnership=None, **extra):
    data = {
        "title": "News",
        "summary": "Summary",
        "body": "Body",
        "language": "en",
        "ecosystems": ["tourism"],
    }
    data.update(extra)
    item = services.create_news(actor=actor, partnership=partnership, **data)
    return services.publish_news(item, actor=actor)


@pytest.fixture
def news(world):
    active = make_partnership(world.coordinator_org, name="Tourism RSP", ecosystem="tourism")
    publish(world.admin, title="Pact news")
    publish(world.coordinator, active, title="Partnership news", ecosystems=["digital"])
    services.create_news(
        actor=world.admin,
        partnership=None,
        title="Secret draft",
        summary="s",
        body="b",
        language="en",
        ecosystems=["tourism"],
    )
    return active


def titles(entries):
    return {e.findtext(f"{ATOM}title") for e in entries}


def test_the_news_feed_is_atom_and_lists_published_news(client, news):
    _root, entries = parse_atom(client.get(reverse("communications:feed_news")))
    assert titles(entries) == {"Pact news", "Partnership news"}
    assert all(e.findtext(f"{ATOM}summary") == "Summary" for e in entries)
    assert all(len(e.findall(f"{ATOM}summary")) == 1 for e in entries)
    assert all("<p>Body</p>" in e.findtext(f"{ATOM}content") for e in entries)


def test_the_partnership_feed(client, news, world):
    _, entries = parse_atom(
        client.get(reverse("communications:feed_partnership_news", args=[news.slug]))
    )
    assert titles(entries) == {"Partnership news"}
    private = reverse("communications:feed_partnership_news", args=[world.partnership.slug])
    assert client.get(private).status_code == 404


def test_the_ecosystem_feed(client, news):
    _, entries = parse_atom(
        client.get(reverse("communications:feed_ecosystem_news", args=["tourism"]))
    )
    assert titles(entries) == {"Pact news"}
    assert (
        client.get(reverse("communications:feed_ecosystem_news", args=["nope"])).status_code == 404
    )


def test_an_empty_feed_is_still_valid_atom(client, db):
    _, entries = parse_atom(client.get(reverse("communications:feed_news")))
    assert entries == []


def test_the_recently_launched_partnerships_feed(client, world):
    make_partnership(
        world.coordinator_org, name="Launched RSP", launched_on=datetime.date(2025, 2, 19)
    )
    make_partnership(world.member_org, name="Not launched RSP")
    make_partnership(
        world.outsider_org,
        name="Under review",
        status="under_review",
        launched_on=datetime.date(2025, 1, 1),
    )
    _, entries = parse_atom(client.get(reverse("communications:feed_launched_partnerships")))
    assert titles(entries) == {"Launched RSP"}
