"""Public counts kept by triggers: how many reports (per cycle), commitments and targets are public,
so the API's lists count them without counting a million rows.

What "public" means here is ``ProgressReport.objects.public()`` and ``Commitment.objects.public()``
(targets: of public commitments); ``tests/commitments/test_public_counts.py`` checks the counts
against them after each change that moves rows in or out.
"""

from django.db import migrations, models

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION pact_public_count_add(k text, cycle bigint, d bigint) RETURNS void AS $$
BEGIN
  IF d <> 0 THEN
    INSERT INTO commitments_publiccount (kind, cycle_id, n) VALUES (k, cycle, d)
    ON CONFLICT (kind, cycle_id) DO UPDATE SET n = commitments_publiccount.n + EXCLUDED.n;
  END IF;
END $$ LANGUAGE plpgsql;

-- Whether the owner of a commitment is public: its partnership, or for a pledge staff approved it
-- and its organisation is active.
CREATE OR REPLACE FUNCTION pact_owner_public(partnership bigint, organisation bigint, review text)
RETURNS boolean AS $$
  SELECT CASE WHEN partnership IS NOT NULL THEN EXISTS (
      SELECT 1 FROM partnerships_partnership p
      WHERE p.id = partnership AND p.status IN ('active', 'closed'))
    ELSE review = 'approved' AND EXISTS (
      SELECT 1 FROM members_organisation o WHERE o.id = organisation AND o.status = 'active')
  END
$$ LANGUAGE sql STABLE;

-- Add d times the validated reports of the targets of commitment c (or of one target), per cycle.
CREATE OR REPLACE FUNCTION pact_public_count_reports(c bigint, tgt bigint, d integer)
RETURNS void AS $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT pr.cycle_id, count(*) AS n FROM commitments_progressreport pr
    JOIN commitments_target t ON t.id = pr.target_id
    WHERE pr.status = 'validated' AND (t.id = tgt OR (tgt IS NULL AND t.commitment_id = c))
    GROUP BY pr.cycle_id
  LOOP
    PERFORM pact_public_count_add('reports', r.cycle_id, d * r.n);
  END LOOP;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION pact_public_count_report() RETURNS trigger AS $$
DECLARE was boolean := false; now_public boolean := false;
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.status = 'validated' THEN
    SELECT pact_owner_public(c.partnership_id, c.organisation_id, c.review)
           AND (c.partnership_id IS NOT NULL OR c.is_current)
      INTO was
      FROM commitments_target t JOIN commitments_commitment c ON c.id = t.commitment_id
     WHERE t.id = OLD.target_id;
    IF was THEN PERFORM pact_public_count_add('reports', OLD.cycle_id, -1); END IF;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.status = 'validated' THEN
    SELECT pact_owner_public(c.partnership_id, c.organisation_id, c.review)
           AND (c.partnership_id IS NOT NULL OR c.is_current)
      INTO now_public
      FROM commitments_target t JOIN commitments_commitment c ON c.id = t.commitment_id
     WHERE t.id = NEW.target_id;
    IF now_public THEN PERFORM pact_public_count_add('reports', NEW.cycle_id, 1); END IF;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION pact_public_count_target() RETURNS trigger AS $$
DECLARE
  old_c boolean := false; new_c boolean := false; old_r boolean := false; new_r boolean := false;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    SELECT c.is_current AND pact_owner_public(c.partnership_id, c.organisation_id, c.review),
           pact_owner_public(c.partnership_id, c.organisation_id, c.review)
           AND (c.partnership_id IS NOT NULL OR c.is_current)
      INTO old_c, old_r FROM commitments_commitment c WHERE c.id = OLD.commitment_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT c.is_current AND pact_owner_public(c.partnership_id, c.organisation_id, c.review),
           pact_owner_public(c.partnership_id, c.organisation_id, c.review)
           AND (c.partnership_id IS NOT NULL OR c.is_current)
      INTO new_c, new_r FROM commitments_commitment c WHERE c.id = NEW.commitment_id;
  END IF;
  PERFORM pact_public_count_add('targets', 0,
    (CASE WHEN coalesce(new_c, false) THEN 1 ELSE 0 END)
    - (CASE WHEN coalesce(old_c, false) THEN 1 ELSE 0 END));
  IF TG_OP = 'UPDATE' AND coalesce(old_r, false) <> coalesce(new_r, false) THEN
    PERFORM pact_public_count_reports(NULL, NEW.id, CASE WHEN new_r THEN 1 ELSE -1 END);
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION pact_public_count_commitment() RETURNS trigger AS $$
DECLARE
  old_c boolean := false; new_c boolean := false; old_r boolean := false; new_r boolean := false;
  id_ bigint; d integer;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    old_c := OLD.is_current AND pact_owner_public(OLD.partnership_id, OLD.organisation_id, OLD.review);
    old_r := pact_owner_public(OLD.partnership_id, OLD.organisation_id, OLD.review)
             AND (OLD.partnership_id IS NOT NULL OR OLD.is_current);
    id_ := OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    new_c := NEW.is_current AND pact_owner_public(NEW.partnership_id, NEW.organisation_id, NEW.review);
    new_r := pact_owner_public(NEW.partnership_id, NEW.organisation_id, NEW.review)
             AND (NEW.partnership_id IS NOT NULL OR NEW.is_current);
    id_ := NEW.id;
  END IF;
  IF old_c <> new_c THEN
    d := CASE WHEN new_c THEN 1 ELSE -1 END;
    PERFORM pact_public_count_add('commitments', 0, d);
    PERFORM pact_public_count_add('targets', 0,
      d * (SELECT count(*) FROM commitments_target t WHERE t.commitment_id = id_));
  END IF;
  IF old_r <> new_r THEN
    PERFORM pact_public_count_reports(id_, NULL, CASE WHEN new_r THEN 1 ELSE -1 END);
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

