"""Removing the synthetic rows (set-based, following the models' ``on_delete`` rules) and the
VACUUM / ANALYZE of the tables they fill."""

# ruff: noqa: S608 - SQL names come from model metadata; values are always parameters.
from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.db import connection, models, transaction

from commitments.models import ProgressReport
from members.models import Organisation
from pact.management.scale.words import EMAIL_DOMAIN, SLUG_PREFIX
from pact.models import User
from partnerships.models import Partnership


def synthetic_exists() -> bool:
    return (
        Organisation.objects.filter(slug__startswith=SLUG_PREFIX).exists()
        or Partnership.objects.filter(slug__startswith=SLUG_PREFIX).exists()
    )


def reset(slug_prefix: str = SLUG_PREFIX, *, people: bool = False) -> dict[str, int]:
    """Delete the synthetic rows and everything that hangs off them, set-based, children first.

    ``slug_prefix`` narrows the organisations and partnerships (the benchmark's own fixtures use
    ``scale-bench-``); the synthetic people stay (and are reused) unless ``people`` is true.

    The cascade follows the models' ``on_delete`` rules (so rows of apps added later go too) but
    runs as one DELETE or UPDATE per table instead of Django's row-by-row collector.
    """
    counts: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE scale_orgs ON COMMIT DROP AS "
            "SELECT id FROM members_organisation WHERE slug LIKE %s",
            [slug_prefix + "%"],
        )
        cursor.execute(
            "CREATE TEMP TABLE scale_ps ON COMMIT DROP AS "
            "SELECT id FROM partnerships_partnership WHERE slug LIKE %s",
            [slug_prefix + "%"],
        )
        # People with an audit trail stay (the log is append-only); the others go.
        cursor.execute(
            "CREATE TEMP TABLE scale_users ON COMMIT DROP AS "
            "SELECT id FROM pact_user WHERE email LIKE %s AND email LIKE %s "
            "AND NOT EXISTS (SELECT 1 FROM pact_auditentry a WHERE a.actor_id = pact_user.id) "
            "AND %s",
            [SLUG_PREFIX + "%", "%@" + EMAIL_DOMAIN, people],
        )
        for table in ("scale_orgs", "scale_ps", "scale_users"):
            cursor.execute(f"ANALYZE {table}")
        # Reports protect their targets and organisations: they go first.
        counts["reports"] = cascade_delete(
            cursor,
            ProgressReport,
            """
            SELECT r.id FROM commitments_progressreport r
              JOIN commitments_target t ON t.id = r.target_id
              JOIN commitments_commitment c ON c.id = t.commitment_id
             WHERE r.organisation_id IN (SELECT id FROM scale_orgs)
                OR c.partnership_id IN (SELECT id FROM scale_ps)
                OR c.organisation_id IN (SELECT id FROM scale_orgs)
            """,
        )
        # Local partnerships point at their parent with PROTECT.
        cursor.execute(
            "UPDATE partnerships_partnership SET parent_id = NULL "
            "WHERE parent_id IN (SELECT id FROM scale_ps)"
        )
        counts["partnerships"] = cascade_delete(cursor, Partnership, "SELECT id FROM scale_ps")
        counts["organisations"] = cascade_delete(cursor, Organisation, "SELECT id FROM scale_orgs")
        counts["users"] = cascade_delete(cursor, User, "SELECT id FROM scale_users")
    return counts


def cascade_delete(cursor: Any, model: type[models.Model], ids_sql: str) -> int:
    """DELETE the rows of ``model`` whose key ``ids_sql`` selects, applying ``on_delete`` first.

    CASCADE children are deleted the same way, SET_NULL references cleared; PROTECT and RESTRICT
    references are left to the database, which refuses the delete if any remain.
    """
    table = model._meta.db_table
    pk = model._meta.pk.column  # type: ignore[union-attr]
    for rel in model._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        field = rel.field  # type: ignore[union-attr]
        child = field.model
        if child._meta.proxy or not child._meta.managed:
            continue
        on_delete = field.remote_field.on_delete
        column = field.column
        keys = ids_sql
        if field.target_field.column != pk:
            keys = (
                f'SELECT "{field.target_field.column}" FROM "{table}" WHERE "{pk}" IN ({ids_sql})'
            )
        if on_delete is models.CASCADE:
            if child is model:
                raise CommandError(f"{table}: self-referencing CASCADE is not supported")
            child_pk = child._meta.pk.column
            cascade_delete(
                cursor,
                child,
                f'SELECT "{child_pk}" FROM "{child._meta.db_table}" WHERE "{column}" IN ({keys})',
            )
        elif on_delete is models.SET_NULL:
            cursor.execute(
                f'UPDATE "{child._meta.db_table}" SET "{column}" = NULL '
                f'WHERE "{column}" IN ({keys})'
            )
    cursor.execute(f'DELETE FROM "{table}" WHERE "{pk}" IN ({ids_sql})')
    return cursor.rowcount


TABLES = [
    "pact_user",
    "account_emailaddress",
    "members_organisation",
    "members_organisationmembership",
    "partnerships_partnership",
    "partnerships_partnershipmembership",
    "partnerships_partnership_regions",
    "partnerships_declarationversion",
    "partnerships_signature",
    "commitments_commitment",
    "commitments_commitment_responsible_organisations",
    "commitments_target",
    "commitments_reportingcycle",
    "commitments_progressreport",
    # Staff monitoring's totals, filled by triggers as the rows above went in: planned from
    # their real sizes (an empty table's statistics make the list sort every organisation).
    "commitments_dutytotal",
    "commitments_cyclestatustotal",
    "commitments_cycleorganisationstatus",
    "commitments_cyclepartnershipstatus",
]


def analyze() -> None:
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f'ANALYZE "{table}"')


def vacuum(*, full: bool) -> None:
    """After a reset, ``VACUUM FULL`` compacts the tables the deletes left mostly empty (so the
    new data is not measured through dead rows); after generating, ``VACUUM ANALYZE`` sets the
    visibility map and the planner statistics. Outside any transaction, as VACUUM requires."""
    with connection.cursor() as cursor:
        for table in TABLES:
            if connection.in_atomic_block:  # inside a caller's transaction: statistics only
                if not full:
                    cursor.execute(f'ANALYZE "{table}"')
            else:
                cursor.execute(f'VACUUM {"FULL" if full else "(ANALYZE)"} "{table}"')
