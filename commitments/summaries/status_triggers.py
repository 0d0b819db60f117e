"""The triggers that keep what staff monitoring reads (``DutyTotal``: reports owed per
organisation and partnership; ``CycleStatusTotal``: a cycle's reports on them, per state) equal to
the data, as ``triggers`` does for the results: statement-level, with transition tables,
installed by a migration, so no write path can forget them.

- a report inserted, changed or deleted: minus its old row, plus its new one, when the report is
  on something its organisation owes (the duties, ``DUTY_CHECK``); a draft saved again changes
  nothing here and returns at once;
- what decides who owes what (an organisation's status, a partnership's status, its coordinator,
  a commitment's responsible organisations, a commitment made current or moved, a target added,
  moved or deleted): the rows of every organisation concerned are derived again from the data.
  Those changes are rare and touch a few organisations; the reports, many and frequent, only add
  deltas.

Upserts are sorted by key and add to what is there, so a report's delta and a re-derivation of
the same organisation in two transactions give the right sum in either order; rows whose
``reports`` fall to zero are deleted.
"""

# Only this module's constant table and column names are put into the SQL; it takes no values.
# ruff: noqa: S608

from __future__ import annotations

from commitments.summaries.triggers import (
    COMMITMENT,
    ORGANISATION,
    PARTNERSHIP,
    REPORT,
    TARGET,
    removal_sql,
    statement_triggers_sql,
)

DUTY_TOTAL = "commitments_dutytotal"
STATUS_TOTAL = "commitments_cyclestatustotal"
RESPONSIBLE = "commitments_commitment_responsible_organisations"
MEMBERSHIP = "partnerships_partnershipmembership"
PREFIX = "pact_monitoring"

STATUS_COUNTERS = ("reports", "drafts", "submitted", "validated", "returned", "late")
STATUS_KEY = "cycle_id, organisation_id, partnership_id"
DUTY_KEY = "organisation_id, partnership_id"

# One report's contribution, times ``sign`` (r: the report row).
CONTRIBUTION = """
    sum(sign) AS reports,
    sum(sign * (r.status = 'draft')::int) AS drafts,
    sum(sign * (r.status = 'submitted')::int) AS submitted,
    sum(sign * (r.status = 'validated')::int) AS validated,
    sum(sign * (r.status = 'returned')::int) AS returned,
    sum(sign * r.is_late::int) AS late
"""


# What ``commitments.reporting.selectors.duties_sql`` says, with this module's table names:
# (organisation_id, target_id, partnership_id) of every report owed. ``recompute`` derives the
# totals from that function, so a difference between the two shows in ``differences()``.
def duties(organisations: str = "") -> str:
    """``DUTIES``, or only the duties of the organisations whose id matches ``organisations`` (a
    condition on an id, e.g. ``IN (SELECT unnest(orgs))``), put into each branch: an index lookup of those
    organisations, where a condition outside the union made it derive every duty first (half a
    second at full scale for each target added)."""
    mine = {
        alias: f"AND {alias}.organisation_id {organisations}" if organisations else ""
        for alias in ("cro", "pm", "c")
    }
    return f"""
    SELECT d.organisation_id, d.target_id, d.partnership_id FROM (
        SELECT cro.organisation_id, t.id AS target_id, c.partnership_id
          FROM {TARGET} t JOIN {COMMITMENT} c ON c.id = t.commitment_id
          JOIN {PARTNERSHIP} p ON p.id = c.partnership_id AND p.status = 'active'
          JOIN {RESPONSIBLE} cro ON cro.commitment_id = c.id {mine["cro"]}
         WHERE c.is_current
        UNION ALL
        SELECT pm.organisation_id, t.id, c.partnership_id
          FROM {TARGET} t JOIN {COMMITMENT} c ON c.id = t.commitment_id
          JOIN {PARTNERSHIP} p ON p.id = c.partnership_id AND p.status = 'active'
          JOIN {MEMBERSHIP} pm ON pm.partnership_id = c.partnership_id AND pm.role = 'coordinator'
               {mine["pm"]}
         WHERE c.is_current
           AND NOT EXISTS (SELECT 1 FROM {RESPONSIBLE} x WHERE x.commitment_id = c.id)
        UNION ALL
        SELECT c.organisation_id, t.id, NULL
          FROM {TARGET} t JOIN {COMMITMENT} c ON c.id = t.commitment_id
         WHERE c.is_current AND c.partnership_id IS NULL {mine["c"]}
    ) d JOIN {ORGANISATION} o ON o.id = d.organisation_id AND o.status = 'active'
"""


