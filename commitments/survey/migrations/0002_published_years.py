"""The Pact's published totals for 2022 and 2023, as past survey years with their source."""

from django.db import migrations


def load(apps, schema_editor):
    from commitments.survey.published import load_published_years

    load_published_years(
        apps.get_model("survey", "Survey"),
        apps.get_model("survey", "PublishedTotal"),
        apps.get_model("commitments", "Indicator"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("survey", "0001_initial"),
        ("commitments", "0005_indicator_texts_per_language"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
