"""The triggers that keep the summary tables (``models``) equal to the reports, installed by a
migration so that no write path (services, admin, imports, bulk SQL, COPY) can forget them.

Statement-level triggers with transition tables: one statement validating a thousand reports
(bulk review, an import, ``seed_scale``'s COPY) adds its deltas in one grouped upsert, not a
thousand. After every statement the tables equal what ``recompute`` derives from the data, as each
trigger applies the change of exactly the table it sits on, the other tables being as they are:

- a report inserted, changed or deleted: minus its old row, plus its new one (``TargetTotal`` and
  ``ResultTotal``; only validated reports count, so drafts and submissions change nothing);
- a partnership whose kind, ecosystem or status changes (published, closed): its reports' rows
  move from the old kind/ecosystem to the new, or in and out of the counted set;
- an organisation whose country changes (a merge, a profile edit): its reports move country;
- a target moved to another indicator or commitment, a commitment to another partnership;
- a pledge approved by staff, rejected or waiting for review again (changed): its reports move in
  or out of the counted set;
- a ``ResultTotal`` row changed: its delta added to the ``ResultRollup`` rows it belongs to.

Upserts are sorted by key, so two transactions touching the same rows lock them in one order.
"""

# Only this module's constant table and column names are put into the SQL; it takes no values.
# ruff: noqa: S608

from __future__ import annotations

TARGET_TOTAL = "commitments_targettotal"
RESULT_TOTAL = "commitments_resulttotal"
RESULT_ROLLUP = "commitments_resultrollup"
REPORT = "commitments_progressreport"
TARGET = "commitments_target"
COMMITMENT = "commitments_commitment"
PARTNERSHIP = "partnerships_partnership"
ORGANISATION = "members_organisation"

# What Partnership.objects.public() says (PUBLIC_STATUSES); tests/commitments/test_summaries.py
# checks the two agree, and the totals against sums over ProgressReport.objects.counted().
PUBLIC_PARTNERSHIP = "('active', 'closed')"
# What ProgressReport.objects.counted() asks of a pledge (PledgeReview.APPROVED); checked there too.
APPROVED_PLEDGE = "'approved'"

COUNTERS = ("reports", "valued", "value_sum", "complete", "numerator_sum", "denominator_sum")

# One report's contribution to the counters, times ``sign`` (r: the report row).
CONTRIBUTION = """
    sum(sign) AS reports,
    sum(sign * (r.value IS NOT NULL)::int) AS valued,
    sum(sign * coalesce(r.value, 0)) AS value_sum,
    sum(sign * (r.numerator IS NOT NULL AND coalesce(r.denominator, 0) <> 0)::int) AS complete,
    sum(sign * coalesce(r.numerator, 0)) AS numerator_sum,
    sum(sign * coalesce(r.denominator, 0)) AS denominator_sum
"""

# The result dimensions of a report r, given its target t, commitment c, partnership p
# (null for a pledge) and organisation o; counted: validated, of a pledge staff approved or of a
# public partnership.
RESULT_KEY = (
    "r.cycle_id, t.indicator_id, coalesce(p.kind, '') AS kind, "
    "coalesce(p.ecosystem, '') AS ecosystem, o.country"
)
COUNTED = (
    f"r.status = 'validated' AND ((c.partnership_id IS NULL AND c.review = {APPROVED_PLEDGE})"
    f" OR p.status IN {PUBLIC_PARTNERSHIP})"
)


def _upsert(table: str, key: str, source: str) -> str:
    """Add the grouped deltas of ``source`` (rows of key columns and counters) to ``table``."""
    columns = ", ".join(COUNTERS)
    updates = ", ".join(f"{c} = s.{c} + EXCLUDED.{c}" for c in COUNTERS)
    return f"""
    INSERT INTO {table} AS s ({key}, {columns})
    SELECT {key}, {columns} FROM ({source}) d
     WHERE d.reports <> 0 OR d.value_sum <> 0 OR d.valued <> 0 OR d.complete <> 0
        OR d.numerator_sum <> 0 OR d.denominator_sum <> 0
     ORDER BY {key}
    ON CONFLICT ({key}) DO UPDATE SET {updates};
    DELETE FROM {table} WHERE reports = 0;
    """


