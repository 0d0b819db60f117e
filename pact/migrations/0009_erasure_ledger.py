from django.db import migrations, models
from django.utils import timezone


class Migration(migrations.Migration):
    dependencies = [("pact", "0008_audit_without_personal_data")]

    operations = [
        migrations.CreateModel(
            name="Erasure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("user_id", models.BigIntegerField(db_index=True)),
                ("address_hash", models.CharField(max_length=64)),
                ("reason", models.CharField(blank=True, max_length=40)),
                ("erased_at", models.DateTimeField(default=timezone.now)),
            ],
            options={"ordering": ["erased_at", "id"]},
        ),
        migrations.AddConstraint(
            model_name="erasure",
            constraint=models.UniqueConstraint(
                fields=("user_id", "address_hash"), name="one_erasure_per_key"
            ),
        ),
    ]
