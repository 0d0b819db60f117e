"""The baseline of the benchmark: the cheapest Django view, behind the same middleware as the pages.

Routed at ``/bench/ping`` only when the settings say ``PACT_BENCH`` (``PACT_BENCH=1``), so the
normal portal never serves it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def ping(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"pong", content_type="text/plain")
