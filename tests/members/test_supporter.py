"""People who follow the Pact as supporters, without an organisation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pact.models import AuditEntry
from tests.factories import make_user

pytestmark = pytest.mark.django_db
URL = reverse("members:supporter")


def test_it_sends_anonymous_people_to_sign_in(client):
    assert client.get(URL).status_code == 302
    assert client.post(URL, {"action": "join"}).status_code == 302


def test_a_person_becomes_a_supporter_and_stops_again(login):
    person = make_user()
    client = login(person)
    assert "Become a supporter" in client.get(URL).content.decode()
    client.post(URL, {"action": "join"})
    person.refresh_from_db()
    assert person.is_supporter and person.supporter_since is not None
    assert "Stop being a supporter" in client.get(URL).content.decode()
    client.post(URL, {"action": "join"})  # twice is harmless
    assert AuditEntry.objects.filter(kind="pact.supporter.joined", actor=person).count() == 1
    client.post(URL, {"action": "leave"})
    person.refresh_from_db()
    assert not person.is_supporter and person.supporter_since is None
    assert AuditEntry.objects.filter(kind="pact.supporter.left", actor=person).count() == 1


def test_the_dashboard_tells_a_supporter_so(login):
    person = make_user()
    client = login(person)
    client.post(URL, {"action": "join"})
    assert "You follow the Pact as a supporter" in client.get(reverse("dashboard")).content.decode()
