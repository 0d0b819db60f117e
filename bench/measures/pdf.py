"""Stage ``pdf``: the render time of one declaration PDF (30 commitments and a chart) and how many
PDFs real Celery workers make per minute.

WeasyPrint subsets the fonts it embeds on every render, with the HarfBuzz subset library when it
loads (Debian ``libharfbuzz-subset0``) and with fontTools otherwise. The stage records which one
the render used and, where HarfBuzz is there, times the same render with fontTools in turn, as a
machine without the library would make it.
"""

from __future__ import annotations

import logging
import re
import shutil
import statistics
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from weasyprint.pdf import fonts as weasyprint_fonts

from bench.config import CONFIG, GOALS
from bench.measures.data import ensure_fixtures
from bench.servers import CeleryWorker
from bench.stages import results, stage, state
from partnerships.declarations import pdf as pdf_module
from partnerships.declarations import publication as declaration_publication
from partnerships.models import DeclarationPdf


def pdf_pages(data: bytes) -> int | None:
    """Pages of a PDF, from poppler's pdfinfo (installed by make system-deps)."""
    if not shutil.which("pdfinfo"):
        return None
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=False)
    found = re.search(rb"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    return int(found.group(1)) if found else None


HARFBUZZ = "HarfBuzz"
FONTTOOLS = "fontTools"
RENDERS = 5  # timed renders with each subsetter


def subsetter() -> str:
    """The library WeasyPrint subsets fonts with in this process (HarfBuzz needs 4.1 or later)."""
    if weasyprint_fonts.harfbuzz_subset and weasyprint_fonts.harfbuzz.hb_version_atleast(4, 1, 0):
        return HARFBUZZ
    return FONTTOOLS


@contextmanager
def fonttools_subsetter() -> Iterator[None]:
    """Subset with fontTools, as WeasyPrint does when the HarfBuzz subset library is missing; its
    warning for each font ("Using fontTools instead of HarfBuzz-Subset") is expected here."""
    logger = logging.getLogger("weasyprint")
    saved, level = weasyprint_fonts.harfbuzz_subset, logger.level
    weasyprint_fonts.harfbuzz_subset = None
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        weasyprint_fonts.harfbuzz_subset = saved
        logger.setLevel(level)


@contextmanager
def subset_clock(spent: list[float]) -> Iterator[None]:
    """Add the time WeasyPrint spends subsetting each font to ``spent``: the part of a render the
    subsetter decides, which the load on a shared machine blurs less than the whole render."""
    subset = weasyprint_fonts.Font.subset

    def timed(font: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return subset(font, *args, **kwargs)
        finally:
            spent.append(time.perf_counter() - started)

    weasyprint_fonts.Font.subset = timed  # type: ignore[method-assign]
    try:
        yield
    finally:
        weasyprint_fonts.Font.subset = subset  # type: ignore[method-assign]


def time_renders(version: Any) -> tuple[dict[str, dict[str, Any]], bytes]:
    """Median and slowest render with each subsetter available, and the median time of its font
    subsetting, taken in turn so both see the same load on the machine; returns them and a PDF
    made with the subsetter in use."""
    in_use = subsetter()
    kinds = [in_use, FONTTOOLS] if in_use == HARFBUZZ else [in_use]
    timings: dict[str, list[float]] = {kind: [] for kind in kinds}
    subsetting: dict[str, list[float]] = {kind: [] for kind in kinds}
    sizes: dict[str, int] = {}
    data = b""
    for run in range(RENDERS + 1):  # the first of each warms fonts, templates and imports
        for kind in kinds:
            spent: list[float] = []
            with fonttools_subsetter() if kind != in_use else nullcontext(), subset_clock(spent):
                started = time.perf_counter()
                made = pdf_module.render_version(version)
                took = time.perf_counter() - started
            if run:
                timings[kind].append(took)
                subsetting[kind].append(sum(spent))
            sizes[kind] = len(made)
            if kind == in_use:
                data = made
    figures = {
        kind: {
            "median_s": round(statistics.median(times), 3),
            "max_s": round(max(times), 3),
            "subset_ms": round(statistics.median(subsetting[kind]) * 1000, 1),
            "bytes": sizes[kind],
        }
        for kind, times in timings.items()
    }
    return figures, data


@stage("pdf")
def pdf() -> None:
    ensure_fixtures()
    versions = state["pdf_versions"]
    version = versions[0]
    by_subsetter, data = time_renders(version)
    in_use = subsetter()
    html = pdf_module.version_html(version)
    render = {
        "commitments": version.commitments.count(),
        "has_chart": "<svg" in html,
        "pages": pdf_pages(data),
        "bytes": len(data),
        "median_s": by_subsetter[in_use]["median_s"],
        "max_s": by_subsetter[in_use]["max_s"],
        "goal_s": GOALS["pdf_render_s"],
        "subsetter": in_use,
        "by_subsetter": by_subsetter,
    }
    render["ok"] = render["median_s"] < GOALS["pdf_render_s"] and render["has_chart"]
    DeclarationPdf.objects.filter(version__in=versions).delete()
    with CeleryWorker(CONFIG["celery_workers"], "pdf"):
        started = time.monotonic()
        for v in versions:
            declaration_publication.request_pdf(v)
        pks = list(DeclarationPdf.objects.filter(version__in=versions).values_list("pk", flat=True))
        deadline = started + 600
        while time.monotonic() < deadline:
            pending = DeclarationPdf.objects.filter(pk__in=pks, status="pending").count()
            if not pending:
                break
            time.sleep(0.2)
        elapsed = time.monotonic() - started
    ready = DeclarationPdf.objects.filter(pk__in=pks, status="ready").count()
    failed = DeclarationPdf.objects.filter(pk__in=pks, status="failed").count()
    results["pdf"] = {
        "render": render,
        "throughput": {
            "workers": CONFIG["celery_workers"],
            "pdfs": len(pks),
            "ready": ready,
            "failed": failed,
            "seconds": round(elapsed, 2),
            "per_minute": round(ready / elapsed * 60, 1) if elapsed else None,
        },
    }
