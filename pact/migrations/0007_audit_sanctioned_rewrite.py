"""The audit log stays append-only, with one sanctioned way to rewrite old rows (DESIGN.md §9).

An UPDATE passes the trigger only when the session has set ``pact.audit_rewrite`` to ``on`` *and*
runs as the role that owns the table (or a member of it). Anyone may set a custom setting, so the
owner check is what makes it the owner's: the application role, which owns nothing, is refused
even with the setting on. DELETE and TRUNCATE stay refused for everyone. Migrations that rewrite
rows run as the owner, set the setting for their own transaction (``SET LOCAL``) and record
themselves in the log.
"""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION pact_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND current_setting('pact.audit_rewrite', true) = 'on'
       AND pg_has_role(
           current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER'
       ) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'pact_auditentry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

REVERSE = """
CREATE OR REPLACE FUNCTION pact_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'pact_auditentry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("pact", "0006_api_token_expiry")]
    operations = [migrations.RunSQL(SQL, REVERSE)]
