"""A person's own data: exported with nothing of anyone else's; deletion keeps the records readable."""

import json

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.urls import reverse

from members.models import OrganisationMembership
from pact.communications.models import NewsletterSubscription, Notification
from pact.communications.notifications import services as notifications
from pact.kernel.audit import log_action
from pact.kernel.outbox import queue
from pact.models import ApiToken, AuditEntry, OutboundEmail, User
from pact.site.personal_data import services as personal_data
from partnerships.models import InternalNote, Partnership
from tests.factories import PASSWORD, make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(world):
    """The member and the contributor both leave traces; the export must keep them apart."""
    member, contributor = world.member, world.contributor
    for person in (member, contributor):
        queue.queue_email(
            to=person,
            template="test_message",
            context={"name": person.full_name},
            kind="partnership.invitation",
        )
        ApiToken.objects.create(
            user=person, name=f"{person.pk} script", prefix="abc", token_hash=f"h{person.pk}"
        )
        InternalNote.objects.create(
            partnership=world.partnership, author=person, body=f"Note by {person.full_name}"
        )
        NewsletterSubscription.objects.create(email=person.email, status="confirmed")
    log_action(
        "pact.organisation.invitation_sent",
        world.member_org,
        member,
        {"email": "colleague@example.org", "by": member.email},
    )
    log_action("pact.partnership.note_added", world.partnership, contributor)
    notifications.set_preferences(member, {"invitations": False})
    return world


