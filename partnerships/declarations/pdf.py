"""The declaration PDF: an HTML template rendered by WeasyPrint, fetching nothing from outside.

``StaticOnlyFetcher`` is the only way WeasyPrint reaches a resource: it serves the project's own
static files (found by the staticfiles finders inside ``STATICFILES_DIRS``) and ``data:`` URLs,
and refuses everything else (http, https, file: outside the static folders, redirects). Rendering
runs against a deadline (``settings.PDF_RENDER_TIME_LIMIT``) besides the Celery soft time limit.

The stylesheet and its fonts are loaded once per worker process (``stylesheet``), not per PDF.
"""

from __future__ import annotations

import gc
import logging
import mimetypes
import os
import posixpath
import signal
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils import translation as django_translation
from django.utils.text import slugify
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from pact.kernel.audit import log_action
from pact.kernel.texts import interface_language_for
from partnerships.models import DeclarationPdf, DeclarationTranslation, DeclarationVersion

log = logging.getLogger(__name__)

# At INFO, fontTools logs every subsetted glyph list and WeasyPrint every layout step: a page of
# log lines per PDF that nobody reads. Their warnings still come through.
for _chatty in ("fontTools", "weasyprint.progress"):
    if logging.getLogger(_chatty).level == logging.NOTSET:
        logging.getLogger(_chatty).setLevel(logging.WARNING)

MAX_ATTEMPTS = 3
STYLESHEET = "css/declaration-pdf.css"


class PdfRenderTimeout(Exception):
    pass