def _result_source(reports: str, joins: str = "") -> str:
    """Grouped contributions to ``ResultTotal`` of ``reports`` (a relation with a ``sign`` and
    the report's columns, aliased r); ``joins`` may replace the dimension tables."""
    joins = (
        joins
        or f"""
        JOIN {TARGET} t ON t.id = r.target_id
        JOIN {COMMITMENT} c ON c.id = t.commitment_id
        LEFT JOIN {PARTNERSHIP} p ON p.id = c.partnership_id
        JOIN {ORGANISATION} o ON o.id = r.organisation_id
    """
    )
    return f"""
        SELECT {RESULT_KEY}, {CONTRIBUTION}
          FROM ({reports}) r {joins}
         WHERE {COUNTED}
         GROUP BY 1, 2, 3, 4, 5
    """


RESULT_KEY_COLUMNS = "cycle_id, indicator_id, kind, ecosystem, country"


def _report_changed() -> str:
    changed = {
        "INSERT": "SELECT 1 AS sign, * FROM new_rows",
        "DELETE": "SELECT -1 AS sign, * FROM old_rows",
        "UPDATE": "SELECT -1 AS sign, * FROM old_rows UNION ALL SELECT 1, * FROM new_rows",
    }
    branches = []
    for op, rows in changed.items():
        validated = f"SELECT * FROM ({rows}) r WHERE r.status = 'validated'"
        target_source = f"""
            SELECT r.target_id, r.cycle_id, {CONTRIBUTION} FROM ({validated}) r GROUP BY 1, 2
        """
        branches.append(
            f"""IF TG_OP = '{op}' THEN
                IF NOT EXISTS ({validated}) THEN RETURN NULL; END IF;
                {_upsert(TARGET_TOTAL, "target_id, cycle_id", target_source)}
                {_upsert(RESULT_TOTAL, RESULT_KEY_COLUMNS, _result_source(validated))}
            END IF;"""
        )
    return "\n".join(branches)


def _partnership_changed() -> str:
    # ch: the changed partnerships, old values with sign -1 and new ones with +1.
    source = f"""
        WITH ch AS (
            SELECT -1 AS sign, o.id, o.kind, o.ecosystem, o.status
              FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.kind, o.ecosystem, o.status) IS DISTINCT FROM (n.kind, n.ecosystem, n.status)
            UNION ALL
            SELECT 1, n.id, n.kind, n.ecosystem, n.status
              FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.kind, o.ecosystem, o.status) IS DISTINCT FROM (n.kind, n.ecosystem, n.status)
        )
        SELECT {RESULT_KEY}, {CONTRIBUTION}
          FROM ch
          JOIN {COMMITMENT} c ON c.partnership_id = ch.id
          JOIN {TARGET} t ON t.commitment_id = c.id
          JOIN {REPORT} r ON r.target_id = t.id AND r.status = 'validated'
          JOIN {ORGANISATION} o ON o.id = r.organisation_id
          CROSS JOIN LATERAL (SELECT ch.kind, ch.ecosystem, ch.status) p
         WHERE {COUNTED}
         GROUP BY 1, 2, 3, 4, 5
    """
    return _upsert(RESULT_TOTAL, RESULT_KEY_COLUMNS, source)


def _organisation_changed() -> str:
    source = f"""
        WITH ch AS (
            SELECT -1 AS sign, o.id, o.country FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE o.country IS DISTINCT FROM n.country
            UNION ALL
            SELECT 1, n.id, n.country FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE o.country IS DISTINCT FROM n.country
        )
        SELECT {RESULT_KEY}, {CONTRIBUTION}
          FROM ch
          JOIN {REPORT} r ON r.organisation_id = ch.id AND r.status = 'validated'
          JOIN {TARGET} t ON t.id = r.target_id
          JOIN {COMMITMENT} c ON c.id = t.commitment_id
          LEFT JOIN {PARTNERSHIP} p ON p.id = c.partnership_id
          CROSS JOIN LATERAL (SELECT ch.country) o
         WHERE {COUNTED}
         GROUP BY 1, 2, 3, 4, 5
    """
    return _upsert(RESULT_TOTAL, RESULT_KEY_COLUMNS, source)


