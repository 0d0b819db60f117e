"""The public counts' triggers on reports, targets and commitments fire once per statement.

Row-level triggers ran a lookup and an upsert for each row: seeding a million reports with COPY
queued a million after-row events and had not finished after ten minutes, and a bulk review of a
thousand reports made a thousand upserts on the same few counter rows. These triggers read the
statement's transition tables and add one grouped delta per key, as the summaries' triggers do.

A statement changes one table, the others being as they are; so "was this row public" and "is it
public now" are both asked of the current owners, with the row's old and new columns. The owners'
own triggers (a partnership published, an organisation suspended) stay per row: they are rare and
move whole sets in one query already.
"""

from django.db import migrations

HELPER = r"""
-- Whether a report on a target of commitment (partnership, organisation, review, current) counts.
CREATE OR REPLACE FUNCTION pact_reports_public(partnership bigint, organisation bigint,
                                               review text, current boolean)
RETURNS boolean AS $$
  SELECT pact_owner_public(partnership, organisation, review)
         AND (partnership IS NOT NULL OR current)
$$ LANGUAGE sql STABLE;

"""

# One function per table and event, from these bodies: {old} and {new} are the statement's
# transition tables, or an empty set of the same rows where the event has none.
BODIES = r"""
CREATE OR REPLACE FUNCTION pact_public_count_reports_stmt() RETURNS trigger AS $$
BEGIN
  WITH changed AS (
    SELECT r.cycle_id, -1 AS d, r.target_id FROM {old} r
     WHERE r.status = 'validated'
    UNION ALL
    SELECT r.cycle_id, 1 AS d, r.target_id FROM {new} r
     WHERE r.status = 'validated'
  ), deltas AS (
    SELECT ch.cycle_id, sum(ch.d) AS n FROM changed ch
      JOIN commitments_target t ON t.id = ch.target_id
      JOIN commitments_commitment c ON c.id = t.commitment_id
     WHERE pact_reports_public(c.partnership_id, c.organisation_id, c.review, c.is_current)
     GROUP BY ch.cycle_id
  )
  INSERT INTO commitments_publiccount AS s (kind, cycle_id, n)
  SELECT 'reports', cycle_id, n FROM deltas WHERE n <> 0 ORDER BY cycle_id
  ON CONFLICT (kind, cycle_id) DO UPDATE SET n = s.n + EXCLUDED.n;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

-- Targets: the count of public targets, and the reports of a target moved to a commitment whose
-- reports count differently.
CREATE OR REPLACE FUNCTION pact_public_count_targets_stmt() RETURNS trigger AS $$
BEGIN
  WITH targets AS (
    SELECT -1 AS d FROM {old} t JOIN commitments_commitment c ON c.id = t.commitment_id
     WHERE c.is_current
       AND pact_owner_public(c.partnership_id, c.organisation_id, c.review)
    UNION ALL
    SELECT 1 AS d FROM {new} t JOIN commitments_commitment c ON c.id = t.commitment_id
     WHERE c.is_current
       AND pact_owner_public(c.partnership_id, c.organisation_id, c.review)
  ), moved AS (
    SELECT n.id, CASE WHEN pact_reports_public(nc.partnership_id, nc.organisation_id,
                                               nc.review, nc.is_current)
                      THEN 1 ELSE -1 END AS d
      FROM {old} o JOIN {new} n ON n.id = o.id
      JOIN commitments_commitment oc ON oc.id = o.commitment_id
      JOIN commitments_commitment nc ON nc.id = n.commitment_id
     WHERE n.commitment_id <> o.commitment_id
       AND pact_reports_public(oc.partnership_id, oc.organisation_id, oc.review, oc.is_current)
           <> pact_reports_public(nc.partnership_id, nc.organisation_id, nc.review, nc.is_current)
  ), deltas AS (
    SELECT 'targets' AS kind, 0::bigint AS cycle_id, sum(d) AS n FROM targets
    UNION ALL
    SELECT 'reports', pr.cycle_id, sum(m.d) FROM moved m
      JOIN commitments_progressreport pr ON pr.target_id = m.id AND pr.status = 'validated'
     GROUP BY pr.cycle_id
  )
  INSERT INTO commitments_publiccount AS s (kind, cycle_id, n)
  SELECT kind, cycle_id, n FROM deltas WHERE n <> 0 ORDER BY kind, cycle_id
  ON CONFLICT (kind, cycle_id) DO UPDATE SET n = s.n + EXCLUDED.n;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

-- Commitments: public commitments and their targets, and their reports, from the old and new
-- columns of each changed commitment.
CREATE OR REPLACE FUNCTION pact_public_count_commitments_stmt() RETURNS trigger AS $$
BEGIN
  WITH moves AS (
    SELECT id, sum(c) AS c, sum(r) AS r FROM (
      SELECT o.id,
             -(o.is_current AND pact_owner_public(o.partnership_id, o.organisation_id,
                                                  o.review))::int,
             -pact_reports_public(o.partnership_id, o.organisation_id, o.review,
                                  o.is_current)::int
        FROM {old} o
      UNION ALL
      SELECT n.id,
             (n.is_current AND pact_owner_public(n.partnership_id, n.organisation_id,
                                                 n.review))::int,
             pact_reports_public(n.partnership_id, n.organisation_id, n.review,
                                 n.is_current)::int
        FROM {new} n
    ) x (id, c, r) GROUP BY id HAVING sum(c) <> 0 OR sum(r) <> 0
  ), deltas AS (
    SELECT 'commitments' AS kind, 0::bigint AS cycle_id, sum(c) AS n FROM moves
    UNION ALL
    SELECT 'targets', 0, sum(m.c) FROM moves m
      JOIN commitments_target t ON t.commitment_id = m.id WHERE m.c <> 0
    UNION ALL
    SELECT 'reports', pr.cycle_id, sum(m.r) FROM moves m
      JOIN commitments_target t ON t.commitment_id = m.id
      JOIN commitments_progressreport pr ON pr.target_id = t.id AND pr.status = 'validated'
     WHERE m.r <> 0 GROUP BY pr.cycle_id
  )
  INSERT INTO commitments_publiccount AS s (kind, cycle_id, n)
  SELECT kind, cycle_id, n FROM deltas WHERE n <> 0 ORDER BY kind, cycle_id
  ON CONFLICT (kind, cycle_id) DO UPDATE SET n = s.n + EXCLUDED.n;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
"""

