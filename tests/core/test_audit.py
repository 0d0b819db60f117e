"""The audit log is append-only and never stores secrets."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from pact.kernel.audit import log_action, log_actions
from pact.kernel.db_roles import owner_connection
from pact.models import AuditEntry
from partnerships.models import InternalNote
from tests.factories import make_organisation, make_partnership, make_user

pytestmark = pytest.mark.django_db


def test_it_records_kind_actor_target_and_scope():
    user = make_user()
    organisation = make_organisation("Audited Org")
    entry = log_action("pact.organisation.updated", organisation, user, {"fields": ["name"]})
    assert entry.kind == "pact.organisation.updated"
    assert entry.actor == user
    assert entry.target_type == "members.organisation"
    assert entry.target_id == str(organisation.pk)
    assert entry.organisation_id == organisation.pk
    assert entry.partnership_id is None


def test_a_partnership_and_what_belongs_to_it_are_filed_under_the_partnership():
    user = make_user()
    coordinator = make_organisation("Coordinating Org", admin=user)
    partnership = make_partnership(coordinator)
    entry = log_action("pact.partnership.updated", partnership, user)
    assert (entry.organisation_id, entry.partnership_id) == (None, partnership.pk)
    note = InternalNote.objects.create(partnership=partnership, author=user, body="Agenda")
    entry = log_action("pact.partnership.note_added", note, user)
    assert (entry.organisation_id, entry.partnership_id) == (None, partnership.pk)


def test_it_masks_secrets_at_any_depth():
    entry = log_action(
        "pact.user.password_changed",
        data={"password": "hunter2", "nested": {"api_token": "x", "ok": 1}},
    )
    assert entry.data == {"password": "********", "nested": {"api_token": "********", "ok": 1}}


def test_it_refuses_dotless_kinds():
    with pytest.raises(ValueError):
        log_action("declaration submitted")


def test_it_cannot_be_updated_or_deleted_through_the_orm():
    entry = log_action("pact.test.done")
    entry.kind = "pact.test.changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_several_entries_at_once_are_written_in_one_insert_each_as_log_action_would(
    django_assert_num_queries,
):
    user = make_user()
    organisation = make_organisation("Audited Org")
    with django_assert_num_queries(1):
        saved, submitted = log_actions(
            [
                ("pact.organisation.updated", {"contact": "someone@example.org"}),
                ("pact.organisation.submitted", {"api_token": "x"}),
            ],
            organisation,
            user,
            partnership_id=7,
        )
    alone = log_action(
        "pact.organisation.updated",
        organisation,
        user,
        {"contact": "someone@example.org"},
        partnership_id=7,
    )
    fields = ("actor_id", "target_type", "target_id", "target_label", "organisation_id")
    stored = list(AuditEntry.objects.filter(pk__in=[saved.pk, submitted.pk]).order_by("id"))
    assert [e.kind for e in stored] == ["pact.organisation.updated", "pact.organisation.submitted"]
    assert all(
        [getattr(e, f) for f in fields] == [getattr(alone, f) for f in fields] for e in stored
    )
    assert [e.partnership_id for e in stored] == [7, 7]
    assert stored[0].data == alone.data and "someone@" not in str(stored[0].data)
    assert stored[1].data == {"api_token": "********"}
    assert stored[0].created_at <= stored[1].created_at


def test_several_entries_with_one_bad_kind_write_none():
    before = AuditEntry.objects.count()
    with pytest.raises(ValueError):
        log_actions([("pact.test.done", None), ("declaration submitted", None)])
    assert AuditEntry.objects.count() == before


REFUSED = r"permission denied|append-only"


def test_it_cannot_be_updated_or_deleted_in_sql():
    """The application's role has no UPDATE or DELETE on it (tests/security/test_database_roles)
    and the table's triggers refuse them anyway."""
    entry = log_action("pact.test.done")
    for statement in (
        "UPDATE pact_auditentry SET kind = 'pact.test.forged' WHERE id = %s",
        "DELETE FROM pact_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match=REFUSED),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry.pk])
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(kind="pact.test.forged")
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.kind == "pact.test.done"


def test_even_the_owner_role_is_refused_by_the_triggers():
    """Defence in depth: the owner, which could disable them, still meets the triggers."""
    with owner_connection() as owner, owner.cursor() as cursor:
        with pytest.raises(DatabaseError, match="append-only"):
            cursor.execute("TRUNCATE pact_auditentry")
        for statement in (
            "UPDATE pact_auditentry SET kind = 'pact.test.forged' WHERE id = %s",
            "DELETE FROM pact_auditentry WHERE id = %s",
        ):
            cursor.execute("BEGIN")
            cursor.execute(
                "INSERT INTO pact_auditentry (kind, created_at, target_type, target_id, "
                "target_label, data) VALUES ('pact.test.owner', now(), '', '', '', '{}') "
                "RETURNING id"
            )
            entry_id = cursor.fetchone()[0]
            with pytest.raises(DatabaseError, match="append-only"):
                cursor.execute(statement, [entry_id])
            cursor.execute("ROLLBACK")


def test_staff_admin_lists_and_filters_the_log(client):
    admin = make_user("auditor@example.org", staff_role="admin")
    log_action("pact.organisation.approved", make_organisation("Alpha Org"), admin)
    log_action("pact.declaration.submitted", make_organisation("Beta Org"), admin)
    client.force_login(admin)
    response = client.get(reverse("audit_log"), {"kind": "pact.declaration"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Beta Org" in content
    assert "Alpha Org" not in content


def test_a_confirmed_address_is_audited_by_its_keyed_hash_not_the_address(db):
    from types import SimpleNamespace

    from pact.kernel import signals, signin_limits
    from tests.factories import make_user

    user = make_user("confirmed.person@example.org")
    signals._email_confirmed(None, SimpleNamespace(user=user, email=user.email))
    entry = AuditEntry.objects.get(kind="pact.user.email_confirmed")
    assert entry.data == {"address_hash": signin_limits.address_key(user.email)}
    assert "confirmed.person" not in str(entry.data)
