"""Every summary derived again from the data, and compared with what the triggers keep.

``differences()`` is what the tests call after each kind of change (it must be empty); ``rebuild()``
refills the tables from the data (after a restore, or if a check ever found them apart).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection, transaction

from commitments.reporting.selectors import duties_sql
from commitments.summaries import status_rollups, status_triggers, survey_triggers, triggers

Row = tuple


def _rows(sql: str, key_size: int) -> dict[Row, Row]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        found = cursor.fetchall()
    return {
        tuple(row[:key_size]): tuple(Decimal(v) for v in row[key_size:])
        for row in found
        if row[key_size] != 0
    }


def _stored(table: str, key: str) -> str:
    return f"SELECT {key}, {', '.join(triggers.COUNTERS)} FROM {table}"  # noqa: S608


_DERIVED_ORGANISATIONS = status_rollups.organisation_rows_sql(
    status_triggers.duty_totals_sql(duties_sql()), status_triggers.status_totals_sql(duties_sql())
)

SUMMARIES = {
    # name: (stored rows, rows derived from the data, key size)
    "target totals": (
        _stored(triggers.TARGET_TOTAL, "target_id, cycle_id"),
        triggers.target_totals_sql(),
        2,
    ),
    "result totals": (
        _stored(triggers.RESULT_TOTAL, triggers.RESULT_KEY_COLUMNS),
        triggers.result_totals_sql(),
        5,
    ),
    "result roll-ups": (
        _stored(triggers.RESULT_ROLLUP, triggers.ROLLUP_KEY_COLUMNS),
        triggers.rollup_sql(),
        4,
    ),
    "survey totals": (
        f"SELECT survey_id, indicator_id, answers, number_sum FROM {survey_triggers.TOTAL}",  # noqa: S608
        survey_triggers.totals_sql(),
        2,
    ),
    # Derived from the reporting rules' own duties, not the triggers' copy of them.
    "duty totals": (
        f"SELECT {status_triggers.DUTY_KEY}, expected FROM {status_triggers.DUTY_TOTAL}",  # noqa: S608
        status_triggers.duty_totals_sql(duties_sql()),
        2,
    ),
    "cycle status totals": (
        f"SELECT {status_triggers.STATUS_KEY}, {', '.join(status_triggers.STATUS_COUNTERS)} "  # noqa: S608
        f"FROM {status_triggers.STATUS_TOTAL}",
        status_triggers.status_totals_sql(duties_sql()),
        3,
    ),
    # Both roll-ups from the derived totals above, so each level is checked against the data.
    "cycle organisation status": (
        f"SELECT cycle_id, organisation_id, name, expected, done, validated, returned, "  # noqa: S608
        f"drafts, late FROM {status_rollups.ORGANISATION_STATUS}",
        f"SELECT cycle_id, organisation_id, name, expected, done, validated, returned, "  # noqa: S608
        f"drafts, late FROM ({_DERIVED_ORGANISATIONS}) d",
        3,
    ),
    "cycle partnership status": (
        f"SELECT cycle_id, partnership_id, pairs, pairs_done, pairs_started "  # noqa: S608
        f"FROM {status_rollups.PARTNERSHIP_STATUS}",
        status_rollups.partnership_rows_sql(
            status_triggers.duty_totals_sql(duties_sql()),
            status_triggers.status_totals_sql(duties_sql()),
        ),
        2,
    ),
}


def differences() -> dict[str, dict[Row, tuple[Row | None, Row | None]]]:
    """Per summary, the keys whose stored counters differ from the data's: (stored, derived)."""
    found: dict[str, dict[Row, tuple[Row | None, Row | None]]] = {}
    for name, (stored_sql, derived_sql, key_size) in SUMMARIES.items():
        stored, derived = _rows(stored_sql, key_size), _rows(derived_sql, key_size)
        apart = {
            key: (stored.get(key), derived.get(key))
            for key in stored.keys() | derived.keys()
            if stored.get(key) != derived.get(key)
        }
        if apart:
            found[name] = apart
    return found


def rebuild() -> None:
    """Refill every summary table from the data, in one transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(triggers.rebuild_sql())
        cursor.execute(survey_triggers.rebuild_sql())
        cursor.execute(status_triggers.rebuild_sql())
        cursor.execute(status_rollups.rebuild_sql())
