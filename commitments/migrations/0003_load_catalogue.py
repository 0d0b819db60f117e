from django.db import migrations


def load(apps, schema_editor):
    from commitments.catalogue import sync_catalogue

    sync_catalogue(apps.get_model("commitments", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("commitments", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
