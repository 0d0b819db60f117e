# Pledges are reviewed by staff before they become public (issue 21). Pledges and commitments that
# exist already were public: they are recorded as approved, new ones wait for review.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('commitments', '0009_reporting_delegation_notice_texts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='commitment',
            name='review',
            field=models.CharField(choices=[('pending', 'Waiting for review'), ('approved', 'Approved'), ('rejected', 'Not accepted')], default='approved', max_length=16, verbose_name='review'),
        ),
        migrations.AlterField(
            model_name='commitment',
            name='review',
            field=models.CharField(choices=[('pending', 'Waiting for review'), ('approved', 'Approved'), ('rejected', 'Not accepted')], default='pending', max_length=16, verbose_name='review'),
        ),
        migrations.AddField(
            model_name='commitment',
            name='review_note',
            field=models.TextField(blank=True, verbose_name='review note'),
        ),
        migrations.AddField(
            model_name='commitment',
            name='reviewed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='commitment',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
    ]