def _target_changed() -> str:
    source = f"""
        WITH ch AS (
            SELECT -1 AS sign, o.id, o.indicator_id, o.commitment_id
              FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.indicator_id, o.commitment_id) IS DISTINCT FROM (n.indicator_id, n.commitment_id)
            UNION ALL
            SELECT 1, n.id, n.indicator_id, n.commitment_id
              FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.indicator_id, o.commitment_id) IS DISTINCT FROM (n.indicator_id, n.commitment_id)
        )
        SELECT {RESULT_KEY}, {CONTRIBUTION}
          FROM ch
          JOIN {REPORT} r ON r.target_id = ch.id AND r.status = 'validated'
          CROSS JOIN LATERAL (SELECT ch.indicator_id) t
          JOIN {COMMITMENT} c ON c.id = ch.commitment_id
          LEFT JOIN {PARTNERSHIP} p ON p.id = c.partnership_id
          JOIN {ORGANISATION} o ON o.id = r.organisation_id
         WHERE {COUNTED}
         GROUP BY 1, 2, 3, 4, 5
    """
    return _upsert(RESULT_TOTAL, RESULT_KEY_COLUMNS, source)


def _commitment_changed() -> str:
    # A commitment moved to another partnership, or a pledge's review changed.
    source = f"""
        WITH ch AS (
            SELECT -1 AS sign, o.id, o.partnership_id, o.review
              FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.partnership_id, o.review) IS DISTINCT FROM (n.partnership_id, n.review)
            UNION ALL
            SELECT 1, n.id, n.partnership_id, n.review
              FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.partnership_id, o.review) IS DISTINCT FROM (n.partnership_id, n.review)
        )
        SELECT {RESULT_KEY}, {CONTRIBUTION}
          FROM ch
          CROSS JOIN LATERAL (SELECT ch.partnership_id, ch.review) c
          JOIN {TARGET} t ON t.commitment_id = ch.id
          JOIN {REPORT} r ON r.target_id = t.id AND r.status = 'validated'
          LEFT JOIN {PARTNERSHIP} p ON p.id = ch.partnership_id
          JOIN {ORGANISATION} o ON o.id = r.organisation_id
         WHERE {COUNTED}
         GROUP BY 1, 2, 3, 4, 5
    """
    return _upsert(RESULT_TOTAL, RESULT_KEY_COLUMNS, source)


ROLLUP_KEY_COLUMNS = "cycle_id, indicator_id, dimension, key"


def _rollup_source(rows: str) -> str:
    """Grouped contributions to ``ResultRollup`` of ``ResultTotal`` rows (with a ``sign``)."""
    sums = ", ".join(f"sum(sign * r.{c}) AS {c}" for c in COUNTERS)
    return f"""
        SELECT r.cycle_id, r.indicator_id, d.dimension, d.key, {sums}
          FROM ({rows}) r
          CROSS JOIN LATERAL (VALUES ('', ''), ('kind', r.kind), ('ecosystem', r.ecosystem),
                                     ('country', r.country)) d (dimension, key)
         GROUP BY 1, 2, 3, 4
    """


def _result_total_changed() -> str:
    branches = []
    for op, rows in {
        "INSERT": "SELECT 1 AS sign, * FROM new_rows",
        "DELETE": "SELECT -1 AS sign, * FROM old_rows",
        "UPDATE": "SELECT -1 AS sign, * FROM old_rows UNION ALL SELECT 1, * FROM new_rows",
    }.items():
        source = _rollup_source(rows)
        branches.append(
            f"IF TG_OP = '{op}' THEN {_upsert(RESULT_ROLLUP, ROLLUP_KEY_COLUMNS, source)} END IF;"
        )
    return "\n".join(branches)


def function_sql(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{body}\nRETURN NULL;\nEND $$;"
    )


def statement_triggers_sql(
    table: str, function: str, events: tuple[str, ...], prefix: str = "pact_summary"
) -> str:
    """``function`` after each of ``events`` on ``table``, once per statement; ``prefix`` names
    the triggers (a table may carry several families of them)."""
    statements = []
    for event in events:
        name = f"{prefix}_{event.lower()}"
        referencing = {
            "INSERT": "NEW TABLE AS new_rows",
            "DELETE": "OLD TABLE AS old_rows",
            "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        }[event]
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table};")
        statements.append(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
        )
    return "\n".join(statements)


