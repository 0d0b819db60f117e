"""Newsletter: double opt-in, one-click unsubscribe without signing in, sent once per recipient."""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from pact.communications.models import (
    Newsletter,
    NewsletterDelivery,
    NewsletterSubscription,
)
from pact.communications.news import services
from pact.communications.newsletter import sending
from pact.communications.newsletter import services as newsletter
from pact.communications.tasks import deliver_newsletter, sweep_newsletters
from pact.models import AuditEntry, OutboundEmail
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def last_link(pattern: str) -> str:
    email = OutboundEmail.objects.order_by("-pk").first()
    match = re.search(pattern, email.body_text)
    assert match, email.body_text
    return match.group(0).replace("http://127.0.0.1:8000", "")


def subscribe(client, email="reader@example.org", language="en"):
    return client.post(
        reverse("communications:newsletter_subscribe"), {"email": email, "language": language}
    )


def confirmed(email, language="en"):
    sub = NewsletterSubscription.objects.create(
        email=email, language=language, status="confirmed", confirmed_at=timezone.now()
    )
    return sub


# --- double opt-in -------------------------------------------------------------------------------------


def test_anyone_can_subscribe_and_must_confirm_by_the_link(client):
    response = subscribe(client, "Reader@Example.org", "de")
    assert response.status_code == 200 and b"Check your inbox" in response.content
    sub = NewsletterSubscription.objects.get()
    assert sub.status == "pending" and sub.email == "reader@example.org" and sub.language == "de"
    email = OutboundEmail.objects.get(kind="communications_newsletter_confirm")
    assert email.to_address == "reader@example.org" and email.language == "de"
    link = last_link(r"http://\S+/newsletter/confirm/\S+/")

    page = client.get(link)  # a mail scanner following the link subscribes nobody
    assert page.status_code == 200 and b"<form" in page.content
    sub.refresh_from_db()
    assert sub.status == "pending"

    done = client.post(link)
    assert done.status_code == 200
    sub.refresh_from_db()
    assert sub.status == "confirmed" and sub.confirmed_at
    assert AuditEntry.objects.filter(kind="pact.newsletter.subscription_confirmed").count() == 1
    # The audit log does not keep the address.
    assert not AuditEntry.objects.filter(target_label__icontains="reader@").exists()


def test_using_the_confirmation_link_twice_changes_nothing(client):
    subscribe(client)
    link = last_link(r"http://\S+/newsletter/confirm/\S+/")
    client.post(link)
    again = client.post(link)
    assert again.status_code == 200 and b"Already confirmed" in again.content
    assert AuditEntry.objects.filter(kind="pact.newsletter.subscription_confirmed").count() == 1


