"""The audit log is append-only in the database itself, whatever code or SQL tries otherwise."""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION pact_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'pact_auditentry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER pact_audit_no_update_delete
    BEFORE UPDATE OR DELETE ON pact_auditentry
    FOR EACH ROW EXECUTE FUNCTION pact_audit_append_only();

CREATE TRIGGER pact_audit_no_truncate
    BEFORE TRUNCATE ON pact_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION pact_audit_append_only();
"""

REVERSE = """
DROP TRIGGER IF EXISTS pact_audit_no_truncate ON pact_auditentry;
DROP TRIGGER IF EXISTS pact_audit_no_update_delete ON pact_auditentry;
DROP FUNCTION IF EXISTS pact_audit_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("pact", "0001_initial")]
    operations = [migrations.RunSQL(SQL, REVERSE)]
