"""Staff role grants (for the periodic review) and second-factor resets; people who are staff
already get an open grant dated from their account, granted by nobody recorded."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def backfill(apps, schema_editor):
    User = apps.get_model("pact", "User")
    Grant = apps.get_model("pact", "StaffRoleGrant")
    Grant.objects.bulk_create(
        Grant(user=u, role=u.staff_role, granted_at=u.date_joined)
        for u in User.objects.exclude(staff_role="")
    )


class Migration(migrations.Migration):
    dependencies = [("pact", "0009_erasure_ledger")]

    operations = [
        migrations.CreateModel(
            name="StaffRoleGrant",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("", "Not staff"),
                            ("reviewer", "Reviewer"),
                            ("support", "Support services"),
                            ("admin", "Administrator"),
                        ],
                        max_length=16,
                    ),
                ),
                ("granted_at", models.DateTimeField(default=timezone.now)),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                (
                    "granted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "revoked_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="staff_role_grants",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"ordering": ["-granted_at", "-id"]},
        ),
        migrations.AddConstraint(
            model_name="staffrolegrant",
            constraint=models.UniqueConstraint(
                condition=models.Q(revoked_at__isnull=True),
                fields=("user",),
                name="one_open_staff_role_grant",
            ),
        ),
        migrations.CreateModel(
            name="SecondFactorReset",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("check_note", models.TextField()),
                ("authenticators_removed", models.PositiveSmallIntegerField(default=0)),
                ("created_at", models.DateTimeField(default=timezone.now)),
                (
                    "reset_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="second_factor_resets",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"ordering": ["-created_at", "-id"]},
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
