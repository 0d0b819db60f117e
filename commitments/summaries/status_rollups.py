"""The triggers that keep ``CycleOrganisationStatus`` and ``CyclePartnershipStatus`` (per cycle:
each organisation owing reports, each partnership) equal to ``DutyTotal`` and
``CycleStatusTotal`` (``status_triggers``), so staff monitoring reads a row per organisation
without grouping, and its shares with one pass over one cycle's rows.

Statement-level, with transition tables, on the tables they add up (as the results' roll-ups):
a change of ``CycleStatusTotal`` (a report submitted, validated...) adds its deltas to one
organisation's and one partnership's rows; a change of ``DutyTotal`` (rare: who owes what) derives
the rows of its organisations and partnerships again, in every cycle. A cycle created gets a row
for every organisation and partnership owing reports; an organisation renamed moves in the list.
Rows are locked in key order before they change, so two writers never deadlock.
"""

# Only this module's constant table and column names are put into the SQL; it takes no values.
# ruff: noqa: S608

from __future__ import annotations

from commitments.summaries.status_triggers import (
    DUTY_TOTAL,
    STATUS_TOTAL,
    function_sql,
)
from commitments.summaries.triggers import ORGANISATION, removal_sql, statement_triggers_sql

ORGANISATION_STATUS = "commitments_cycleorganisationstatus"
PARTNERSHIP_STATUS = "commitments_cyclepartnershipstatus"
CYCLE = "commitments_reportingcycle"
PREFIX = "pact_monitoring_rollup"

ORGANISATION_COLUMNS = (
    "cycle_id, organisation_id, name, expected, done, validated, returned, drafts, late"
)
PARTNERSHIP_COLUMNS = "cycle_id, partnership_id, pairs, pairs_done, pairs_started"


def organisation_rows_sql(
    duties: str = f"SELECT * FROM {DUTY_TOTAL}",
    statuses: str = f"SELECT * FROM {STATUS_TOTAL}",
    organisations: str = "",
    cycles: str = "",
) -> str:
    """``CycleOrganisationStatus`` rows from ``duties`` and ``statuses`` (tables, or relations
    with their columns); ``organisations`` and ``cycles``: conditions on ``organisation_id`` and
    the cycle's ``id`` (the rows derived again)."""
    of_orgs = f"WHERE {organisations}" if organisations else ""
    of_cycles = f"WHERE {cycles}" if cycles else ""
    return f"""
        SELECT c.id AS cycle_id, d.organisation_id, o.name, d.expected,
               coalesce(s.done, 0) AS done, coalesce(s.validated, 0) AS validated,
               coalesce(s.returned, 0) AS returned, coalesce(s.drafts, 0) AS drafts,
               coalesce(s.late, 0) AS late
          FROM (SELECT organisation_id, sum(expected) AS expected FROM ({duties}) dt {of_orgs}
                 GROUP BY 1) d
          JOIN {ORGANISATION} o ON o.id = d.organisation_id
          CROSS JOIN (SELECT id FROM {CYCLE} {of_cycles}) c
          LEFT JOIN (
              SELECT cycle_id, organisation_id, sum(submitted + validated) AS done,
                     sum(validated) AS validated, sum(returned) AS returned,
                     sum(drafts) AS drafts, sum(late) AS late
                FROM ({statuses}) st {of_orgs} GROUP BY 1, 2
          ) s ON s.cycle_id = c.id AND s.organisation_id = d.organisation_id
    """


def partnership_rows_sql(
    duties: str = f"SELECT * FROM {DUTY_TOTAL}",
    statuses: str = f"SELECT * FROM {STATUS_TOTAL}",
    partnerships: str = "",
    cycles: str = "",
) -> str:
    """``CyclePartnershipStatus`` rows; ``partnerships``: a condition on ``partnership_id``."""
    of_ps = (
        f"AND {partnerships.replace('partnership_id', 'd.partnership_id')}" if partnerships else ""
    )
    of_cycles = f"WHERE {cycles}" if cycles else ""
    return f"""
        SELECT c.id AS cycle_id, d.partnership_id, count(*) AS pairs,
               count(*) FILTER (WHERE coalesce(s.submitted + s.validated, 0) >= d.expected)
                   AS pairs_done,
               count(*) FILTER (WHERE s.submitted + s.validated > 0) AS pairs_started
          FROM ({duties}) d
          CROSS JOIN (SELECT id FROM {CYCLE} {of_cycles}) c
          LEFT JOIN ({statuses}) s ON s.cycle_id = c.id
               AND s.organisation_id = d.organisation_id AND s.partnership_id = d.partnership_id
         WHERE d.partnership_id IS NOT NULL {of_ps}
         GROUP BY 1, 2
    """