def test_a_forged_confirmation_token_is_refused(client):
    subscribe(client)
    link = last_link(r"http://\S+/newsletter/confirm/\S+/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    sub = NewsletterSubscription.objects.get()
    forged_tokens = [
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        newsletter.unsubscribe_token(sub),  # signed, but for another purpose
        "not-a-token",
    ]
    for forged in forged_tokens:
        url = reverse("communications:newsletter_confirm", args=[forged])
        assert client.get(url).status_code == 400
        assert client.post(url).status_code == 400
    sub.refresh_from_db()
    assert sub.status == "pending"


def test_an_expired_confirmation_token_is_refused(client):
    subscribe(client)
    sub = NewsletterSubscription.objects.get()
    long_ago = time.time() - (newsletter.CONFIRMATION_DAYS + 1) * 86400
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        token = newsletter.confirmation_token(sub)
    response = client.post(reverse("communications:newsletter_confirm", args=[token]))
    assert response.status_code == 400 and b"expired" in response.content
    sub.refresh_from_db()
    assert sub.status == "pending"


def test_an_old_confirmation_link_cannot_resubscribe_after_unsubscribing(client):
    subscribe(client)
    link = last_link(r"http://\S+/newsletter/confirm/\S+/")
    client.post(link)
    sub = NewsletterSubscription.objects.get()
    client.post(
        reverse("communications:newsletter_unsubscribe", args=[newsletter.unsubscribe_token(sub)])
    )
    replay = client.post(link)
    assert replay.status_code == 400
    sub.refresh_from_db()
    assert sub.status == "unsubscribed"
    # Subscribing again sends a new link; the old one stays dead.
    NewsletterSubscription.objects.filter(pk=sub.pk).update(
        requested_at=timezone.now() - timedelta(hours=1)
    )
    subscribe(client)
    assert client.post(link).status_code == 400
    client.post(last_link(r"http://\S+/newsletter/confirm/\S+/"))
    sub.refresh_from_db()
    assert sub.status == "confirmed"


def test_subscribing_an_already_subscribed_address_sends_nothing_and_says_the_same(client):
    confirmed("reader@example.org")
    response = subscribe(client, "reader@example.org")
    assert response.status_code == 200 and b"Check your inbox" in response.content
    assert not OutboundEmail.objects.exists()


def test_asking_twice_in_a_row_sends_one_confirmation(client):
    subscribe(client)
    subscribe(client)
    assert OutboundEmail.objects.filter(kind="communications_newsletter_confirm").count() == 1


def test_a_bad_address_is_refused_and_kept(client):
    response = subscribe(client, "not an address")
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert b"not an address" in response.content
    assert not NewsletterSubscription.objects.exists()


def test_a_signed_in_person_subscribes_their_account_and_can_stop(login):
    user = make_user("member@example.org")
    client = login(user)
    subscribe(client, "member@example.org")
    client.post(last_link(r"http://\S+/newsletter/confirm/\S+/"))
    sub = NewsletterSubscription.objects.get()
    assert sub.user == user and sub.status == "confirmed"
    page = client.get(reverse("communications:newsletter_subscribe"))
    assert b"You are subscribed" in page.content
    client.post(reverse("communications:newsletter_unsubscribe_own"))
    sub.refresh_from_db()
    assert sub.status == "unsubscribed"
    assert (
        login(make_user()).post(reverse("communications:newsletter_unsubscribe_own")).status_code
        == 404
    )


def test_unconfirmed_requests_are_purged_after_the_documented_period(client):
    subscribe(client, "old@example.org")
    subscribe(client, "new@example.org")
    NewsletterSubscription.objects.filter(email="old@example.org").update(
        requested_at=timezone.now() - timedelta(days=newsletter.PENDING_RETENTION_DAYS + 1)
    )
    confirmed("kept@example.org")
    NewsletterSubscription.objects.filter(email="kept@example.org").update(
        requested_at=timezone.now() - timedelta(days=400)
    )
    assert newsletter.purge_pending() == 1
    assert set(NewsletterSubscription.objects.values_list("email", flat=True)) == {
        "new@example.org",
        "kept@example.org",
    }


# --- one-click unsubscribe --------------------------------------------------------------------------


def test_one_click_unsubscribe_works_without_signing_in_or_csrf():
    sub = confirmed("reader@example.org")
    token = newsletter.unsubscribe_token(sub)
    client = Client(enforce_csrf_checks=True)
    url = reverse("communications:newsletter_unsubscribe", args=[token])
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    sub.refresh_from_db()
    assert sub.status == "unsubscribed" and sub.unsubscribed_at
    again = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert again.status_code == 200 and b"Already unsubscribed" in again.content
    assert AuditEntry.objects.filter(kind="pact.newsletter.unsubscribed").count() == 1


def test_the_unsubscribe_link_shows_a_button_and_changes_nothing_on_get(client):
    sub = confirmed("reader@example.org")
    url = reverse("communications:newsletter_unsubscribe", args=[newsletter.unsubscribe_token(sub)])
    page = client.get(url)
    assert page.status_code == 200 and b'method="post"' in page.content
    sub.refresh_from_db()
    assert sub.status == "confirmed"


def test_a_forged_unsubscribe_token_is_refused():
    sub = confirmed("reader@example.org")
    other = confirmed("other@example.org")
    token = newsletter.unsubscribe_token(other)
    client = Client(enforce_csrf_checks=True)
    for forged in (
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        newsletter.confirmation_token(sub),
        "junk",
    ):
        response = client.post(reverse("communications:newsletter_unsubscribe", args=[forged]))
        assert response.status_code == 400
    assert set(NewsletterSubscription.objects.values_list("status", flat=True)) == {"confirmed"}


# --- composing and sending ---------------------------------------------------------------------------


@pytest.fixture
def items(world):
    made = []
    for n in range(2):
        item = services.create_news(
            actor=world.admin,
            partnership=None,
            title=f"News {n}",
            summary=f"Summary {n}",
            body="Body",
            language="en",
        )
        made.append(services.publish_news(item, actor=world.admin))
    return made


def test_staff_compose_preview_test_and_send(
    login, world, items, django_capture_on_commit_callbacks
):
    for n in range(3):
        confirmed(f"s{n}@example.org", language="fr" if n else "en")
    client = login(world.reviewer)
    form = client.get(reverse("communications:newsletter_compose"))
    assert form.status_code == 200
    assert {i.pk for i in form.context["form"].fields["news_items"].queryset} == {
        i.pk for i in items
    }
    response = client.post(
        reverse("communications:newsletter_compose"),
        {
            "subject": "Pact news, spring",
            "introduction": "Hello **all**",
            "news_items": [items[0].pk],
        },
    )
    issue = Newsletter.objects.get()
    assert response.status_code == 302
    detail = client.get(reverse("communications:newsletter_detail", args=[issue.pk]))
    assert b"News 0" in detail.content and b"<strong>all</strong>" in detail.content
    assert b"News 1" not in detail.content

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("communications:newsletter_test", args=[issue.pk]))
    assert [m.to for m in mail.outbox] == [[world.reviewer.email]]
    assert mail.outbox[0].subject.endswith("[TEST] Pact news, spring")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("communications:newsletter_send", args=[issue.pk]))
    issue.refresh_from_db()
    assert issue.status == "sent" and issue.recipient_count == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "s0@example.org",
        "s1@example.org",
        "s2@example.org",
    ]
    progress = client.get(reverse("communications:newsletter_progress", args=[issue.pk]))
    assert progress.status_code == 200 and b"3 of 3 delivered" in progress.content
    assert progress["HX-Trigger"] == "newsletter-finished"
    # Sending again is refused.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("communications:newsletter_send", args=[issue.pk]))
    assert len(mail.outbox) == 3


