"""Applications waiting at the upgrade get the duplicate flag that new ones get on applying
(their page showed possible duplicates computed on each view before): approval then waits for
staff as it does for later applications."""

from django.db import migrations


def flag_waiting_applications(apps, schema_editor):
    from members.duplicates.matching import candidates

    Organisation = apps.get_model("members", "Organisation")
    DuplicateFlag = apps.get_model("members", "DuplicateFlag")
    others = list(
        Organisation.objects.exclude(status="merged").only(
            "pk", "name", "acronym", "country", "website"
        )
    )
    for organisation in Organisation.objects.filter(status="applied"):
        found = candidates(
            {
                "name": organisation.name,
                "acronym": organisation.acronym,
                "country": str(organisation.country or ""),
                "website": organisation.website,
            },
            [o for o in others if o.pk != organisation.pk],
            limit=20,
        )
        for match in found:
            DuplicateFlag.objects.get_or_create(
                organisation_id=organisation.pk,
                similar_organisation_id=match["pk"],
                resolved_at=None,
                defaults={"why": match["why"], "source": "application"},
            )


class Migration(migrations.Migration):
    dependencies = [("members", "0008_duplicate_flag")]
    operations = [migrations.RunPython(flag_waiting_applications, migrations.RunPython.noop)]
