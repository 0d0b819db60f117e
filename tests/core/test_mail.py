"""The outbox: recorded first, deduplicated by key, delivered once whatever the retries."""

import pytest
from django.core import mail

from pact.kernel.outbox import delivery, queue
from pact.kernel.outbox.tasks import send_email, sweep_outbox
from pact.models import OutboundEmail
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_it_records_and_sends_once_per_dedupe_key(django_capture_on_commit_callbacks):
    user = make_user("mail@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        first = queue.queue_email(
            to=user, template="test_message", context={"name": "A"}, kind="test", dedupe_key="k1"
        )
        second = queue.queue_email(
            to=user, template="test_message", context={"name": "A"}, kind="test", dedupe_key="k1"
        )
    assert first is not None and second is None
    assert OutboundEmail.objects.filter(dedupe_key="k1").count() == 1
    assert len(mail.outbox) == 1
    first.refresh_from_db()
    assert first.status == "sent"


def test_it_delivers_a_claimed_mail_only_once():
    user = make_user()
    email = queue.queue_email(to=user, template="test_message", context={"name": "B"}, kind="test")
    assert delivery.deliver(email.pk) is True
    assert delivery.deliver(email.pk) is False
    send_email.apply(args=[email.pk])
    assert len(mail.outbox) == 1


def test_the_sweeper_sends_what_was_left_pending():
    user = make_user()
    email = queue.queue_email(to=user, template="test_message", context={"name": "C"}, kind="test")
    OutboundEmail.objects.filter(pk=email.pk).update(created_at=email.created_at.replace(year=2020))
    assert sweep_outbox.apply().get() == 1
    email.refresh_from_db()
    assert email.status == "sent"
    assert len(mail.outbox) == 1


def test_it_renders_in_the_recipients_language():
    user = make_user(language="de")
    email = queue.queue_email(to=user, template="test_message", context={"name": "D"}, kind="test")
    assert email.language == "de"
    assert email.body_text.strip()