@override_settings(SITE_URL="https://pact-portal.example.eu")
def test_every_newsletter_carries_a_one_click_unsubscribe(
    world, items, django_capture_on_commit_callbacks
):
    sub = confirmed("reader@example.org")
    issue = sending.create_newsletter(
        actor=world.admin, subject="Issue", introduction="", news_items=items
    )
    with django_capture_on_commit_callbacks(execute=True):
        sending.start_sending(issue, actor=world.admin)
    [message] = mail.outbox
    url = f"https://pact-portal.example.eu/newsletter/unsubscribe/{newsletter.unsubscribe_token(sub)}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and url in html and "News 1" in html
    # The link from the mail works without a session.
    path = url.removeprefix("https://pact-portal.example.eu")
    assert Client(enforce_csrf_checks=True).post(path, secure=True).status_code == 200
    sub.refresh_from_db()
    assert sub.status == "unsubscribed"


def test_each_recipient_gets_it_once_even_if_the_task_runs_twice(
    world, items, django_capture_on_commit_callbacks
):
    subs = [confirmed(f"r{n}@example.org") for n in range(5)]
    NewsletterSubscription.objects.create(email="pending@example.org")
    NewsletterSubscription.objects.create(email="gone@example.org", status="unsubscribed")
    issue = sending.create_newsletter(
        actor=world.admin, subject="Issue", introduction="", news_items=items
    )
    sending.start_sending(issue, actor=world.admin)  # task not run yet (not committed)
    with (
        mock.patch.object(newsletter, "BATCH_SIZE", 2),
        django_capture_on_commit_callbacks(execute=True),
    ):
        deliver_newsletter.apply(args=[issue.pk])
        deliver_newsletter.apply(args=[issue.pk])
        # A crashed run that lost its bookkeeping: the outbox dedupe key still holds.
        NewsletterDelivery.objects.filter(newsletter=issue).update(queued_at=None)
        Newsletter.objects.filter(pk=issue.pk).update(status="sending")
        deliver_newsletter.apply(args=[issue.pk])
        sweep_newsletters.apply()
    mails = OutboundEmail.objects.filter(kind="communications_newsletter")
    assert mails.count() == 5
    assert set(mails.values_list("dedupe_key", flat=True)) == {
        f"newsletter:{issue.pk}:{s.pk}" for s in subs
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in subs)
    issue.refresh_from_db()
    assert issue.status == "sent"


