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


def test_a_supporter_gets_the_newsletter_by_default_and_stops_it_in_one_click(login, client):
    from pact.communications.models import NewsletterSubscription
    from pact.communications.newsletter import services as newsletter

    person = make_user()
    login(person).post(URL, {"action": "join"})
    subscription = NewsletterSubscription.objects.get(email=person.email)
    assert subscription.status == "confirmed" and subscription.user == person
    assert AuditEntry.objects.filter(
        kind="pact.newsletter.subscription_confirmed", actor=person, data__via="supporter"
    ).exists()
    assert "The newsletter goes to" in client.get(URL).text
    # The link every newsletter carries works signed out: one click (the page's button) stops it.
    client.logout()
    token = newsletter.unsubscribe_token(subscription)
    client.post(reverse("communications:newsletter_unsubscribe", args=[token]))
    subscription.refresh_from_db()
    assert subscription.status == "unsubscribed"
    assert AuditEntry.objects.filter(kind="pact.newsletter.unsubscribed").exists()


def test_the_home_page_counts_the_supporters(client):
    before = client.get(reverse("home")).text
    assert 'data-testid="supporters"' in before
    for _ in range(3):
        make_user(is_supporter=True)
    make_user(is_supporter=True, is_active=False)
    page = client.get(reverse("home")).text
    card = page.split('data-testid="supporters"', 1)[1][:200]
    assert '<span class="stat">3</span>' in card
