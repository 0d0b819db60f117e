"""Submitted declaration versions are immutable in the database itself, not only in the services.

Triggers refuse any change of the text of a version that has left the draft state, any status
change that is not a step of the review workflow, and any change of the commitments and targets
that belong to such a version. Marking commitments current or not (``is_current``) stays allowed.
"""

from django.db import migrations

SQL = r"""
CREATE OR REPLACE FUNCTION pact_declaration_version_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.status <> 'draft' AND (
        NEW.language IS DISTINCT FROM OLD.language
        OR NEW.challenges IS DISTINCT FROM OLD.challenges
        OR NEW.objectives IS DISTINCT FROM OLD.objectives
        OR NEW.ambition IS DISTINCT FROM OLD.ambition
        OR NEW.governance_coordination IS DISTINCT FROM OLD.governance_coordination
        OR NEW.governance_decision_making IS DISTINCT FROM OLD.governance_decision_making
        OR NEW.governance_monitoring IS DISTINCT FROM OLD.governance_monitoring
        OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
        OR NEW.number IS DISTINCT FROM OLD.number
        OR NEW.partnership_id IS DISTINCT FROM OLD.partnership_id
    ) THEN
        RAISE EXCEPTION 'declaration version % is % and its content cannot change', OLD.id, OLD.status
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
        (OLD.status = 'draft' AND NEW.status = 'submitted')
        OR (OLD.status = 'submitted' AND NEW.status = 'in_review')
        OR (OLD.status IN ('submitted', 'in_review')
            AND NEW.status IN ('changes_requested', 'approved', 'rejected'))
        OR (OLD.status = 'approved' AND NEW.status = 'superseded')
    ) THEN
        RAISE EXCEPTION 'declaration version % cannot go from % to %', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER pact_declaration_version_frozen
    BEFORE UPDATE ON partnerships_declarationversion
    FOR EACH ROW EXECUTE FUNCTION pact_declaration_version_frozen();

CREATE OR REPLACE FUNCTION pact_declaration_version_status(version_id bigint) RETURNS text AS $$
    SELECT status FROM partnerships_declarationversion WHERE id = version_id;
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION pact_declaration_commitment_frozen() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.declaration_version_id IS NOT NULL
        AND pact_declaration_version_status(OLD.declaration_version_id) <> 'draft'
        AND (
            NEW.title IS DISTINCT FROM OLD.title
            OR NEW.description IS DISTINCT FROM OLD.description
            OR NEW.position IS DISTINCT FROM OLD.position
            OR NEW.uid IS DISTINCT FROM OLD.uid
            OR NEW.declaration_version_id IS DISTINCT FROM OLD.declaration_version_id
            OR NEW.partnership_id IS DISTINCT FROM OLD.partnership_id
        ) THEN
        RAISE EXCEPTION 'commitment % belongs to a submitted declaration version', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'INSERT' AND NEW.declaration_version_id IS NOT NULL
        AND pact_declaration_version_status(NEW.declaration_version_id) <> 'draft' THEN
        RAISE EXCEPTION 'a submitted declaration version cannot get new commitments'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER pact_declaration_commitment_frozen
    BEFORE INSERT OR UPDATE ON commitments_commitment
    FOR EACH ROW EXECUTE FUNCTION pact_declaration_commitment_frozen();

CREATE OR REPLACE FUNCTION pact_declaration_target_frozen() RETURNS trigger AS $$
DECLARE
    version_id bigint;
BEGIN
    SELECT declaration_version_id INTO version_id FROM commitments_commitment
        WHERE id = NEW.commitment_id;
    IF version_id IS NULL OR pact_declaration_version_status(version_id) = 'draft' THEN
        IF TG_OP = 'UPDATE' AND NEW.commitment_id IS DISTINCT FROM OLD.commitment_id THEN
            SELECT declaration_version_id INTO version_id FROM commitments_commitment
                WHERE id = OLD.commitment_id;
            IF version_id IS NULL OR pact_declaration_version_status(version_id) = 'draft' THEN
                RETURN NEW;
            END IF;
        ELSE
            RETURN NEW;
        END IF;
    END IF;
    IF TG_OP = 'INSERT' OR (
        NEW.indicator_id IS DISTINCT FROM OLD.indicator_id
        OR NEW.unit IS DISTINCT FROM OLD.unit
        OR NEW.baseline IS DISTINCT FROM OLD.baseline
        OR NEW.target_value IS DISTINCT FROM OLD.target_value
        OR NEW.target_date IS DISTINCT FROM OLD.target_date
        OR NEW.description IS DISTINCT FROM OLD.description
        OR NEW.position IS DISTINCT FROM OLD.position
        OR NEW.uid IS DISTINCT FROM OLD.uid
        OR NEW.commitment_id IS DISTINCT FROM OLD.commitment_id
    ) THEN
        RAISE EXCEPTION 'targets of a submitted declaration version cannot change'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER pact_declaration_target_frozen
    BEFORE INSERT OR UPDATE ON commitments_target
    FOR EACH ROW EXECUTE FUNCTION pact_declaration_target_frozen();
"""

REVERSE = """
DROP TRIGGER IF EXISTS pact_declaration_target_frozen ON commitments_target;
DROP FUNCTION IF EXISTS pact_declaration_target_frozen();
DROP TRIGGER IF EXISTS pact_declaration_commitment_frozen ON commitments_commitment;
DROP FUNCTION IF EXISTS pact_declaration_commitment_frozen();
DROP FUNCTION IF EXISTS pact_declaration_version_status(bigint);
DROP TRIGGER IF EXISTS pact_declaration_version_frozen ON partnerships_declarationversion;
DROP FUNCTION IF EXISTS pact_declaration_version_frozen();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0003_declaration_review_and_signatures"),
        ("commitments", "0002_initial"),
    ]
    operations = [migrations.RunSQL(SQL, REVERSE)]