def test_someone_who_unsubscribes_while_sending_is_skipped(world, items):
    keep = confirmed("keep@example.org")
    leave = confirmed("leave@example.org")
    issue = sending.create_newsletter(
        actor=world.admin, subject="I", introduction="", news_items=items
    )
    sending.start_sending(issue, actor=world.admin)
    newsletter.unsubscribe(newsletter.unsubscribe_token(leave))
    deliver_newsletter.apply(args=[issue.pk])
    assert list(
        OutboundEmail.objects.filter(kind="communications_newsletter").values_list(
            "to_address", flat=True
        )
    ) == [keep.email]


def test_a_newsletter_without_items_cannot_be_sent(world, login):
    issue = sending.create_newsletter(
        actor=world.admin, subject="Empty", introduction="", news_items=[]
    )
    with pytest.raises(sending.NewsletterError):
        sending.start_sending(issue, actor=world.admin)
    response = login(world.admin).post(
        reverse("communications:newsletter_compose"), {"subject": "X"}
    )
    assert response.context["form"].errors["news_items"]


def test_a_concurrent_edit_of_a_newsletter_is_refused(world, items, login):
    issue = sending.create_newsletter(
        actor=world.admin, subject="First", introduction="", news_items=items
    )
    client = login(world.reviewer)
    version = (
        client.get(reverse("communications:newsletter_edit", args=[issue.pk]))
        .context["form"]
        .initial["lock_version"]
    )
    sending.update_newsletter(
        issue,
        actor=world.admin,
        lock_version=version,
        subject="Theirs",
        introduction="",
        news_items=items,
    )
    response = client.post(
        reverse("communications:newsletter_edit", args=[issue.pk]),
        {"subject": "Mine", "news_items": [items[0].pk], "lock_version": version},
    )
    assert response.status_code == 200 and b"Mine" in response.content
    issue.refresh_from_db()
    assert issue.subject == "Theirs"


def test_only_staff_reach_the_newsletter_pages(client, login, world, items):
    issue = sending.create_newsletter(
        actor=world.admin, subject="I", introduction="", news_items=items
    )
    urls = [
        reverse("communications:newsletter_manage"),
        reverse("communications:newsletter_compose"),
        reverse("communications:newsletter_detail", args=[issue.pk]),
        reverse("communications:newsletter_edit", args=[issue.pk]),
        reverse("communications:newsletter_progress", args=[issue.pk]),
    ]
    posts = [
        reverse("communications:newsletter_test", args=[issue.pk]),
        reverse("communications:newsletter_send", args=[issue.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to sign in
    for person in (world.coordinator, world.member, world.outsider):
        c = login(person)
        for url in urls:
            assert c.get(url).status_code == 404
        for url in posts:
            assert c.post(url).status_code == 404
    issue.refresh_from_db()
    assert issue.status == "draft" and not OutboundEmail.objects.exists()
    staff = login(world.support)
    for url in urls:
        assert staff.get(url).status_code == 200


def test_one_network_cannot_mail_bomb_through_the_subscribe_form(client, settings):
    from django.core.cache import cache

    settings.ACCOUNT_RATE_LIMITS = {}
    cache.delete("newsletter-subscribe:127.0.0.1")
    try:
        answers = [subscribe(client, f"victim{n}@example.org").status_code for n in range(12)]
    finally:
        cache.delete("newsletter-subscribe:127.0.0.1")
    assert answers[:10] == [200] * 10 and answers[10:] == [429, 429]
    assert OutboundEmail.objects.count() == 10