def _replace(table: str, key: str, columns: str, where: str, source: str) -> str:
    """Lock ``table``'s rows matching ``where`` in key order, delete them, insert ``source``."""
    return f"""
    PERFORM 1 FROM {table} WHERE {where} ORDER BY {key} FOR UPDATE;
    DELETE FROM {table} WHERE {where};
    INSERT INTO {table} ({columns}) SELECT {columns} FROM ({source}) d ORDER BY {key}
    ON CONFLICT ({key}) DO UPDATE SET {", ".join(f"{c} = EXCLUDED.{c}" for c in columns.split(", ")[2:])};
    """


def _for_organisations(affected: str) -> str:
    where = "organisation_id = ANY(orgs)"
    # Joined, not compared with each element of a long array (bulk changes: thousands of ids).
    mine = "organisation_id IN (SELECT unnest(orgs))"
    return f"""
    orgs := ARRAY(SELECT DISTINCT a.id FROM ({affected}) a (id) WHERE a.id IS NOT NULL ORDER BY 1);
    IF cardinality(orgs) > 0 THEN
    {_replace(ORGANISATION_STATUS, "organisation_id, cycle_id", ORGANISATION_COLUMNS, where, organisation_rows_sql(organisations=mine))}
    END IF;
    """


def _for_partnerships(affected: str) -> str:
    where = "partnership_id = ANY(orgs)"  # the same array variable, holding partnership ids
    mine = "partnership_id IN (SELECT unnest(orgs))"
    return f"""
    orgs := ARRAY(SELECT DISTINCT a.id FROM ({affected}) a (id) WHERE a.id IS NOT NULL ORDER BY 1);
    IF cardinality(orgs) > 0 THEN
    {_replace(PARTNERSHIP_STATUS, "partnership_id, cycle_id", PARTNERSHIP_COLUMNS, where, partnership_rows_sql(partnerships=mine))}
    END IF;
    """


def _duties_changed() -> str:
    """On ``DutyTotal`` (rare: who owes what changed): their organisations' and partnerships'
    rows derived again, in every cycle."""
    branches = []
    for op, rows in {
        "INSERT": "SELECT * FROM new_rows",
        "DELETE": "SELECT * FROM old_rows",
        "UPDATE": "SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows",
    }.items():
        branches.append(
            f"""IF TG_OP = '{op}' THEN
            {_for_organisations(f"SELECT organisation_id FROM ({rows}) r")}
            {_for_partnerships(f"SELECT partnership_id FROM ({rows}) r")}
            END IF;"""
        )
    return "\n".join(branches)


def _add(table: str, key: str, source: str, counters: tuple[str, ...]) -> str:
    """Add the grouped deltas of ``source`` to the existing rows of ``table`` (locked in key
    order first); a row missing is an organisation or partnership owing nothing (any more)."""
    keys = key.split(", ")
    match = " AND ".join(f"t.{k} = d.{k}" for k in keys)
    sets = ", ".join(f"{column} = t.{column} + d.{column}" for column in counters)
    changed = " OR ".join(f"d.{column} <> 0" for column in counters)
    return f"""
    PERFORM 1 FROM {table} t JOIN ({source}) d ON {match} WHERE {changed}
      ORDER BY {", ".join(f"t.{k}" for k in keys)} FOR UPDATE OF t;
    UPDATE {table} t SET {sets} FROM ({source}) d WHERE {match} AND ({changed});
    """


