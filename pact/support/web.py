"""Small helpers the support services' views share."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from pact import access
from pact.access import Perm
from pact.support import common
from pact.support.common import SupportError


def form_error(form, error: SupportError) -> None:
    """Show a refused operation on the fields it is about, or on the whole form."""
    for name, message in error.problems:
        form.add_error(name if name in form.fields else None, message)


def is_partial(request: HttpRequest) -> bool:
    """An htmx request for a fragment (not a history restore, which needs the whole page)."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def status_for(*forms) -> int:
    return 400 if any(getattr(f, "errors", None) for f in forms if f is not None) else 200


PAGE_SIZE = 20


def publisher_context(user) -> dict:
    partnerships = common.publishable_partnerships(user)
    pact = access.can(user, Perm.STAFF_SUPPORT)
    if not pact and not partnerships:
        raise Http404
    return {"partnerships": partnerships, "can_publish_for_pact": pact}