-- A partnership or organisation becoming public or not moves all it owns in or out.
CREATE OR REPLACE FUNCTION pact_public_count_owner() RETURNS trigger AS $$
DECLARE d integer; c record; is_partnership boolean := TG_TABLE_NAME = 'partnerships_partnership';
BEGIN
  IF is_partnership THEN
    IF (OLD.status IN ('active', 'closed')) = (NEW.status IN ('active', 'closed')) THEN
      RETURN NULL;
    END IF;
    d := CASE WHEN NEW.status IN ('active', 'closed') THEN 1 ELSE -1 END;
  ELSE
    IF (OLD.status = 'active') = (NEW.status = 'active') THEN RETURN NULL; END IF;
    d := CASE WHEN NEW.status = 'active' THEN 1 ELSE -1 END;
  END IF;
  FOR c IN
    SELECT cm.id, cm.is_current FROM commitments_commitment cm
    WHERE (is_partnership AND cm.partnership_id = NEW.id)
       OR (NOT is_partnership AND cm.partnership_id IS NULL AND cm.organisation_id = NEW.id
           AND cm.review = 'approved')
  LOOP
    IF c.is_current THEN
      PERFORM pact_public_count_add('commitments', 0, d);
      PERFORM pact_public_count_add('targets', 0,
        d * (SELECT count(*) FROM commitments_target t WHERE t.commitment_id = c.id));
    END IF;
    IF is_partnership OR c.is_current THEN
      PERFORM pact_public_count_reports(c.id, NULL, d);
    END IF;
  END LOOP;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
"""

TRIGGERS = r"""
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
CREATE TRIGGER pact_public_count AFTER UPDATE OF status ON partnerships_partnership
  FOR EACH ROW EXECUTE FUNCTION pact_public_count_owner();
CREATE TRIGGER pact_public_count AFTER UPDATE OF status ON members_organisation
  FOR EACH ROW EXECUTE FUNCTION pact_public_count_owner();
"""

# The counts of the rows already there, from the same definitions.
FILL = r"""
DELETE FROM commitments_publiccount;
INSERT INTO commitments_publiccount (kind, cycle_id, n)
SELECT 'reports', pr.cycle_id, count(*) FROM commitments_progressreport pr
JOIN commitments_target t ON t.id = pr.target_id
JOIN commitments_commitment c ON c.id = t.commitment_id
WHERE pr.status = 'validated' AND pact_owner_public(c.partnership_id, c.organisation_id, c.review)
  AND (c.partnership_id IS NOT NULL OR c.is_current)
GROUP BY pr.cycle_id;
INSERT INTO commitments_publiccount (kind, cycle_id, n)
SELECT 'commitments', 0, count(*) FROM commitments_commitment c
WHERE c.is_current AND pact_owner_public(c.partnership_id, c.organisation_id, c.review);
INSERT INTO commitments_publiccount (kind, cycle_id, n)
SELECT 'targets', 0, count(*) FROM commitments_target t
JOIN commitments_commitment c ON c.id = t.commitment_id
WHERE c.is_current AND pact_owner_public(c.partnership_id, c.organisation_id, c.review);
"""

DROP = r"""
DROP TRIGGER IF EXISTS pact_public_count_ins ON commitments_progressreport;
DROP TRIGGER IF EXISTS pact_public_count_upd ON commitments_progressreport;
DROP TRIGGER IF EXISTS pact_public_count_del ON commitments_progressreport;
DROP TRIGGER IF EXISTS pact_public_count ON commitments_target;
DROP TRIGGER IF EXISTS pact_public_count ON commitments_commitment;
DROP TRIGGER IF EXISTS pact_public_count ON partnerships_partnership;
DROP TRIGGER IF EXISTS pact_public_count ON members_organisation;
DROP FUNCTION IF EXISTS pact_public_count_owner();
DROP FUNCTION IF EXISTS pact_public_count_commitment();
DROP FUNCTION IF EXISTS pact_public_count_target();
DROP FUNCTION IF EXISTS pact_public_count_report();
DROP FUNCTION IF EXISTS pact_public_count_reports(bigint, bigint, integer);
DROP FUNCTION IF EXISTS pact_owner_public(bigint, bigint, text);
DROP FUNCTION IF EXISTS pact_public_count_add(text, bigint, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0011_summaries"),
        ("members", "0009_flag_pending_applications"),
        ("partnerships", "0009_duplicate_flag"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublicCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=16)),
                ("cycle_id", models.BigIntegerField(default=0)),
                ("n", models.BigIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "cycle_id"), name="one_public_count_per_kind"
                    )
                ],
            },
        ),
        migrations.RunSQL(FUNCTIONS + TRIGGERS + FILL, DROP),
    ]
