"""Declaration tasks: thin wrappers that take primary keys and are safe to run twice."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

log = logging.getLogger(__name__)


@shared_task(
    name="partnerships.tasks.render_pdf",
    bind=True,
    acks_late=True,
    max_retries=2,
    soft_time_limit=settings.PDF_RENDER_TIME_LIMIT,
    time_limit=settings.PDF_RENDER_TIME_LIMIT + 30,
)
def render_pdf(self, pk: int) -> bool:
    """Render one recorded declaration PDF (claimed by compare-and-set: duplicates do nothing)."""
    from partnerships.declarations import pdf
    from partnerships.models import DeclarationPdf

    try:
        return pdf.render_and_store(pk)
    except SoftTimeLimitExceeded:
        log.warning("Declaration PDF %s hit the time limit", pk)
        raise
    except Exception as exc:
        still_pending = DeclarationPdf.objects.filter(
            pk=pk, status=DeclarationPdf.Status.PENDING
        ).exists()
        if still_pending and not self.request.is_eager:
            raise self.retry(exc=exc, countdown=30 * (self.request.retries + 1)) from exc
        raise


@shared_task(name="partnerships.tasks.repair_pdf", acks_late=True)
def repair_pdf(pk: int) -> bool:
    """A published PDF whose file was lost from storage: record it pending again and render it.

    Queued by a GET that found the file missing, so that the request itself changes nothing."""
    from partnerships.declarations import publication, selectors
    from partnerships.models import DeclarationPdf

    pdf = DeclarationPdf.objects.select_related("version").filter(pk=pk, draft=False).first()
    if pdf is None or not pdf.version.is_published or not selectors.pdf_file_lost(pdf):
        return False
    publication.request_pdf(pdf.version)
    return True


@shared_task(name="partnerships.tasks.sweep_pdfs")
def sweep_pdfs() -> int:
    """Enqueue again the PDFs recorded but not rendered (broker was down, worker died)."""
    from partnerships.declarations import pdf

    pks = pdf.pending_for_sweep()
    for pk in pks:
        render_pdf.delay(pk)
    return len(pks)


@shared_task(name="partnerships.tasks.weekly_review_digest")
def weekly_review_digest() -> int:
    """Monday mail to reviewers: declarations waiting for review. Sent at most once a week each."""
    from partnerships.declarations.digest import send_review_digest

    return send_review_digest()