DUTIES = duties()

# The same rule for one report r, given its target's commitment c (index lookups, no union).
DUTY_CHECK = f"""
    c.is_current AND o.status = 'active' AND (
        (c.partnership_id IS NULL AND c.organisation_id = r.organisation_id)
        OR (p.status = 'active' AND (
            EXISTS (SELECT 1 FROM {RESPONSIBLE} x
                     WHERE x.commitment_id = c.id AND x.organisation_id = r.organisation_id)
            OR (NOT EXISTS (SELECT 1 FROM {RESPONSIBLE} x WHERE x.commitment_id = c.id)
                AND EXISTS (SELECT 1 FROM {MEMBERSHIP} pm
                             WHERE pm.partnership_id = c.partnership_id
                               AND pm.organisation_id = r.organisation_id
                               AND pm.role = 'coordinator')))))
"""


def _add(table: str, key: str, counters: tuple[str, ...], source: str) -> str:
    """Add the rows of ``source`` (key columns and counters) to ``table``, sorted by key."""
    columns = ", ".join(counters)
    updates = ", ".join(f"{c} = s.{c} + EXCLUDED.{c}" for c in counters)
    nonzero = " OR ".join(f"d.{c} <> 0" for c in counters)
    return f"""
    INSERT INTO {table} AS s ({key}, {columns})
    SELECT {key}, {columns} FROM ({source}) d
     WHERE {nonzero}
     ORDER BY {key}
    ON CONFLICT ({key}) DO UPDATE SET {updates};
    DELETE FROM {table} WHERE {counters[0]} = 0;
    """


def _reports_source(reports: str) -> str:
    """Grouped contributions of ``reports`` (a relation with ``sign`` and a report's columns)
    that are on something owed."""
    return f"""
        SELECT r.cycle_id, r.organisation_id, c.partnership_id, {CONTRIBUTION}
          FROM ({reports}) r
          JOIN {TARGET} t ON t.id = r.target_id
          JOIN {COMMITMENT} c ON c.id = t.commitment_id
          JOIN {ORGANISATION} o ON o.id = r.organisation_id
          LEFT JOIN {PARTNERSHIP} p ON p.id = c.partnership_id
         WHERE {DUTY_CHECK}
         GROUP BY 1, 2, 3
    """


def _report_changed() -> str:
    # A draft saved again (value, narrative) moves no counter: leave before reading anything.
    # A set difference, not a join of the two transition tables: they have no index, and a
    # bulk update of thousands of rows would compare every old row with every new one.
    counted = "id, status, is_late, cycle_id, organisation_id, target_id"
    moved = f"SELECT {counted} FROM old_rows EXCEPT ALL SELECT {counted} FROM new_rows"
    branches = []
    for op, rows in {
        "INSERT": "SELECT 1 AS sign, * FROM new_rows",
        "DELETE": "SELECT -1 AS sign, * FROM old_rows",
        "UPDATE": "SELECT -1 AS sign, * FROM old_rows UNION ALL SELECT 1, * FROM new_rows",
    }.items():
        skip = f"IF NOT EXISTS ({moved}) THEN RETURN NULL; END IF;" if op == "UPDATE" else ""
        # Wait for a change of who owes what to these organisations in flight (it holds their
        # rows FOR UPDATE, ``_rederive``): the statement below then reads its outcome, and a
        # change starting later waits for this one.
        lock = f"""PERFORM 1 FROM {ORGANISATION} WHERE id IN (SELECT organisation_id FROM ({rows}) r)
                    ORDER BY id FOR KEY SHARE;"""
        body = _add(STATUS_TOTAL, STATUS_KEY, STATUS_COUNTERS, _reports_source(rows))
        branches.append(f"IF TG_OP = '{op}' THEN {skip} {lock} {body} END IF;")
    return "\n".join(branches)


def duty_totals_sql(duties: str = DUTIES, organisations: str = "") -> str:
    """``DutyTotal`` rows derived from ``duties``; ``organisations``: a condition on
    ``due.organisation_id`` (the organisations re-derived)."""
    where = f"WHERE {organisations}" if organisations else ""
    return f"""
        SELECT due.organisation_id, due.partnership_id, count(*) AS expected
          FROM ({duties}) due {where}
         GROUP BY 1, 2
    """


