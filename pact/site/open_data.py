"""Open data: public datasets as CSV or JSON, built from the same public querysets as the pages."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from commitments.results.selectors import open_data_results
from commitments.survey.selectors import open_data_rows as open_data_survey
from members.directory.selectors import open_data_members
from pact.kernel import tables
from pact.kernel.cache.page_cache import public_page
from partnerships.directory.selectors import open_data_partnerships


def _datasets() -> dict[str, tuple[Any, Callable[[], tuple[list[str], Iterable[dict]]]]]:
    return {
        "partnerships": (_("Partnerships (public directory)"), open_data_partnerships),
        "members": (_("Member organisations (public profiles)"), open_data_members),
        "results": (_("Pact-wide results from validated reports"), open_data_results),
        "survey": (
            _("Members' survey totals per year (validated answers and published totals)"),
            open_data_survey,
        ),
    }


@public_page
def index(request):
    datasets = []
    for slug, (label, build) in _datasets().items():
        columns, _rows = build()
        datasets.append((slug, label, columns))
    return render(request, "pact/open_data.html", {"datasets": datasets})


@public_page
def download(request, dataset: str, fmt: str):
    datasets = _datasets()
    if dataset not in datasets or fmt not in ("csv", "json"):
        raise Http404
    columns, rows = datasets[dataset][1]()
    response: HttpResponse | StreamingHttpResponse
    if fmt == "json":
        response = HttpResponse(
            json.dumps(list(rows), cls=DjangoJSONEncoder, ensure_ascii=False),
            content_type="application/json",
        )
    else:
        # The one CSV writer: text a spreadsheet would run as a formula is written as text.
        writer = tables.csv_writer(tables.Echo())
        response = StreamingHttpResponse(
            itertools.chain(
                [writer.writerow(columns)],
                (writer.writerow([row.get(c) for c in columns]) for row in rows),
            ),
            content_type="text/csv; charset=utf-8",
        )
    response["Content-Disposition"] = f'attachment; filename="pact-{dataset}.{fmt}"'
    # Public data only: other sites' scripts may fetch it.
    response["Access-Control-Allow-Origin"] = "*"
    return response
