"""Open data: public datasets as CSV or JSON, built from the same public querysets as the pages.

The files are written per data version by a task (``open_data_files``) and served from disk."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from pact.kernel.cache.page_cache import public_page
from pact.site import open_data_files as files

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@public_page
def index(request):
    datasets = []
    for slug, (label, build) in files.datasets().items():
        columns, _rows = build()
        datasets.append((slug, label, columns))
    return render(request, "pact/open_data.html", {"datasets": datasets})


def download(request, dataset: str, fmt: str):
    if dataset not in files.datasets() or fmt not in files.FORMATS:
        raise Http404
    tag = files.current_tag()
    path = files.file_of(tag, dataset, fmt)
    if path is None:
        files.request_build(tag)
        # Built at once when tasks run in-process; otherwise the latest complete version.
        path = files.file_of(tag, dataset, fmt)
        latest = files.latest_tag()
        if path is None and latest:
            tag, path = latest, files.file_of(latest, dataset, fmt)
    if path is None:
        waiting = HttpResponse(
            _("The open data files are being prepared. Please try again in a minute."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        waiting["Retry-After"] = "60"
        return waiting
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"pact-{dataset}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )
    response["X-Data-Version"] = tag
    # Public data only: other sites' scripts may fetch it.
    response["Access-Control-Allow-Origin"] = "*"
    return response