def status_totals_sql(duties: str = DUTIES, organisations: str = "") -> str:
    """``CycleStatusTotal`` rows derived from ``duties`` and the reports."""
    where = f"WHERE {organisations}" if organisations else ""
    return f"""
        SELECT r.cycle_id, due.organisation_id, due.partnership_id, {CONTRIBUTION}
          FROM ({duties}) due
          JOIN (SELECT 1 AS sign, * FROM {REPORT}) r
            ON r.organisation_id = due.organisation_id AND r.target_id = due.target_id
         {where}
         GROUP BY 1, 2, 3
    """


def _rederive(affected: str) -> str:
    """A function body: the rows of the organisations ``affected`` (SQL yielding their ids)
    deleted and derived again from the data."""
    # Joined, not compared with each element of a long array (a bulk change: thousands of ids),
    # inside each branch of the duties, so only these organisations' duties are derived.
    mine = duties("IN (SELECT unnest(orgs))")
    return f"""
    orgs := ARRAY(SELECT DISTINCT a.id FROM ({affected}) a (id) WHERE a.id IS NOT NULL ORDER BY 1);
    IF cardinality(orgs) = 0 THEN RETURN NULL; END IF;
    -- A report of these organisations changing meanwhile waits for this transaction, then
    -- counts against its outcome; one already changing is waited for, then read.
    PERFORM 1 FROM {ORGANISATION} WHERE id = ANY(orgs) ORDER BY id FOR UPDATE;
    DELETE FROM {DUTY_TOTAL} WHERE organisation_id = ANY(orgs);
    {_add(DUTY_TOTAL, DUTY_KEY, ("expected",), duty_totals_sql(duties=mine))}
    DELETE FROM {STATUS_TOTAL} WHERE organisation_id = ANY(orgs);
    {_add(STATUS_TOTAL, STATUS_KEY, STATUS_COUNTERS, status_totals_sql(duties=mine))}
    """


def _owing(commitments: str) -> str:
    """Organisations that may owe reports on ``commitments`` (a relation with a commitment's id,
    partnership_id and organisation_id): the pledge's organisation, the responsible ones, the
    partnership's coordinator."""
    return f"""
        SELECT cs.organisation_id FROM ({commitments}) cs
        UNION ALL
        SELECT cro.organisation_id FROM ({commitments}) cs
          JOIN {RESPONSIBLE} cro ON cro.commitment_id = cs.id
        UNION ALL
        SELECT pm.organisation_id FROM ({commitments}) cs
          JOIN {MEMBERSHIP} pm ON pm.partnership_id = cs.partnership_id AND pm.role = 'coordinator'
    """


def _by_op(affected: dict[str, str]) -> str:
    """One re-derivation per event, each with its own affected organisations."""
    return "\n".join(
        f"IF TG_OP = '{op}' THEN {_rederive(sql)} END IF;" for op, sql in affected.items()
    )


def _changed(columns: str, select: str) -> str:
    """Old and new rows (``select`` of each, aliased x) of the rows whose ``columns`` changed."""
    return f"""
        SELECT {select} FROM old_rows x JOIN new_rows n ON n.id = x.id
         WHERE ({columns.replace("@", "x.")}) IS DISTINCT FROM ({columns.replace("@", "n.")})
        UNION ALL
        SELECT {select.replace("x.", "n.")} FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE ({columns.replace("@", "o.")}) IS DISTINCT FROM ({columns.replace("@", "n.")})
    """


COMMITMENT_COLUMNS = "x.id, x.partnership_id, x.organisation_id"


def _commitments_of_targets(targets: str) -> str:
    return f"SELECT c.id, c.partnership_id, c.organisation_id FROM {COMMITMENT} c WHERE c.id IN (SELECT commitment_id FROM ({targets}) tt)"


