"""Small helpers the partnership pages share."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from partnerships.common import PartnershipError
from partnerships.models import Partnership


def is_partial(request: HttpRequest) -> bool:
    """An htmx request for a fragment (not a history restore, which needs the whole page)."""
    htmx = getattr(request, "htmx", None)
    if not htmx:
        return False
    return not htmx.history_restore_request


def form_error(form, error: PartnershipError) -> None:
    """Show a refused operation on the fields it is about, or on the whole form."""
    for name, message in error.problems:
        form.add_error(name if name in form.fields else None, message)


def to_workspace(partnership: Partnership) -> HttpResponse:
    return redirect("partnerships:workspace", partnership.slug)
