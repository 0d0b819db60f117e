"""Bounces and complaints: the mail service's authenticated notifications mark an address
undeliverable; the outbox sends it nothing more; staff see it on the person and organisation."""

from __future__ import annotations

import json

import pytest
from django.core import mail

from pact.kernel.outbox import delivery, queue
from pact.models import AuditEntry, OutboundEmail, UndeliverableAddress
from tests.factories import make_user

pytestmark = pytest.mark.django_db

TOKEN = "a-long-shared-secret-for-the-mail-service"


@pytest.fixture
def token(settings):
    settings.MAIL_EVENTS_TOKEN = TOKEN
    return TOKEN


def _post(client, payload, token=TOKEN):
    return client.post(
        "/mail/events/",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_it_marks_bounced_and_complaining_addresses_undeliverable(client, token):
    response = _post(
        client,
        {
            "events": [
                {
                    "type": "bounce",
                    "address": "Gone@Example.org",
                    "permanent": True,
                    "detail": "550",
                },
                {"type": "complaint", "address": "angry@example.org"},
                {"type": "bounce", "address": "full@example.org", "permanent": False},
            ]
        },
    )
    assert response.status_code == 200
    assert response.json() == {"recorded": 2}
    assert dict(UndeliverableAddress.objects.values_list("address", "reason")) == {
        "gone@example.org": "bounce",
        "angry@example.org": "complaint",
    }
    entry = AuditEntry.objects.get(kind="pact.mail.undeliverable_reported")
    assert "gone@example.org" not in json.dumps(entry.data)


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"events": []},
        {"events": [{"type": "opened", "address": "a@example.org"}]},
        {"events": [{"type": "bounce", "address": "not an address"}]},
        {"events": [{"type": "bounce", "address": "a\u0000@example.org"}]},
        ["not", "an", "object"],
    ],
)
def test_it_answers_400_to_a_payload_of_another_shape_and_records_nothing(client, token, payload):
    response = _post(client, payload)
    assert response.status_code == 400
    assert "error" in response.json()
    assert not UndeliverableAddress.objects.exists()


def test_it_answers_400_to_a_body_that_is_not_json(client, token):
    response = client.post(
        "/mail/events/",
        "{oops",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
    )
    assert response.status_code == 400


def test_without_the_shared_secret_the_route_does_not_exist(client, settings):
    payload = {"events": [{"type": "complaint", "address": "victim@example.org"}]}
    settings.MAIL_EVENTS_TOKEN = ""
    assert _post(client, payload, token="").status_code == 404
    settings.MAIL_EVENTS_TOKEN = TOKEN
    assert _post(client, payload, token="wrong").status_code == 404
    assert client.post("/mail/events/", payload, content_type="application/json").status_code == 404
    assert not UndeliverableAddress.objects.exists()


def test_the_outbox_sends_nothing_more_to_an_undeliverable_address():
    gone = make_user("gone@example.org")
    kept = make_user("kept@example.org")
    UndeliverableAddress.objects.create(address="gone@example.org", reason="bounce")
    mails = [
        queue.queue_email(to=user, template="test_message", context={"name": "X"}, kind="test")
        for user in (gone, kept)
    ]
    assert delivery.deliver_batch([m.pk for m in mails]) == 1
    assert [m.to for m in mail.outbox] == [["kept@example.org"]]
    skipped = OutboundEmail.objects.get(pk=mails[0].pk)
    assert (skipped.status, skipped.last_error) == ("failed", "undeliverable address")


def test_staff_see_an_undeliverable_address_on_the_person_and_the_organisation(login, world):
    UndeliverableAddress.objects.create(address=world.contributor.email, reason="complaint")
    url = f"/members/{world.member_org.slug}/manage/"
    staff_page = login(world.admin).get(url).content.decode()
    assert staff_page.count("Mail undeliverable") == 1
    assert "Mail undeliverable" not in login(world.member).get(url).content.decode()