TRIGGERS = [
    (REPORT, "pact_monitoring_report", _report_changed(), ("INSERT", "UPDATE", "DELETE")),
    (
        ORGANISATION,
        "pact_monitoring_organisation",
        _by_op(
            {
                "UPDATE": _changed("@status", "x.id"),
                "DELETE": "SELECT id FROM old_rows",
            }
        ),
        ("UPDATE", "DELETE"),
    ),
    (
        PARTNERSHIP,
        "pact_monitoring_partnership",
        _by_op(
            {
                "UPDATE": _owing(
                    f"SELECT c.id, c.partnership_id, NULL::bigint AS organisation_id "
                    f"FROM {COMMITMENT} c WHERE c.partnership_id IN "
                    f"(SELECT id FROM ({_changed('@status', 'x.id')}) ch (id)) "
                    f"UNION ALL SELECT NULL, id, NULL FROM ({_changed('@status', 'x.id')}) ch (id)"
                )
            }
        ),
        ("UPDATE",),
    ),
    (
        MEMBERSHIP,
        "pact_monitoring_membership",
        _by_op(
            {
                "INSERT": "SELECT organisation_id FROM new_rows WHERE role = 'coordinator'",
                "DELETE": "SELECT organisation_id FROM old_rows WHERE role = 'coordinator'",
                "UPDATE": f"""SELECT organisation_id FROM ({
                    _changed(
                        "@role, @organisation_id, @partnership_id", "x.organisation_id, x.role"
                    )
                }) ch WHERE ch.role = 'coordinator'""",
            }
        ),
        ("INSERT", "UPDATE", "DELETE"),
    ),
    (
        RESPONSIBLE,
        "pact_monitoring_responsible",
        _by_op(
            {
                op: f"""SELECT organisation_id FROM {rows}
                    UNION ALL {
                    _owing(
                        f"SELECT c.id, c.partnership_id, NULL::bigint AS organisation_id "
                        f"FROM {COMMITMENT} c WHERE c.id IN (SELECT commitment_id FROM {rows})"
                    )
                }"""
                for op, rows in {
                    "INSERT": "new_rows",
                    "DELETE": "old_rows",
                    "UPDATE": "(SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) ch",
                }.items()
            }
        ),
        ("INSERT", "UPDATE", "DELETE"),
    ),
    (
        COMMITMENT,
        "pact_monitoring_commitment",
        _by_op(
            {
                "INSERT": _owing(f"SELECT {COMMITMENT_COLUMNS} FROM new_rows x"),
                "DELETE": _owing(f"SELECT {COMMITMENT_COLUMNS} FROM old_rows x"),
                "UPDATE": _owing(
                    _changed("@is_current, @partnership_id, @organisation_id", COMMITMENT_COLUMNS)
                ),
            }
        ),
        ("INSERT", "UPDATE", "DELETE"),
    ),
    (
        TARGET,
        "pact_monitoring_target",
        _by_op(
            {
                "INSERT": _owing(_commitments_of_targets("SELECT * FROM new_rows")),
                "DELETE": _owing(_commitments_of_targets("SELECT * FROM old_rows")),
                "UPDATE": _owing(
                    _commitments_of_targets(_changed("@commitment_id", "x.commitment_id"))
                ),
            }
        ),
        ("INSERT", "UPDATE", "DELETE"),
    ),
]


def function_sql(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"DECLARE orgs bigint[];\nBEGIN\n{body}\nRETURN NULL;\nEND $$;"
    )


def rebuild_sql() -> str:
    """Empty both tables and fill them from the data (the migration; a repair)."""
    status = ", ".join(STATUS_COUNTERS)
    return f"""
        DELETE FROM {DUTY_TOTAL};
        INSERT INTO {DUTY_TOTAL} ({DUTY_KEY}, expected)
        SELECT {DUTY_KEY}, expected FROM ({duty_totals_sql()}) d;
        DELETE FROM {STATUS_TOTAL};
        INSERT INTO {STATUS_TOTAL} ({STATUS_KEY}, {status})
        SELECT {STATUS_KEY}, {status} FROM ({status_totals_sql()}) d;
    """


def install_sql() -> str:
    """Functions and triggers, then the tables filled from the data (safe to run again)."""
    parts = [
        function_sql(f, body) + "\n" + statement_triggers_sql(t, f, ev, PREFIX)
        for t, f, body, ev in TRIGGERS
    ]
    parts.append(
        f"""CREATE OR REPLACE FUNCTION pact_monitoring_truncated() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN DELETE FROM {STATUS_TOTAL}; RETURN NULL; END $$;
        DROP TRIGGER IF EXISTS pact_monitoring_truncate ON {REPORT};
        CREATE TRIGGER pact_monitoring_truncate AFTER TRUNCATE ON {REPORT}
        FOR EACH STATEMENT EXECUTE FUNCTION pact_monitoring_truncated();"""
    )
    parts.append(rebuild_sql())
    # Planned from real sizes at once, not from an empty table's guess (nested loops over
    # thousands of rows) until autovacuum comes by.
    parts.append(f"ANALYZE {DUTY_TOTAL}; ANALYZE {STATUS_TOTAL};")
    return "\n".join(parts)


def remove_sql() -> str:
    return removal_sql(TRIGGERS, PREFIX) + (
        f"\nDROP TRIGGER IF EXISTS pact_monitoring_truncate ON {REPORT};"
        "\nDROP FUNCTION IF EXISTS pact_monitoring_truncated();"
    )
