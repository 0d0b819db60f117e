"""Staff appoint a partnership's next coordinator among its members (a task on the staff home)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pact.access import Perm
from pact.access.decorators import staff_required
from pact.kernel import assurance
from partnerships.common import PartnershipError
from partnerships.models import CoordinatorVacancy, Partnership
from partnerships.workspace import coordination


@staff_required(Perm.STAFF_REVIEW)
@require_http_methods(["GET", "POST"])
def appoint_coordinator(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    vacancy = (
        CoordinatorVacancy.objects.filter(partnership=partnership, closed_at__isnull=True)
        .select_related("previous")
        .first()
    )
    if vacancy is None:
        raise Http404
    candidates = coordination.candidates(partnership)
    error = ""
    code = 200
    if request.method == "POST":
        chosen = next(
            (o for o in candidates if str(o.pk) == request.POST.get("organisation", "")), None
        )
        if chosen is None:
            error = _("Choose a member organisation of this partnership.")
        else:
            try:
                coordination.appoint_coordinator(
                    vacancy, chosen, actor=request.user, sign_in=assurance.of(request)
                )
            except PartnershipError as exc:
                error = exc.message
            else:
                messages.success(
                    request,
                    _("%(org)s now coordinates %(partnership)s.")
                    % {"org": chosen.name, "partnership": partnership.name},
                )
                return redirect("staff_home")
        code = 400
    return render(
        request,
        "partnerships/appoint_coordinator.html",
        {
            "partnership": partnership,
            "vacancy": vacancy,
            "candidates": candidates,
            "error": error,
        },
        status=code,
    )
