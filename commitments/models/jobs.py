"""Imports and exports of reports, and the public counts kept by triggers for the API's lists."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models.reporting import ReportingCycle


class ReportImport(models.Model):
    """An organisation's CSV/XLSX upload for a cycle, checked row by row and confirmed before saving."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked, waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DISCARDED = "discarded", _("Discarded")

    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="report_imports"
    )
    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CHECKED)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.organisation})"

    @property
    def rows_to_save(self) -> list[dict]:
        return [row for row in self.rows if not row.get("unchanged")]

    @property
    def rows_unchanged(self) -> list[dict]:
        """Rows of reports already submitted, sent back as they were: reported, not saved."""
        return [row for row in self.rows if row.get("unchanged")]


class ExportJob(models.Model):
    """A monitoring export built by a worker; the file is kept in the row for its requester only."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Dataset(models.TextChoices):
        STATUS = "status", _("Reporting status per organisation")
        REPORTS = "reports", _("All reports of the cycle")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="exports")
    dataset = models.CharField(max_length=16, choices=Dataset.choices, default=Dataset.STATUS)
    format = models.CharField(max_length=8, choices=Format.choices, default=Format.CSV)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    rows_written = models.PositiveIntegerField(default=0)
    content = models.BinaryField(null=True, blank=True, editable=False)
    filename = models.CharField(max_length=120, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="export_pending_idx",
                condition=models.Q(status__in=["pending", "running"]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_dataset_display()} {self.cycle} ({self.format})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class PublicCount(models.Model):
    """How many rows of a kind are public (``reports`` per reporting cycle; ``commitments`` and
    ``targets`` under cycle 0): what the API's lists count instead of counting a million rows.

    Kept by database triggers (migration ``0012_public_counts``) on reports, targets,
    commitments, partnerships and organisations, so no write path can forget them; a test checks
    them against ``public()`` after every change that moves a row in or out of it.
    """

    kind = models.CharField(max_length=16)
    cycle_id = models.BigIntegerField(default=0)
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "cycle_id"], name="one_public_count_per_kind")
        ]
