"""Tabular exports (CSV, XLSX): monitoring exports built by a worker, with progress, for their requester.

The file is kept in the ``ExportJob`` row itself so the web and worker processes need no shared disk.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import ExportJob, ReportingCycle
from commitments.monitoring import selectors
from pact.kernel import tables

log = logging.getLogger(__name__)

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CHUNK = 2000


def _xlsx_cell(value):
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return value.replace(tzinfo=None)
    return tables.safe_cell(value)


def write_table(
    header: Sequence[str],
    chunks: Iterable[Iterable[Sequence]],
    fmt: str,
    on_chunk: Callable[[int], None] | None = None,
    sheet_title: str = "Reports",
) -> bytes:
    """Write ``header`` and rows (given in chunks, so progress can be reported) as CSV or XLSX."""
    written = 0
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(sheet_title[:31])
        sheet.append(list(header))
        for chunk in chunks:
            for row in chunk:
                sheet.append([_xlsx_cell(v) for v in row])
                written += 1
            if on_chunk:
                on_chunk(written)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    text = io.StringIO()
    writer = tables.csv_writer(text)
    writer.writerow(header)
    for chunk in chunks:
        for row in chunk:
            writer.writerow(row)
            written += 1
        if on_chunk:
            on_chunk(written)
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def request_export(*, requester, cycle: ReportingCycle, dataset: str, fmt: str) -> ExportJob:
    """Record the export, then hand it to a worker after commit (the sweeper retries if that fails)."""
    job = ExportJob.objects.create(requester=requester, cycle=cycle, dataset=dataset, format=fmt)

    def _enqueue() -> None:
        from commitments.tasks import build_export

        try:
            build_export.delay(job.pk)
        except Exception:
            log.warning("Broker unavailable; export %s waits for the sweeper", job.pk)

    transaction.on_commit(_enqueue)
    return job


STATUS_HEADER = [
    "organisation",
    "country",
    "state",
    "expected",
    "submitted",
    "validated",
    "returned",
    "drafts",
    "late",
]
REPORTS_HEADER = [
    "organisation",
    "country",
    "partnership",
    "commitment",
    "indicator",
    "unit",
    "target_value",
    "value",
    "status",
    "is_late",
    "submitted_at",
    "validated_at",
]


def _dataset(job: ExportJob) -> tuple[list[str], int, Iterable[list]]:
    if job.dataset == ExportJob.Dataset.REPORTS:
        qs = selectors.export_reports_rows(job.cycle)
        total = qs.count()

        def report_chunks():
            chunk: list = []
            for row in qs.iterator(chunk_size=CHUNK):
                chunk.append(row)
                if len(chunk) >= CHUNK:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk

        return REPORTS_HEADER, total, report_chunks()
    rows = selectors.MonitoringRows(job.cycle)
    total = rows.count()
    chunks = (
        [
            [
                r["name"],
                r["country"],
                r["state"],
                r["expected"],
                r["done"],
                r["validated"],
                r["returned"],
                r["drafts"],
                r["late"],
            ]
            for r in chunk
        ]
        for chunk in rows.iterate(CHUNK)
    )
    return STATUS_HEADER, total, chunks


def build(pk: int) -> str:
    """Claim the job by compare-and-set and build its file; a second call for the same job does nothing."""
    now = timezone.now()
    claimed = (
        ExportJob.objects.filter(pk=pk)
        .filter(
            Q(status=ExportJob.Status.PENDING)
            | Q(status=ExportJob.Status.RUNNING, started_at__lt=now - timedelta(minutes=15))
        )
        .update(status=ExportJob.Status.RUNNING, started_at=now, progress=0, rows_written=0)
    )
    if not claimed:
        return "skipped"
    job = ExportJob.objects.select_related("cycle").defer("content").get(pk=pk)
    try:
        header, total, chunks = _dataset(job)

        def progress(written: int) -> None:
            percent = min(99, int(100 * written / total)) if total else 99
            ExportJob.objects.filter(pk=pk).update(progress=percent, rows_written=written)

        content = write_table(header, chunks, job.format, progress, sheet_title=job.dataset)
    except Exception as exc:
        log.exception("Export %s failed", pk)
        ExportJob.objects.filter(pk=pk).update(
            status=ExportJob.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        return "failed"
    filename = f"pact-{job.dataset}-{job.cycle.year}.{job.format}"
    ExportJob.objects.filter(pk=pk).update(
        status=ExportJob.Status.DONE,
        content=content,
        filename=filename,
        progress=100,
        rows_written=total,
        finished_at=timezone.now(),
    )
    return "done"


def describe(job: ExportJob) -> str:
    if job.status == ExportJob.Status.DONE:
        return _("Ready")
    if job.status == ExportJob.Status.FAILED:
        return _("Failed")
    if job.status == ExportJob.Status.RUNNING:
        return _("Building the file…")
    return _("Waiting for a worker…")
