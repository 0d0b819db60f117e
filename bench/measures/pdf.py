"""Stage ``pdf``: the render time of one declaration PDF (30 commitments and a chart) and how many
PDFs real Celery workers make per minute."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import time

from bench.config import CONFIG, GOALS
from bench.measures.data import ensure_fixtures
from bench.servers import CeleryWorker
from bench.stages import results, stage, state
from partnerships import declaration_services
from partnerships import pdf as pdf_module
from partnerships.models import DeclarationPdf


def pdf_pages(data: bytes) -> int | None:
    """Pages of a PDF, from poppler's pdfinfo (installed by make system-deps)."""
    if not shutil.which("pdfinfo"):
        return None
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=False)
    found = re.search(rb"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    return int(found.group(1)) if found else None


@stage("pdf")
def pdf() -> None:
    ensure_fixtures()
    versions = state["pdf_versions"]
    version = versions[0]
    pdf_module.render_version(version)  # warm: fonts, templates
    timings = []
    size = 0
    for _ in range(5):
        started = time.perf_counter()
        data = pdf_module.render_version(version)
        timings.append(time.perf_counter() - started)
        size = len(data)
    pages = pdf_pages(data)
    html = pdf_module.version_html(version)
    render = {
        "commitments": version.commitments.count(),
        "has_chart": "<svg" in html,
        "pages": pages,
        "bytes": size,
        "median_s": round(statistics.median(timings), 3),
        "max_s": round(max(timings), 3),
        "goal_s": GOALS["pdf_render_s"],
    }
    render["ok"] = render["median_s"] < GOALS["pdf_render_s"] and render["has_chart"]
    DeclarationPdf.objects.filter(version__in=versions).delete()
    with CeleryWorker(CONFIG["celery_workers"], "pdf"):
        started = time.monotonic()
        for v in versions:
            declaration_services.request_pdf(v)
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