ROW_TRIGGERS = r"""
DROP TRIGGER IF EXISTS pact_public_count_ins ON commitments_progressreport;
DROP TRIGGER IF EXISTS pact_public_count_upd ON commitments_progressreport;
DROP TRIGGER IF EXISTS pact_public_count_del ON commitments_progressreport;
DROP TRIGGER IF EXISTS pact_public_count ON commitments_target;
DROP TRIGGER IF EXISTS pact_public_count ON commitments_commitment;
"""


EVENTS = (
    ("ins", "INSERT", "NEW TABLE AS new_rows", "(SELECT * FROM new_rows LIMIT 0)", "new_rows"),
    ("upd", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows", "old_rows", "new_rows"),
    ("del", "DELETE", "OLD TABLE AS old_rows", "old_rows", "(SELECT * FROM old_rows LIMIT 0)"),
)
TABLES = {
    "reports": "commitments_progressreport",
    "targets": "commitments_target",
    "commitments": "commitments_commitment",
}


def _functions_and_triggers() -> str:
    sql = []
    for suffix, event, referencing, old, new in EVENTS:
        bodies = BODIES.replace("{old}", old).replace("{new}", new)
        sql.append(bodies.replace("_stmt()", f"_{suffix}()"))
        for kind, table in TABLES.items():
            sql.append(
                f"CREATE TRIGGER pact_public_count_{suffix} AFTER {event} ON {table} "
                f"REFERENCING {referencing} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION pact_public_count_{kind}_{suffix}();\n"
            )
    return "\n".join(sql)


DROP_STATEMENT_TRIGGERS = (
    "".join(
        f"DROP TRIGGER IF EXISTS pact_public_count_{suffix} ON {table};\n"
        f"DROP FUNCTION IF EXISTS pact_public_count_{kind}_{suffix}();\n"
        for kind, table in TABLES.items()
        for suffix, *_ in EVENTS
    )
    + "DROP FUNCTION IF EXISTS pact_reports_public(bigint, bigint, text, boolean);\n"
)

# Going back re-creates the row triggers of 0012, whose functions are still there.
ROW_TRIGGERS_BACK = r"""
CREATE TRIGGER pact_public_count_ins AFTER INSERT ON commitments_progressreport
  FOR EACH ROW WHEN (NEW.status = 'validated') EXECUTE FUNCTION pact_public_count_report();
CREATE TRIGGER pact_public_count_upd AFTER UPDATE OF status, target_id, cycle_id
  ON commitments_progressreport FOR EACH ROW
  WHEN (OLD.status = 'validated' OR NEW.status = 'validated')
  EXECUTE FUNCTION pact_public_count_report();
CREATE TRIGGER pact_public_count_del AFTER DELETE ON commitments_progressreport
  FOR EACH ROW WHEN (OLD.status = 'validated') EXECUTE FUNCTION pact_public_count_report();
CREATE TRIGGER pact_public_count AFTER INSERT OR DELETE OR UPDATE OF commitment_id
  ON commitments_target FOR EACH ROW EXECUTE FUNCTION pact_public_count_target();
CREATE TRIGGER pact_public_count
  AFTER INSERT OR DELETE OR UPDATE OF is_current, partnership_id, organisation_id, review
  ON commitments_commitment FOR EACH ROW EXECUTE FUNCTION pact_public_count_commitment();
"""


class Migration(migrations.Migration):
    dependencies = [("commitments", "0013_list_indexes")]

    operations = [
        migrations.RunSQL(
            ROW_TRIGGERS + HELPER + _functions_and_triggers(),
            DROP_STATEMENT_TRIGGERS + ROW_TRIGGERS_BACK,
        ),
    ]