class RefusedResource(ValueError):
    """Raised for every URL the fetcher will not fetch; WeasyPrint skips the resource."""


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that only reads the portal's own static files and data: URLs.

    Every request is recorded in ``asked`` and every refusal in ``refused`` (for tests and logs).
    """

    def __init__(self, deadline: float | None = None, **kwargs) -> None:
        super().__init__(allow_redirects=False, fail_on_errors=False, timeout=1, **kwargs)
        self.deadline = deadline
        self.asked: list[str] = []
        self.refused: list[str] = []
        self.roots = [Path(p).resolve() for p in settings.STATICFILES_DIRS]

    def _refuse(self, url: str, why: str):
        self.refused.append(url)
        log.info("PDF renderer refused %s (%s)", url[:200], why)
        raise RefusedResource(f"refused {url[:200]}: {why}")

    def _inside_static(self, path: Path) -> bool:
        resolved = path.resolve()
        return any(resolved.is_relative_to(root) for root in self.roots) and resolved.is_file()

    def _static_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        site = urlsplit(settings.SITE_URL)
        if parts.scheme in ("http", "https") and parts.netloc != site.netloc:
            return None
        path = unquote(parts.path)
        if not path.startswith(settings.STATIC_URL):
            return None
        relative = posixpath.normpath(path[len(settings.STATIC_URL) :])
        if relative.startswith(("..", "/")) or "\x00" in relative:
            return None
        found = finders.find(relative)
        if not found or isinstance(found, list):
            return None
        candidate = Path(found)
        return candidate if self._inside_static(candidate) else None

    def fetch(self, url, headers=None):
        self.asked.append(url)
        if self.deadline is not None and time.monotonic() > self.deadline:
            self._refuse(url, "time limit reached")
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path))
            if not self._inside_static(path):
                self._refuse(url, "file outside the static folders")
            return self._response(url, path)
        if scheme in ("http", "https"):
            static = self._static_path(url)
            if static is None:
                self._refuse(url, "network access is not allowed")
            return self._response(url, static)
        self._refuse(url, f"scheme {scheme or '(none)'} is not allowed")

    @staticmethod
    def _response(url: str, path: Path) -> URLFetcherResponse:
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


@contextmanager
def time_limit(seconds: int):
    """Interrupt a render that runs too long (only possible in the main thread of a process)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def _expired(signum, frame):
        raise PdfRenderTimeout(f"PDF rendering took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_per_thread = threading.local()


def stylesheet() -> tuple[CSS, FontConfiguration]:
    """The PDF stylesheet, parsed once per process and thread, and the font configuration that
    holds the fonts its ``@font-face`` rules load.

    Parsing the CSS and registering its fonts with a fresh fontconfig set on every render was
    wasted work for a worker that renders PDF after PDF. Each thread keeps its own pair (a Pango
    font map is not to be shared between threads); a changed file is read again, so an edited
    stylesheet shows without restarting the worker. The stylesheet and its fonts come through
    ``StaticOnlyFetcher`` like everything else.
    """
    path = finders.find(STYLESHEET)
    if not path or isinstance(path, list):
        raise FileNotFoundError(STYLESHEET)
    key = (path, os.stat(path).st_mtime_ns)
    cached = getattr(_per_thread, "stylesheet", None)
    if cached is None or cached[0] != key:
        font_config = FontConfiguration()
        css = CSS(
            url=f"{settings.SITE_URL}{settings.STATIC_URL}{STYLESHEET}",
            url_fetcher=StaticOnlyFetcher(),
            font_config=font_config,
        )
        cached = _per_thread.stylesheet = (key, css, font_config)
    return cached[1], cached[2]


@contextmanager
def collector_paused():
    """Keep Python's cyclic garbage collector out of a render.

    A render allocates a few hundred thousand small objects (boxes, styles, text layouts); on
    their way they set off collections of the whole heap, which in a worker holding all of Django
    took a tenth or more of the render. Reference counting still frees most of a render as it
    goes; the rest (cycles, some tens of MB) waits for the first collection after it. The
    collector is process-wide: a render that finds it already paused leaves it alone.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def render_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """HTML to PDF bytes under the time limit, styled by ``stylesheet()``; only ``fetcher`` may
    fetch resources for the document itself."""
    limit = settings.PDF_RENDER_TIME_LIMIT
    deadline = time.monotonic() + limit
    fetcher = fetcher or StaticOnlyFetcher()
    fetcher.deadline = deadline
    with time_limit(limit), collector_paused():
        css, font_config = stylesheet()
        document = HTML(string=html, base_url=settings.SITE_URL + "/", url_fetcher=fetcher).render(
            stylesheets=[css], font_config=font_config
        )
        if time.monotonic() > deadline:
            raise PdfRenderTimeout(f"PDF layout took more than {limit} s")
        # Tagged PDF/UA: structure, reading order and the language for assistive technology.
        data = document.write_pdf(pdf_variant="pdf/ua-1")
    if time.monotonic() > deadline:
        raise PdfRenderTimeout(f"PDF rendering took more than {limit} s")
    return data


def version_html(
    version: DeclarationVersion,
    *,
    draft: bool = False,
    translation: DeclarationTranslation | None = None,
) -> str:
    """The declaration as one HTML document: cover, sections, commitments, each target with its
    figures and bar, governance, signatories. With ``translation``, the translated texts in a
    document marked as a translation that names the authoritative original and its hash."""
    from partnerships.declarations import selectors
    from partnerships.declarations.translations import as_shown

    partnership = version.partnership
    commitments = selectors.commitments_of(version)
    progress = selectors._progress(partnership, version)

    original_language = version.language
    version = as_shown(version, translation)
    context = {
        "partnership": partnership,
        "version": version,
        "translation": translation,
        "original_language": original_language,
        "original_language_name": selectors.language_name(original_language),
        # The summary in the document's language when translated, else its original.
        "summary": partnership.summary_text.get(version.language)
        if partnership.summary_text
        else None,
        "commitments": commitments,
        "signatures": [s for s in selectors.signatures_of(version) if s.status == "signed"],
        "language_name": selectors.language_name(version.language),
        # Each target with its figures (``standing``: baseline, achieved, target) for the bars
        # and for the table that repeats them.
        "targets": selectors.progress_rows(commitments, progress),
        "has_progress": bool(progress),
        "draft": draft,
        "generated_at": timezone.now(),
        "coordinator": partnership.coordinator,
    }
    # The document's own language decides hyphenation and the labels around the text (the
    # default interface language for a language the interface does not speak).
    with django_translation.override(interface_language_for(version.language)):
        return render_to_string("declarations/pdf.html", context)


def render_version(
    version: DeclarationVersion,
    *,
    draft: bool = False,
    fetcher: StaticOnlyFetcher | None = None,
    translation: DeclarationTranslation | None = None,
) -> bytes:
    return render_pdf(version_html(version, draft=draft, translation=translation), fetcher=fetcher)


def storage_name(content_hash: str, draft: bool = False) -> str:
    return f"declarations/{content_hash}{'-draft' if draft else ''}.pdf"


def download_filename(
    version: DeclarationVersion, *, draft: bool = False, language: str | None = None
) -> str:
    base = slugify(version.partnership.acronym or version.partnership.name)[:60] or "partnership"
    suffix = ("-draft" if draft else "") + (f"-{language}" if language else "")
    return f"{base}-declaration-v{version.number}{suffix}.pdf"


def _set_progress(pk: int, value: int) -> None:
    DeclarationPdf.objects.filter(pk=pk).update(progress=value)


def render_and_store(pk: int, *, fetcher: StaticOnlyFetcher | None = None) -> bool:
    """Claim the pending PDF by compare-and-set, render it and store it under its content hash.

    Returns True when this call produced the file. A second call (a retry, the sweeper, a second
    worker) finds the row claimed or ready and does nothing; a claim older than twice the time
    limit is considered abandoned (worker killed) and may be taken over.
    """
    now = timezone.now()
    stale = now - timedelta(seconds=settings.PDF_RENDER_TIME_LIMIT * 2)
    claimed = (
        DeclarationPdf.objects.filter(pk=pk, status=DeclarationPdf.Status.PENDING)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .update(claimed_at=now, attempts=F("attempts") + 1, progress=10)
    )
    if not claimed:
        return False
    pdf = DeclarationPdf.objects.select_related(
        "version__partnership__coordinator", "translation"
    ).get(pk=pk)
    version = pdf.version
    try:
        html = version_html(version, draft=pdf.draft, translation=pdf.translation)
        _set_progress(pk, 40)
        data = render_pdf(html, fetcher=fetcher)
        _set_progress(pk, 80)
        name = storage_name(pdf.content_hash, pdf.draft)
        # Keyed by content: the same text always lands in the same file, never a second copy.
        if default_storage.exists(name):
            default_storage.delete(name)
        stored = default_storage.save(name, ContentFile(data))
    except Exception as exc:
        final = pdf.attempts >= MAX_ATTEMPTS
        DeclarationPdf.objects.filter(pk=pk).update(
            status=DeclarationPdf.Status.FAILED if final else DeclarationPdf.Status.PENDING,
            claimed_at=None,
            progress=0,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        if final:
            log_action(
                "pact.declaration_pdf.failed",
                pdf,
                None,
                {"number": version.number, "error": type(exc).__name__, "attempts": pdf.attempts},
                partnership_id=version.partnership_id,
            )
        log.exception("Declaration PDF %s failed (attempt %s)", pk, pdf.attempts)
        raise
    with transaction.atomic():
        DeclarationPdf.objects.filter(pk=pk).update(
            status=DeclarationPdf.Status.READY,
            file=stored,
            progress=100,
            rendered_at=timezone.now(),
            last_error="",
        )
        log_action(
            "pact.declaration_pdf.rendered",
            pdf,
            None,
            {"number": version.number, "content_hash": pdf.content_hash, "bytes": len(data)},
            partnership_id=version.partnership_id,
        )
    return True


def pending_for_sweep(older_than_seconds: int = 60) -> list[int]:
    """Pending PDFs nobody is rendering: never enqueued (broker down) or abandoned by a worker."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.PDF_RENDER_TIME_LIMIT * 2)
    return list(
        DeclarationPdf.objects.filter(
            status=DeclarationPdf.Status.PENDING,
            created_at__lt=now - timedelta(seconds=older_than_seconds),
        )
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
