from django.db import migrations


def load(apps, schema_editor):
    from pact.kernel.regions import nuts_rows

    Region = apps.get_model("pact", "Region")
    Region.objects.bulk_create(
        [Region(code=c, name=n, level=lv, country=cc) for c, n, lv, cc in nuts_rows()], ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [("pact", "0002_audit_append_only")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