def _statuses_changed() -> str:
    """On ``CycleStatusTotal`` (a report changed): deltas. An organisation's counters move by
    the rows' differences; a partnership's counts by the pairs that became, or stopped being,
    done or started (a pair with no row has no report: neither)."""
    pair_done = "((r.submitted + r.validated) >= d.expected)::int"
    pair_started = "((r.submitted + r.validated) > 0)::int"
    branches = []
    for op, rows in {
        "INSERT": "SELECT 1 AS sign, * FROM new_rows",
        "DELETE": "SELECT -1 AS sign, * FROM old_rows",
        "UPDATE": "SELECT -1 AS sign, * FROM old_rows UNION ALL SELECT 1, * FROM new_rows",
    }.items():
        organisations = f"""
            SELECT r.cycle_id, r.organisation_id,
                   sum(r.sign * (r.submitted + r.validated)) AS done,
                   sum(r.sign * r.validated) AS validated, sum(r.sign * r.returned) AS returned,
                   sum(r.sign * r.drafts) AS drafts, sum(r.sign * r.late) AS late
              FROM ({rows}) r GROUP BY 1, 2
        """
        partnerships = f"""
            SELECT r.cycle_id, r.partnership_id,
                   sum(r.sign * {pair_done}) AS pairs_done,
                   sum(r.sign * {pair_started}) AS pairs_started
              FROM ({rows}) r
              JOIN {DUTY_TOTAL} d ON d.organisation_id = r.organisation_id
                   AND d.partnership_id = r.partnership_id
             GROUP BY 1, 2
        """
        org_counters = ("done", "validated", "returned", "drafts", "late")
        ps_counters = ("pairs_done", "pairs_started")
        branches.append(
            f"""IF TG_OP = '{op}' THEN
            {_add(ORGANISATION_STATUS, "cycle_id, organisation_id", organisations, org_counters)}
            {_add(PARTNERSHIP_STATUS, "cycle_id, partnership_id", partnerships, ps_counters)}
            END IF;"""
        )
    return "\n".join(branches)


def _cycle_changed() -> str:
    inserted = "id IN (SELECT id FROM new_rows)"
    return f"""
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {ORGANISATION_STATUS} ({ORGANISATION_COLUMNS})
        SELECT {ORGANISATION_COLUMNS} FROM ({organisation_rows_sql(cycles=inserted)}) d
         ORDER BY organisation_id, cycle_id ON CONFLICT DO NOTHING;
        INSERT INTO {PARTNERSHIP_STATUS} ({PARTNERSHIP_COLUMNS})
        SELECT {PARTNERSHIP_COLUMNS} FROM ({partnership_rows_sql(cycles=inserted)}) d
         ORDER BY partnership_id, cycle_id ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP = 'DELETE' THEN
        DELETE FROM {ORGANISATION_STATUS} WHERE cycle_id IN (SELECT id FROM old_rows);
        DELETE FROM {PARTNERSHIP_STATUS} WHERE cycle_id IN (SELECT id FROM old_rows);
    END IF;
    """


def _renamed() -> str:
    return f"""
    UPDATE {ORGANISATION_STATUS} s SET name = n.name
      FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE s.organisation_id = n.id AND o.name IS DISTINCT FROM n.name;
    """


TRIGGERS = [
    (DUTY_TOTAL, "pact_monitoring_rollup_duty", _duties_changed(), ("INSERT", "UPDATE", "DELETE")),
    (
        STATUS_TOTAL,
        "pact_monitoring_rollup_status",
        _statuses_changed(),
        ("INSERT", "UPDATE", "DELETE"),
    ),
    (CYCLE, "pact_monitoring_rollup_cycle", _cycle_changed(), ("INSERT", "DELETE")),
    (ORGANISATION, "pact_monitoring_rollup_name", _renamed(), ("UPDATE",)),
]


def rebuild_sql() -> str:
    return f"""
        DELETE FROM {ORGANISATION_STATUS};
        INSERT INTO {ORGANISATION_STATUS} ({ORGANISATION_COLUMNS})
        SELECT {ORGANISATION_COLUMNS} FROM ({organisation_rows_sql()}) d;
        DELETE FROM {PARTNERSHIP_STATUS};
        INSERT INTO {PARTNERSHIP_STATUS} ({PARTNERSHIP_COLUMNS})
        SELECT {PARTNERSHIP_COLUMNS} FROM ({partnership_rows_sql()}) d;
    """


def install_sql() -> str:
    parts = [
        function_sql(f, body) + "\n" + statement_triggers_sql(t, f, ev, PREFIX)
        for t, f, body, ev in TRIGGERS
    ]
    parts.append(rebuild_sql())
    parts.append(f"ANALYZE {ORGANISATION_STATUS}; ANALYZE {PARTNERSHIP_STATUS};")
    return "\n".join(parts)


def remove_sql() -> str:
    return removal_sql(TRIGGERS, PREFIX)
