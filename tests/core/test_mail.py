"""The outbox: recorded first, deduplicated by key, delivered once whatever the retries."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from pact.communications.models import Notification, NotificationPreference
from pact.kernel.outbox import delivery, queue
from pact.kernel.outbox.tasks import send_email, sweep_outbox
from pact.models import OutboundEmail, User
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


def test_without_a_notifier_a_mail_is_only_a_mail(settings):
    """The outbox learns who keeps notifications from a setting; it imports no app to find out."""
    settings.OUTBOX_NOTIFIER = ""
    user = make_user()
    NotificationPreference.objects.create(user=user, category="general", by_email=False)
    email = queue.queue_email(to=user, template="test_message", context={}, kind="test")
    assert email is not None and email.recipient == user
    recipients = User.objects.filter(pk=user.pk).values_list("pk", "email", "language")
    seen = queue.queue_bulk_emails_sql(
        recipients=recipients, template="test_message", context={}, kind="test", dedupe_prefix="t:"
    )
    assert seen == 1
    assert OutboundEmail.objects.filter(recipient=user).count() == 2
    assert not Notification.objects.exists()


def test_every_plain_text_mail_turns_html_escaping_off():
    """A plain-text mail shows what people typed ("R&D", "<3"), not HTML entities: each text
    template of a mail renders with autoescape off, whole."""
    folder = Path(settings.BASE_DIR) / "templates" / "email"
    texts = sorted(folder.glob("*.txt"))
    assert texts
    for path in texts:
        source = path.read_text()
        first_tag_after_loading = source.split("%}", 1)[1]
        assert source.startswith("{% load "), path.name
        assert first_tag_after_loading.startswith("{% autoescape off %}"), path.name
        assert source.rstrip().endswith("{% endautoescape %}"), path.name
