"""allauth's mails go through the outbox like every other mail, and the bodies of security mails
(confirmation, reset) are cleared once sent (DESIGN.md §9)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from pact.models import OutboundEmail
from tests.factories import make_user

pytestmark = pytest.mark.django_db

SIGN_UP = {
    "full_name": "A Person",
    "password1": "a-long-pass-phrase",
    "password2": "a-long-pass-phrase",
}


def test_it_records_the_sign_up_confirmation_in_the_outbox_and_clears_it_once_sent(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("account_signup"), {"email": "new@example.org", **SIGN_UP})
    # Nothing left by another path: the mail waits in the outbox until the commit.
    assert mail.outbox == []
    recorded = OutboundEmail.objects.get(to_address="new@example.org")
    assert recorded.kind == "security.email_confirmation_signup"
    assert recorded.recipient is not None
    assert "/accounts/confirm-email/" in recorded.body_text
    for callback in callbacks:
        callback()
    [sent] = mail.outbox
    assert "/accounts/confirm-email/" in sent.body
    assert sent.subject == recorded.subject
    recorded.refresh_from_db()
    assert recorded.status == "sent"
    assert (recorded.body_text, recorded.body_html) == ("", "")


def test_it_clears_a_reset_link_once_sent_but_keeps_other_account_mail(
    client, django_capture_on_commit_callbacks
):
    user = make_user("known@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
        client.post(reverse("account_reset_password"), {"email": "unknown@example.org"})
    reset = OutboundEmail.objects.get(to_address=user.email)
    unknown = OutboundEmail.objects.get(to_address="unknown@example.org")
    assert (reset.kind, reset.status, reset.body_text) == (
        "security.password_reset_key",
        "sent",
        "",
    )
    assert reset.recipient == user
    assert (unknown.kind, unknown.status) == ("account.unknown_account", "sent")
    assert unknown.body_text  # no secret in it: kept like any mail
    assert (
        "/accounts/password/reset/key/" in next(m for m in mail.outbox if user.email in m.to).body
    )


def test_it_sends_account_mail_in_the_persons_language(client, django_capture_on_commit_callbacks):
    user = make_user("french@example.org", language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
    recorded = OutboundEmail.objects.get(to_address=user.email)
    assert recorded.language == "fr"
