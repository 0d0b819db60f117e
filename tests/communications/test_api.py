"""API: published news for everyone; notifications only for their owner."""

import pytest

from pact.communications.models import Notification
from pact.communications.news import services
from pact.kernel.api.auth import create_token
from pact.kernel.outbox import queue

pytestmark = pytest.mark.django_db


def test_the_news_api_lists_published_news_only(client, world):
    item = services.create_news(
        actor=world.admin,
        partnership=None,
        title="Public",
        summary="s",
        body="*b*",
        language="en",
        ecosystems=["tourism"],
    )
    services.publish_news(item, actor=world.admin)
    services.create_news(
        actor=world.admin, partnership=None, title="Draft", summary="s", body="b", language="en"
    )
    response = client.get("/api/v1/news/")
    assert response.status_code == 200
    assert [r["title"] for r in response.json()["results"]] == ["Public"]
    assert response.json()["results"][0]["body_html"].strip() == "<p><em>b</em></p>"
    assert client.get("/api/v1/news/", {"ecosystem": "digital"}).json()["results"] == []
    assert client.get("/api/v1/news/draft/").status_code == 404


def test_notifications_are_private_to_their_owner(client, world):
    queue.queue_email(to=world.member, template="test_message", context={}, kind="members.x")
    note = Notification.objects.get()
    assert client.get("/api/v1/notifications/").status_code in (401, 403)
    client.force_login(world.outsider)
    assert client.get("/api/v1/notifications/").json()["results"] == []
    assert client.get(f"/api/v1/notifications/{note.pk}/").status_code == 404
    assert client.post(f"/api/v1/notifications/{note.pk}/read/").status_code == 404
    client.force_login(world.member)
    assert [
        r["id"] for r in client.get("/api/v1/notifications/?unread=true").json()["results"]
    ] == [note.pk]
    assert client.post(f"/api/v1/notifications/{note.pk}/read/").json()["read_at"]
    assert client.get("/api/v1/notifications/?unread=true").json()["results"] == []


def test_a_read_only_token_cannot_mark_notifications_read(client, world):
    queue.queue_email(to=world.member, template="test_message", context={}, kind="members.x")
    note = Notification.objects.get()
    _token, secret = create_token(world.member, "script", "read")
    headers = {"HTTP_AUTHORIZATION": f"Token {secret}"}
    assert client.get("/api/v1/notifications/", **headers).status_code == 200
    assert client.post(f"/api/v1/notifications/{note.pk}/read/", **headers).status_code == 403
    note.refresh_from_db()
    assert note.read_at is None
