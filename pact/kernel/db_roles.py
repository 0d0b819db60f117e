"""Two database roles: the owner, which migrates, and the application role, which owns nothing.

The web, the workers and beat connect as the application role (``DATABASE_URL``): it may read
and write rows (the audit log only read and appended to) and use sequences, and nothing more, so
no code path of the application can disable a trigger, set ``session_replication_role`` or
rewrite the audit log. Migrations, the triggers installed after them, a flush and the test
harness's resets run as the owner (``DATABASE_OWNER_URL``) through a second connection.

``grant_application_role`` is idempotent and also sets the owner's default privileges, so tables
a later migration creates are usable by the application role at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg import sql

# Only read and appended to: no UPDATE, DELETE or TRUNCATE (its triggers refuse them too).
APPEND_ONLY_TABLES = ("pact_auditentry",)
TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
# UPDATE on a sequence only allows setval (the scale generator reserves keys with it).
SEQUENCE_PRIVILEGES = "USAGE, SELECT, UPDATE"
CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT")


def owner_settings(alias: str = "default") -> dict[str, Any]:
    """The connection settings of ``alias`` with the owner's credentials (same database name, so
    a test database is reached under its test name)."""
    current = connections[alias].settings_dict
    owner = {**current, **{key: settings.DATABASE_OWNER.get(key, "") for key in CREDENTIALS}}
    owner["OPTIONS"] = dict(current.get("OPTIONS", {}))
    owner["CONN_MAX_AGE"] = 0
    return owner


def _owner_wrapper(alias: str) -> BaseDatabaseWrapper:
    wrapper_class = type(connections[alias])
    return wrapper_class(owner_settings(alias), alias)


@contextmanager
def owner_connection(alias: str = "default") -> Iterator[BaseDatabaseWrapper]:
    """A second connection to the same database as the owner, closed on the way out."""
    wrapper = _owner_wrapper(alias)
    try:
        yield wrapper
    finally:
        wrapper.close()


@contextmanager
def as_owner(alias: str = "default") -> Iterator[BaseDatabaseWrapper]:
    """Everything that uses ``connections[alias]`` meanwhile (a management command, its signal
    handlers) goes through a second connection as the owner; the application's one is untouched
    and back in place afterwards."""
    previous = connections[alias]
    if previous.settings_dict.get("USER") == settings.DATABASE_OWNER.get("USER"):
        yield previous  # one role set-up, or already the owner
        return
    with owner_connection(alias) as owner:
        connections[alias] = owner
        try:
            yield owner
        finally:
            connections[alias] = previous


def application_role(alias: str = "default") -> tuple[str, str]:
    """The application role's name and password: the user of ``DATABASE_URL``."""
    app = settings.DATABASE_APPLICATION
    return str(app.get("USER") or ""), str(app.get("PASSWORD") or "")


def grant_application_role(owner: BaseDatabaseWrapper, role: str, password: str = "") -> None:
    """Create the application role if missing (when the owner may create roles) and give it
    exactly what the application needs on every table and sequence, now and in the future."""
    if not role or role == owner.settings_dict.get("USER"):
        return
    name = sql.Identifier(role)
    with owner.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            cursor.execute(
                sql.SQL(
                    "CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                    "NOBYPASSRLS"
                ).format(name)
            )
            if password:
                cursor.execute(sql.SQL("ALTER ROLE {} PASSWORD %s").format(name), [password])
        cursor.execute("SELECT current_schema()")
        schema = sql.Identifier(cursor.fetchone()[0])
        statements = [
            sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, name),
            sql.SQL("GRANT {} ON ALL TABLES IN SCHEMA {} TO {}").format(
                sql.SQL(TABLE_PRIVILEGES), schema, name
            ),
            sql.SQL("GRANT {} ON ALL SEQUENCES IN SCHEMA {} TO {}").format(
                sql.SQL(SEQUENCE_PRIVILEGES), schema, name
            ),
            sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA {} GRANT {} ON TABLES TO {}").format(
                schema, sql.SQL(TABLE_PRIVILEGES), name
            ),
            sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA {} GRANT {} ON SEQUENCES TO {}").format(
                schema, sql.SQL(SEQUENCE_PRIVILEGES), name
            ),
        ]
        for table in APPEND_ONLY_TABLES:
            cursor.execute("SELECT to_regclass(%s)", [table])
            if cursor.fetchone()[0] is not None:
                statements.append(
                    sql.SQL(
                        "REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {} FROM {}"
                    ).format(sql.Identifier(table), name)
                )
        for statement in statements:
            cursor.execute(statement)
