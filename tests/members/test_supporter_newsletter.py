"""Stopping the support stops the newsletter that came with it; a newsletter the person asked for
themselves (the form and its confirmation link) goes on."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.urls import reverse

from members.joining import services as joining
from pact.communications.models import NewsletterSubscription
from pact.communications.newsletter import services as newsletter
from pact.models import AuditEntry
from tests.factories import make_user

pytestmark = pytest.mark.django_db
URL = reverse("members:supporter")


def _subscription(person) -> NewsletterSubscription:
    return NewsletterSubscription.objects.get(email__iexact=person.email)


def _asked_and_confirmed(person, *, signed_in: bool = True) -> NewsletterSubscription:
    """The person asks for the newsletter in the form and follows the confirmation link."""
    subscription = newsletter.subscribe(
        person.email, language="en", user=person if signed_in else None
    )
    result, _ = newsletter.confirm(newsletter.confirmation_token(subscription))
    assert result is newsletter.TokenResult.DONE
    return _subscription(person)


def test_the_newsletter_that_came_with_the_support_stops_with_it(login):
    person = make_user("follower@example.org")
    client = login(person)
    client.post(URL, {"action": "join"})
    subscription = _subscription(person)
    assert subscription.status == "confirmed" and subscription.via_supporter
    assert "stopping the support stops it too" in client.get(URL).text

    response = client.post(URL, {"action": "leave"}, follow=True)
    subscription.refresh_from_db()
    assert subscription.status == "unsubscribed" and subscription.unsubscribed_at
    assert AuditEntry.objects.filter(
        kind="pact.newsletter.unsubscribed",
        target_id=str(subscription.pk),
        actor=person,
        data__via="supporter",
    ).exists()
    assert "You no longer receive the newsletter." in response.text
    # Supporting again brings it back, as the support's again.
    client.post(URL, {"action": "join"})
    subscription.refresh_from_db()
    assert subscription.status == "confirmed" and subscription.via_supporter


def test_a_newsletter_asked_for_before_the_support_goes_on(login):
    person = make_user("reader@example.org")
    subscription = _asked_and_confirmed(person)
    client = login(person)
    client.post(URL, {"action": "join"})
    subscription.refresh_from_db()
    assert subscription.status == "confirmed" and not subscription.via_supporter
    assert "You subscribed to it yourself" in client.get(URL).text

    response = client.post(URL, {"action": "leave"}, follow=True)
    subscription.refresh_from_db()
    assert subscription.status == "confirmed"
    assert "You still receive the newsletter, which you subscribed to yourself." in response.text
    assert not AuditEntry.objects.filter(kind="pact.newsletter.unsubscribed").exists()


def test_a_request_waiting_for_its_link_is_the_persons_own_if_they_made_it(login):
    person = make_user("waiting@example.org")
    newsletter.subscribe(person.email, language="en", user=person)  # link not followed yet
    joining.become_supporter(person)
    subscription = _subscription(person)
    assert subscription.status == "confirmed" and not subscription.via_supporter
    joining.stop_supporting(person)
    subscription.refresh_from_db()
    assert subscription.status == "confirmed"
    # A request anybody made signed out for the address is not the person's asking.
    other = make_user("typed-in@example.org")
    newsletter.subscribe(other.email, language="en", user=None)
    joining.become_supporter(other)
    assert _subscription(other).via_supporter
    joining.stop_supporting(other)
    assert _subscription(other).status == "unsubscribed"


def test_a_supporter_who_asks_for_the_newsletter_themselves_keeps_it(login):
    person = make_user("keen@example.org")
    joining.become_supporter(person)
    # Somebody else typing the address in the form signed out changes nothing ...
    newsletter.subscribe(person.email, language="en", user=None)
    assert _subscription(person).via_supporter
    # ... the person asking for it, signed in, makes it their own.
    newsletter.subscribe(person.email, language="en", user=person)
    assert not _subscription(person).via_supporter
    joining.stop_supporting(person)
    assert _subscription(person).status == "confirmed"


def test_a_newsletter_stopped_before_and_brought_back_by_the_support_stops_with_it(login):
    person = make_user("back@example.org")
    subscription = _asked_and_confirmed(person)
    newsletter.unsubscribe(newsletter.unsubscribe_token(subscription))
    joining.become_supporter(person)
    subscription.refresh_from_db()
    assert subscription.status == "confirmed" and subscription.via_supporter
    joining.stop_supporting(person)
    subscription.refresh_from_db()
    assert subscription.status == "unsubscribed"
    # Stopping twice is harmless: nothing more is written.
    assert not joining.stop_supporting(person)
    assert AuditEntry.objects.filter(kind="pact.newsletter.unsubscribed").count() == 2


def test_the_migration_marks_the_subscriptions_the_support_confirmed_last():
    migration = importlib.import_module(
        "pact.communications.migrations.0003_newsletter_via_supporter"
    )
    supporter, reader, returned = (
        make_user(f"{name}@example.org") for name in ("supporter", "reader", "returned")
    )
    joining.become_supporter(supporter)
    _asked_and_confirmed(reader)
    joining.become_supporter(reader)  # already subscribed: stays the reader's own
    # Stopped the support's newsletter, then asked for it in the form: the reader's own now.
    joining.become_supporter(returned)
    joining.stop_supporting(returned)
    _asked_and_confirmed(returned)
    NewsletterSubscription.objects.update(via_supporter=False)  # as before the migration
    with connection.cursor() as cursor:
        cursor.execute(migration.MARK_SUPPORTERS)
    marked = dict(NewsletterSubscription.objects.values_list("email", "via_supporter"))
    assert marked == {
        "supporter@example.org": True,
        "reader@example.org": False,
        "returned@example.org": False,
    }
