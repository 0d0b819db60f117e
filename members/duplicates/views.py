"""Staff resolve a possible duplicate as "not a duplicate" (merging is members.merging's page)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.common import MembershipError
from members.duplicates import services
from members.models import DuplicateFlag
from pact.access import Perm
from pact.access.decorators import staff_required


@staff_required(Perm.STAFF_REVIEW)
@require_POST
def not_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(DuplicateFlag, pk=pk)
    try:
        services.resolve_not_duplicate(flag, request.user)  # type: ignore[arg-type]
    except MembershipError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Marked as not a duplicate."))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    return redirect("staff_home")
