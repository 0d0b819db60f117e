"""The application's database role owns nothing and cannot change the audit log by any route
(pact.kernel.db_roles): the finding was that it owned the table and was a superuser."""

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from pact.kernel.audit import log_action
from pact.kernel.db_roles import owner_connection
from pact.models import AuditEntry

pytestmark = pytest.mark.django_db

ROUTES = {
    "update": "UPDATE pact_auditentry SET kind = 'rewritten'",
    "delete": "DELETE FROM pact_auditentry",
    "truncate": "TRUNCATE pact_auditentry",
    "disable the update trigger": (
        "ALTER TABLE pact_auditentry DISABLE TRIGGER pact_audit_no_update_delete"
    ),
    "disable every trigger": "ALTER TABLE pact_auditentry DISABLE TRIGGER ALL",
    "replica mode": "SET session_replication_role = replica",
    "replica mode for the transaction": "SET LOCAL session_replication_role = replica",
    "drop": "DROP TABLE pact_auditentry",
    "take the table": "ALTER TABLE pact_auditentry OWNER TO CURRENT_USER",
    "become the owner": f'SET ROLE "{settings.DATABASE_OWNER["USER"]}"',
    "create a table": "CREATE TABLE pact_mine (id int)",
}


def _refused(statement: str) -> str:
    with pytest.raises(DatabaseError) as refused, transaction.atomic(), connection.cursor() as c:
        c.execute(statement)
    return str(refused.value)


def test_the_application_connects_as_a_role_that_is_neither_superuser_nor_owner():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        user, superuser = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE pg_get_userbyid(c.relowner) = current_user AND n.nspname = current_schema()"
        )
        owned = cursor.fetchone()[0]
    assert user == settings.DATABASE_APPLICATION["USER"] != settings.DATABASE_OWNER["USER"]
    assert not superuser
    assert owned == 0


@pytest.mark.parametrize("route", ROUTES)
def test_the_application_role_cannot_alter_or_delete_audit_rows(route):
    entry = log_action("pact.test.kept", data={"n": 1})
    message = _refused(ROUTES[route])
    # Refused by the privileges, not only by the table's triggers.
    assert "permission denied" in message or "must be owner" in message, message
    assert AuditEntry.objects.filter(pk=entry.pk, kind="pact.test.kept").exists()


def test_it_may_read_and_append_to_the_audit_log_and_write_other_tables():
    entry = log_action("pact.test.appended")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT has_table_privilege('pact_auditentry', 'INSERT'), "
            "has_table_privilege('pact_auditentry', 'SELECT'), "
            "has_table_privilege('pact_auditentry', 'UPDATE'), "
            "has_table_privilege('pact_auditentry', 'DELETE'), "
            "has_table_privilege('pact_auditentry', 'TRUNCATE'), "
            "has_table_privilege('pact_user', 'UPDATE'), "
            "has_table_privilege('pact_user', 'DELETE')"
        )
        assert cursor.fetchone() == (True, True, False, False, False, True, True)


def test_the_owner_connection_of_the_harness_is_another_role():
    with owner_connection() as owner, owner.cursor() as cursor:
        cursor.execute("SELECT current_user, current_database()")
        user, database = cursor.fetchone()
    assert user == settings.DATABASE_OWNER["USER"]
    assert database == connection.settings_dict["NAME"]
