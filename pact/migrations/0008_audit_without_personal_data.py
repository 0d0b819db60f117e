"""Old audit rows lose the personal data they held (DESIGN.md §9): addresses become their keyed
hash, people named as targets become their key (``user #<id>``), person-naming keys are dropped.

Runs as the owner role through the sanctioned path of 0007 (``SET LOCAL pact.audit_rewrite``), in
the migration's own transaction, and records itself in the log with the number of rows rewritten.
Not reversible in substance (the removed data is gone); going back leaves the rows as they are.
"""

from django.db import migrations

from pact.kernel.audit import without_personal_data

MIGRATION = "pact.0008_audit_without_personal_data"


def _label(entry) -> str:
    label = entry.target_label
    if entry.target_type == "pact.user":
        return f"user #{entry.target_id}"
    if entry.target_type == "members.organisationmembership" and " @ " in label:
        return f"membership #{entry.target_id} @ {label.split(' @ ', 1)[1]}"
    if entry.target_type == "members.organisationinvitation" and " -> " in label:
        return f"invitation #{entry.target_id} -> {label.split(' -> ', 1)[1]}"
    return without_personal_data(label)[:300]


def forwards(apps, schema_editor):
    AuditEntry = apps.get_model("pact", "AuditEntry")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SET LOCAL pact.audit_rewrite = 'on'")
    changed = []
    for entry in AuditEntry.objects.order_by("pk").iterator(chunk_size=2000):
        label, data = _label(entry), without_personal_data(entry.data)
        if label != entry.target_label or data != entry.data:
            entry.target_label, entry.data = label, data
            changed.append(entry)
    for start in range(0, len(changed), 500):
        AuditEntry.objects.bulk_update(changed[start : start + 500], ["target_label", "data"])
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SET LOCAL pact.audit_rewrite = 'off'")
    AuditEntry.objects.create(
        kind="pact.audit.personal_data_removed",
        target_type="",
        target_id="",
        target_label="",
        data={"migration": MIGRATION, "rows": len(changed)},
    )


class Migration(migrations.Migration):
    dependencies = [("pact", "0007_audit_sanctioned_rewrite")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
