"""The mail service's notifications of bounces and complaints (``pact.kernel.outbox.bounces``).

Authenticated by a shared secret (``settings.MAIL_EVENTS_TOKEN``) in ``Authorization: Bearer``;
without it, or with another, the route does not exist (404), like every private route.
"""

from __future__ import annotations

import hmac
import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from pact.kernel.audit import log_action
from pact.kernel.outbox import bounces


def _authorised(request: HttpRequest) -> bool:
    secret = settings.MAIL_EVENTS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(secret) and hmac.compare_digest(given.encode(), secret.encode())


@csrf_exempt  # a machine with a shared secret, not a browser with a session
def mail_events(request: HttpRequest) -> HttpResponse:
    if not _authorised(request):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        payload = json.loads(request.body or b"null")
        recorded = bounces.record(payload)
    except (ValueError, bounces.BadEvents) as error:
        message = str(error) if isinstance(error, bounces.BadEvents) else "the body is not JSON"
        return JsonResponse({"error": message}, status=400)
    if recorded:
        log_action("pact.mail.undeliverable_reported", data={"addresses": recorded})
    return JsonResponse({"recorded": recorded})
