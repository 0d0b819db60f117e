"""The notification centre: every mail to a person is a notification; email follows their choice."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pact.communications.models import Notification, NotificationPreference
from pact.communications.notifications import services as notifications
from pact.kernel.outbox import queue as outbox
from pact.models import AuditEntry, OutboundEmail
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def queue(user, kind, **extra):
    return outbox.queue_email(
        to=user, template="test_message", context={"name": "N", **extra}, kind=kind
    )


@pytest.mark.parametrize(
    ("kind", "category"),
    [
        ("members.application_approved", "membership"),
        ("members.application_rejected", "membership"),
        ("members.application_received", "membership"),
        ("pact.organisation.approved", "membership"),
        ("partnership.join_answered", "membership"),
        ("partnership.member_removed", "membership"),
        ("partnership.coordination", "membership"),
        ("members.invitation", "invitations"),
        ("partnership.invitation", "invitations"),
        ("partnerships_invitation", "invitations"),
        ("declaration.signature_requested", "signatures"),
        ("declarations_signature_requested", "signatures"),
        ("declaration.approved", "reviews"),
        ("declaration.changes_requested", "reviews"),
        ("declarations_decision", "reviews"),
        ("declaration.rejected", "reviews"),
        ("commitments.pledge_approved", "reviews"),
        ("commitments.pledge_rejected", "reviews"),
        ("reminder.opening", "reporting"),
        ("reminder.before_close", "reporting"),
        ("reporting.returned", "reporting"),
        ("declaration.review_digest", "staff"),
        ("staff_weekly_digest", "staff"),
        ("partnership.stage_changed", "general"),
        ("test", "general"),
    ],
)
def test_it_derives_the_category_from_the_mail_kind(kind, category):
    assert notifications.category_for_kind(kind) == category


def test_it_records_a_notification_for_every_mail_to_a_user(django_capture_on_commit_callbacks):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        email = outbox.queue_email(
            to=user,
            template="test_message",
            context={"name": "A", "link": "http://127.0.0.1:8000/partnerships/x/"},
            kind="partnership.invitation",
        )
    note = Notification.objects.get(user=user)
    assert note.category == "invitations"
    assert note.title == "A message from Pact Portal"
    assert note.link == "/partnerships/x/"
    assert note.email == email
    assert len(mail.outbox) == 1


def test_a_mail_to_a_bare_address_is_not_a_notification():
    user = make_user("someone@example.org")
    outbox.queue_email(
        to=user.email, template="test_message", context={}, kind="members.invitation"
    )
    assert not Notification.objects.exists()


def test_it_suppresses_the_email_of_an_optional_category_the_person_switched_off(
    django_capture_on_commit_callbacks,
):
    user = make_user()
    notifications.set_preferences(user, {"invitations": False})
    with django_capture_on_commit_callbacks(execute=True):
        result = queue(user, "partnership.invitation")
    assert result is None
    assert not OutboundEmail.objects.filter(recipient=user).exists()
    assert mail.outbox == []
    note = Notification.objects.get(user=user)
    assert note.email is None and note.category == "invitations"


def test_it_keeps_sending_other_categories():
    user = make_user()
    notifications.set_preferences(user, {"invitations": False})
    assert queue(user, "declaration.signature_requested") is not None


@pytest.mark.parametrize("kind", ["reminder.before_close", "declaration.review_digest"])
def test_mandatory_categories_are_always_emailed(kind, django_capture_on_commit_callbacks):
    user = make_user()
    # Even a preference row written behind the form's back does not stop them.
    NotificationPreference.objects.create(
        user=user, category=notifications.category_for_kind(kind), by_email=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert queue(user, kind) is not None
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(user=user).count() == 1


def test_a_dedupe_key_deduplicates_the_notification_too_even_without_email():
    user = make_user()
    notifications.set_preferences(user, {"membership": False})
    first = outbox.queue_email(
        to=user, template="test_message", context={}, kind="members.x", dedupe_key="k-1"
    )
    second = outbox.queue_email(
        to=user, template="test_message", context={}, kind="members.x", dedupe_key="k-1"
    )
    assert first is None and second is None
    assert Notification.objects.filter(user=user).count() == 1


def test_the_bulk_helper_records_notifications_and_respects_preferences():
    if not hasattr(outbox, "queue_bulk_emails"):
        pytest.fail("pact.kernel.outbox.queue.queue_bulk_emails is expected")
    keep = make_user(language="fr")
    quiet = make_user()
    notifications.set_preferences(quiet, {"membership": False})
    recipients = [(u.pk, u.email, u.language) for u in (keep, quiet)]
    for _run in range(2):
        outbox.queue_bulk_emails(
            recipients=iter(recipients),
            template="test_message",
            context={"name": "B", "path": "/reporting/"},
            kind="members.bulk_news",
            dedupe_key=lambda user_id: f"bulk:{user_id}",
        )
    assert set(OutboundEmail.objects.values_list("recipient_id", flat=True)) == {keep.pk}
    assert Notification.objects.filter(user=keep, link="/reporting/").count() == 1
    assert Notification.objects.filter(user=quiet).count() == 1


def test_bulk_reminders_are_mandatory_and_reach_everybody():
    people = [make_user() for _ in range(3)]
    for person in people:
        notifications.set_preferences(person, {c: False for c in notifications.Category.values})
    outbox.queue_bulk_emails(
        recipients=[(u.pk, u.email, u.language) for u in people],
        template="test_message",
        context={"name": "C"},
        kind="reminder.before_close",
        dedupe_key=lambda user_id: f"rem:{user_id}",
    )
    assert OutboundEmail.objects.count() == 3
    assert Notification.objects.filter(category="reporting").count() == 3


# --- pages ---------------------------------------------------------------------------------------------


def test_the_header_shows_the_unread_count(login):
    user = make_user()
    for _ in range(3):
        queue(user, "partnership.invitation")
    Notification.objects.filter(pk=Notification.objects.filter(user=user).first().pk).update(
        read_at=timezone.now()
    )
    response = login(user).get(reverse("communications:notifications"))
    assert response.status_code == 200
    assert b'class="count-badge">2<' in response.content


def test_the_unread_count_costs_one_query_per_page(login):
    user = make_user()
    queue(user, "partnership.invitation")
    client = login(user)
    client.get(reverse("privacy"))  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("privacy"))
    counts = [q["sql"] for q in ctx.captured_queries if "communications_notification" in q["sql"]]
    assert len(counts) == 1


def test_it_lists_only_the_persons_own_notifications(login):
    me = make_user()
    other = make_user()
    queue(me, "partnership.invitation")
    queue(other, "declaration.approved")
    response = login(me).get(reverse("communications:notifications"))
    assert list(response.context["page"].object_list) == list(Notification.objects.filter(user=me))


def test_outsiders_get_404_on_other_peoples_notifications(login):
    owner = make_user()
    queue(owner, "partnership.invitation", link="/partnerships/")
    note = Notification.objects.get(user=owner)
    client = login(make_user())
    assert (
        client.get(reverse("communications:notification_open", args=[note.pk])).status_code == 404
    )
    assert (
        client.post(reverse("communications:notification_read", args=[note.pk])).status_code == 404
    )
    note.refresh_from_db()
    assert note.read_at is None


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("communications:notifications"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_opening_a_notification_marks_it_read_and_follows_its_link(login):
    user = make_user()
    queue(user, "partnership.invitation", link="/partnerships/")
    note = Notification.objects.get(user=user)
    response = login(user).get(reverse("communications:notification_open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == "/partnerships/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_it_marks_one_and_all_as_read(login):
    user = make_user()
    for _ in range(3):
        queue(user, "partnership.invitation")
    client = login(user)
    first = Notification.objects.filter(user=user).first()
    client.post(reverse("communications:notification_read", args=[first.pk]))
    assert Notification.objects.filter(user=user, read_at=None).count() == 2
    response = client.post(
        reverse("communications:notification_read", args=[first.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and b"is-unread" not in response.content
    client.post(reverse("communications:notifications_read_all"))
    assert Notification.objects.filter(user=user, read_at=None).count() == 0


def test_the_list_page_has_a_constant_query_count(login, django_assert_max_num_queries):
    user = make_user()
    client = login(user)
    queue(user, "partnership.invitation")
    client.get(reverse("communications:notifications"))
    for _ in range(20):
        queue(user, "declaration.approved")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("communications:notifications"))
    assert len(response.context["page"].object_list) == 21


def test_the_settings_page_saves_choices_and_explains_mandatory_ones(login):
    user = make_user()
    client = login(user)
    page = client.get(reverse("communications:notification_settings"))
    assert b"cannot be switched off" in page.content
    response = client.post(
        reverse("communications:notification_settings"),
        {"invitations": "portal", "reviews": "email", "reporting": "portal", "staff": "portal"},
    )
    assert response.status_code == 302
    off = set(
        NotificationPreference.objects.filter(user=user, by_email=False).values_list(
            "category", flat=True
        )
    )
    assert off == {"invitations"}
    assert AuditEntry.objects.filter(kind="pact.notifications.preferences_changed").exists()
    assert notifications.wants_email(user, "reporting")
    assert not notifications.wants_email(user, "invitations")


def test_a_deleted_account_receives_nothing():
    user = make_user()
    user.deleted_at = timezone.now()
    user.save()
    user.refresh_from_db()
    assert queue(user, "partnership.invitation") is None
    assert not Notification.objects.exists() and not OutboundEmail.objects.exists()
