"""The KPI catalogue's names and definitions move from plain dicts per language onto texts per
language (pact.kernel.texts): English originals with their translations; nothing else changes."""

import pact.kernel.texts
from django.db import migrations


def to_localised(apps, schema_editor):
    Indicator = apps.get_model("commitments", "Indicator")
    if "name_i18n" not in {f.name for f in Indicator._meta.get_fields()}:
        return  # run again on today's model (after a flush): nothing left to convert
    for indicator in Indicator.objects.all():
        names = {k: v for k, v in (indicator.name_i18n or {}).items() if v}
        definitions = {k: v for k, v in (indicator.definition_i18n or {}).items() if v}
        original = "en" if "en" in names else next(iter(sorted(names)), "en")
        indicator.names = {"language": original, "texts": names or {"en": indicator.code}}
        indicator.definitions = (
            {"language": "en" if "en" in definitions else next(iter(sorted(definitions))), "texts": definitions}
            if definitions
            else None
        )
        indicator.save(update_fields=["names", "definitions"])


def to_dicts(apps, schema_editor):
    Indicator = apps.get_model("commitments", "Indicator")
    for indicator in Indicator.objects.all():
        indicator.name_i18n = indicator.names.texts if indicator.names else {}
        indicator.definition_i18n = indicator.definitions.texts if indicator.definitions else {}
        indicator.save(update_fields=["name_i18n", "definition_i18n"])


class Migration(migrations.Migration):
    dependencies = [("commitments", "0004_reporting_workflow")]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="names",
            field=pact.kernel.texts.LocalisedTextField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="indicator",
            name="definitions",
            field=pact.kernel.texts.LocalisedTextField(
                blank=True, multiline=True, null=True, verbose_name="definition"
            ),
        ),
        migrations.RunPython(to_localised, to_dicts),
        # The rows just written fire the public data version's deferred triggers (installed on a
        # database migrated before): run them now, or PostgreSQL refuses to alter the table.
        migrations.RunSQL("SET CONSTRAINTS ALL IMMEDIATE", "SET CONSTRAINTS ALL IMMEDIATE"),
        migrations.RemoveField(model_name="indicator", name="name_i18n"),
        migrations.RemoveField(model_name="indicator", name="definition_i18n"),
        migrations.AlterField(
            model_name="indicator",
            name="names",
            field=pact.kernel.texts.LocalisedTextField(max_length=200, verbose_name="name"),
        ),
    ]