# (table, function, body, events)
TRIGGERS = [
    (REPORT, "pact_summary_report", _report_changed(), ("INSERT", "UPDATE", "DELETE")),
    (PARTNERSHIP, "pact_summary_partnership", _partnership_changed(), ("UPDATE",)),
    (ORGANISATION, "pact_summary_organisation", _organisation_changed(), ("UPDATE",)),
    (TARGET, "pact_summary_target", _target_changed(), ("UPDATE",)),
    (COMMITMENT, "pact_summary_commitment", _commitment_changed(), ("UPDATE",)),
    # The roll-ups follow the totals they add up (a trigger on the summary itself).
    (
        RESULT_TOTAL,
        "pact_summary_result_total",
        _result_total_changed(),
        ("INSERT", "UPDATE", "DELETE"),
    ),
]


def install_sql() -> str:
    """Functions and triggers, then the tables filled from the data (safe to run again)."""
    parts = [
        function_sql(f, body) + "\n" + statement_triggers_sql(t, f, ev)
        for t, f, body, ev in TRIGGERS
    ]
    parts.append(
        f"""CREATE OR REPLACE FUNCTION pact_summary_truncated() RETURNS trigger LANGUAGE plpgsql
        AS $$ BEGIN DELETE FROM {TARGET_TOTAL}; DELETE FROM {RESULT_TOTAL}; RETURN NULL; END $$;
        DROP TRIGGER IF EXISTS pact_summary_truncate ON {REPORT};
        CREATE TRIGGER pact_summary_truncate AFTER TRUNCATE ON {REPORT}
        FOR EACH STATEMENT EXECUTE FUNCTION pact_summary_truncated();"""
    )
    parts.append(rebuild_sql())
    return "\n".join(parts)


def removal_sql(triggers: list, prefix: str = "pact_summary") -> str:
    """Drop the triggers and functions of ``triggers`` ((table, function, body, events) rows)."""
    parts = []
    for table, function, _body, events in triggers:
        for event in events:
            parts.append(f"DROP TRIGGER IF EXISTS {prefix}_{event.lower()} ON {table};")
        parts.append(f"DROP FUNCTION IF EXISTS {function}();")
    return "\n".join(parts)


def remove_sql() -> str:
    return removal_sql(TRIGGERS) + (
        f"\nDROP TRIGGER IF EXISTS pact_summary_truncate ON {REPORT};"
        "\nDROP FUNCTION IF EXISTS pact_summary_truncated();"
    )


def target_totals_sql() -> str:
    """``TargetTotal`` rows derived from the reports alone (what ``recompute`` compares with)."""
    return f"""
        SELECT r.target_id, r.cycle_id, {CONTRIBUTION}
          FROM (SELECT 1 AS sign, * FROM {REPORT} WHERE status = 'validated') r
         GROUP BY 1, 2
    """


def result_totals_sql() -> str:
    """``ResultTotal`` rows derived from the reports and their dimensions alone."""
    return _result_source(f"SELECT 1 AS sign, * FROM {REPORT}")


def rollup_sql() -> str:
    """``ResultRollup`` rows derived from the reports (through ``result_totals_sql``)."""
    return _rollup_source(f"SELECT 1 AS sign, * FROM ({result_totals_sql()}) t")


def rebuild_sql() -> str:
    """Empty the tables and fill them from the data (the migration; a repair after a restore).
    The roll-ups follow ``ResultTotal`` through its trigger."""
    columns = ", ".join(COUNTERS)
    return f"""
        DELETE FROM {TARGET_TOTAL};
        INSERT INTO {TARGET_TOTAL} (target_id, cycle_id, {columns})
        SELECT target_id, cycle_id, {columns} FROM ({target_totals_sql()}) d;
        DELETE FROM {RESULT_TOTAL};
        DELETE FROM {RESULT_ROLLUP};
        INSERT INTO {RESULT_TOTAL} ({RESULT_KEY_COLUMNS}, {columns})
        SELECT {RESULT_KEY_COLUMNS}, {columns} FROM ({result_totals_sql()}) d;
    """