def test_the_export_contains_the_persons_data_and_nobody_elses(login, history):
    member = history.member
    response = login(member).post(reverse("communications:data_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == member.email
    assert data["account"]["full_name"] == "Mia Member"
    assert [r["organisation"] for r in data["organisation_roles"]] == ["Member College"]
    assert len(data["notifications"]) == 1
    assert data["notification_preferences"] == {"invitations": {"by_email": False}}
    assert [e["to_address"] for e in data["emails_sent_to_you"]] == [member.email]
    assert [t["name"] for t in data["api_tokens"]] == [f"{member.pk} script"]
    assert [n["body"] for n in data["written_by_you"]["partnership_notes"]] == [
        "Note by Mia Member"
    ]
    assert [s["email"] for s in data["newsletter_subscriptions"]] == [member.email]
    kinds = [e["kind"] for e in data["audit_entries_where_you_acted"]]
    assert "pact.organisation.invitation_sent" in kinds
    assert "pact.partnership.note_added" not in kinds
    text = response.content.decode()
    # Nothing of the contributor, the colleague's address hidden, no token hashes.
    for foreign in (
        "contributor@example.org",
        "Carl Contributor",
        "colleague@example.org",
        f"h{member.pk}",
    ):
        assert foreign not in text
    assert "token_hash" not in text and "password" not in text.lower().replace('"password_', "")
    assert AuditEntry.objects.filter(kind="pact.user.data_exported", actor=member).exists()


def test_the_export_needs_a_post_and_a_signed_in_person(client, login, history):
    assert client.post(reverse("communications:data_export")).status_code == 302
    assert login(history.member).get(reverse("communications:data_export")).status_code == 405
    assert login(history.member).get(reverse("communications:my_data")).status_code == 200


def test_deleting_an_account_anonymises_it_and_keeps_the_records(login, history):
    contributor = history.contributor
    pk = contributor.pk
    Authenticator.objects.create(user=contributor, type="totp", data={})
    client = login(contributor)
    response = client.post(
        reverse("communications:account_delete"),
        {"email": "CONTRIBUTOR@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    user = User.objects.get(pk=pk)
    assert user.email == f"deleted-{pk}@invalid"
    assert user.full_name == "" and not user.has_usable_password() and user.deleted_at
    assert not user.is_active
    assert str(user) == "erased person"
    for model in (ApiToken, Notification, Authenticator):
        assert not model.objects.filter(user_id=pk).exists()
    assert not OrganisationMembership.objects.filter(user_id=pk).exists()
    assert not OutboundEmail.objects.filter(recipient_id=pk).exists()
    assert not OutboundEmail.objects.filter(to_address="contributor@example.org").exists()
    assert not NewsletterSubscription.objects.filter(email="contributor@example.org").exists()
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(pk)]
    # Organisation, partnership, the note and the audit trail stay, the name erased from them.
    assert Partnership.objects.filter(pk=history.partnership.pk).exists()
    note = InternalNote.objects.get(body="Note by [erased person]")
    assert note.author_id == pk and note.author.display_name == "erased person"
    entries = AuditEntry.objects.filter(actor_id=pk)
    assert entries.filter(kind="pact.partnership.note_added").exists()
    deleted = entries.get(kind="pact.user.deleted")
    assert deleted.target_label == f"user #{pk}"
    assert "contributor@" not in json.dumps(deleted.data)
    # Signed out, and the old password no longer works.
    assert client.get(reverse("dashboard")).status_code == 302
    assert not client.login(email="contributor@example.org", password=PASSWORD)


def test_erased_people_read_as_erased_on_the_audit_page(login, history):
    personal_data.delete_account(history.contributor)
    page = login(history.admin).get(reverse("audit_log"))
    assert page.status_code == 200
    assert b"erased person" in page.content and b"Carl Contributor" not in page.content
    assert b"contributor@example.org" not in page.content


def test_a_sole_admin_must_hand_over_first(login, history):
    member = history.member  # sole admin of Member College
    client = login(member)
    page = client.get(reverse("communications:account_delete"))
    assert b"Member College" in page.content
    response = client.post(
        reverse("communications:account_delete"), {"email": member.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.deleted_at is None
    with pytest.raises(personal_data.DeletionRefused, match="Member College"):
        personal_data.delete_account(member)
    # Once a colleague is an admin too, deletion goes through.
    OrganisationMembership.objects.filter(user=history.contributor).update(role="admin")
    personal_data.delete_account(member)
    member.refresh_from_db()
    assert member.deleted_at is not None


def test_a_withdrawn_organisations_sole_admin_may_leave(history):
    person = make_user()
    make_organisation(admin=person, status="withdrawn")
    personal_data.delete_account(person)
    person.refresh_from_db()
    assert person.deleted_at is not None


def test_deletion_needs_the_right_email_and_password(login, history):
    contributor = history.contributor
    client = login(contributor)
    for data in (
        {"email": "someone@example.org", "password": PASSWORD},
        {"email": contributor.email, "password": "wrong"},
        {"email": "", "password": ""},
    ):
        response = client.post(reverse("communications:account_delete"), data)
        assert response.status_code == 200 and response.context["form"].errors
    contributor.refresh_from_db()
    assert contributor.deleted_at is None


def test_deleting_twice_is_harmless(history):
    personal_data.delete_account(history.contributor)
    personal_data.delete_account(history.contributor)
    assert AuditEntry.objects.filter(kind="pact.user.deleted").count() == 1


def test_deleting_an_account_keeps_the_signers_name_only_on_published_declarations(history):
    from partnerships.models import DeclarationVersion, Signature

    contributor = history.contributor
    published = DeclarationVersion.objects.create(
        partnership=history.partnership, number=1, status="approved"
    )
    draft = DeclarationVersion.objects.create(
        partnership=history.partnership, number=2, status="draft", previous=published
    )
    for version in (published, draft):
        Signature.objects.create(
            version=version,
            organisation=history.member_org,
            status="signed",
            answered_by=contributor,
            signer_name="Carl Contributor",
            signer_role="Director",
        )
    personal_data.delete_account(contributor)
    kept = Signature.objects.get(version=published)
    assert (kept.signer_name, kept.signer_role) == ("Carl Contributor", "Director")
    erased = Signature.objects.get(version=draft)
    assert (erased.signer_name, erased.signer_role) == ("", "")
