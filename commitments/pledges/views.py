"""An organisation's individual pledges: the list and the editor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from commitments.models import (
    Commitment,
)
from commitments.pledges import selectors, services
from commitments.pledges.forms import (
    PledgeForm,
    PledgeReviewForm,
    TargetFormSet,
    target_initial,
)
from commitments.reporting import services as reporting_services
from pact import access
from pact.access import Perm
from pact.access.decorators import staff_required
from pact.kernel import assurance

# --- pledges ------------------------------------------------------------------------------------------


@login_required
def pledges(request: HttpRequest) -> HttpResponse:
    organisations = list(access.user_organisations(request.user, Perm.ORG_VIEW).order_by("name"))
    rows = [
        {
            "organisation": o,
            "pledges": list(selectors.pledges_of(o)),
            "can_edit": access.can(request.user, Perm.ORG_REPORT, o),
        }
        for o in organisations
    ]
    return render(request, "commitments/pledges.html", {"rows": rows})


def _targets_from(formset) -> list[services.TargetInput]:
    return [t for t in (form.to_input() for form in formset.forms) if t is not None]


@login_required
@require_http_methods(["GET", "POST"])
def pledge_edit(request: HttpRequest, org: str, pk: int | None = None) -> HttpResponse:
    organisation = access.get_organisation_or_404(request.user, Perm.ORG_REPORT, slug=org)
    pledge = None
    if pk is not None:
        pledge = get_object_or_404(
            Commitment, pk=pk, organisation=organisation, partnership__isnull=True
        )
    status = 200
    if request.method == "POST":
        form = PledgeForm(request.POST)
        formset = TargetFormSet(request.POST, prefix="targets")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                if pledge is None:
                    pledge = services.create_pledge(
                        organisation=organisation,
                        actor=request.user,
                        title=data["title"],
                        description=data["description"],
                        targets=_targets_from(formset),
                    )
                    messages.success(
                        request, _("Pledge created. You will report on it in each reporting cycle.")
                    )
                else:
                    services.update_pledge(
                        pledge,
                        actor=request.user,
                        lock_version=data.get("lock_version") or 0,
                        title=data["title"],
                        description=data["description"],
                        targets=_targets_from(formset),
                    )
                    messages.success(request, _("Pledge saved."))
                return redirect("commitments:pledges")
            except reporting_services.ReportingError as exc:
                form.add_error(None, exc.message)
                status = 409 if isinstance(exc, reporting_services.EditConflict) else 400
        else:
            status = 400
    elif pledge is not None:
        form = PledgeForm(
            initial={
                "title": pledge.title,
                "description": pledge.description,
                "lock_version": pledge.lock_version,
            }
        )
        formset = TargetFormSet(initial=target_initial(pledge), prefix="targets")
    else:
        form = PledgeForm(initial={"lock_version": 0})
        formset = TargetFormSet(prefix="targets")
    return render(
        request,
        "commitments/pledge_form.html",
        {"organisation": organisation, "pledge": pledge, "form": form, "formset": formset},
        status=status,
    )


# --- review by staff --------------------------------------------------------------------------------


@staff_required(Perm.STAFF_REVIEW)
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.review_queue(), 50).get_page(request.GET.get("page"))
    return render(request, "commitments/pledge_review_queue.html", {"page": page})


@staff_required(Perm.STAFF_REVIEW)
@require_http_methods(["GET", "POST"])
def pledge_review(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_object_or_404(selectors.pledges_for_review(), pk=pk, partnership__isnull=True)
    form = PledgeReviewForm(request.POST or None, initial={"lock_version": pledge.lock_version})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            try:
                services.review_pledge(
                    pledge,
                    actor=request.user,
                    approve=approve,
                    note=form.cleaned_data["note"],
                    lock_version=form.cleaned_data["lock_version"],
                    sign_in=assurance.of(request),
                )
            except reporting_services.ReportingError as exc:
                form.add_error(None, exc.message)
                status = 409 if isinstance(exc, reporting_services.EditConflict) else 400
            else:
                messages.success(
                    request,
                    _("Pledge approved: it is public.") if approve else _("Pledge not accepted."),
                )
                return redirect("commitments:pledge_review_queue")
        else:
            status = 400
    return render(
        request,
        "commitments/pledge_review.html",
        {"pledge": pledge, "form": form},
        status=status,
    )
