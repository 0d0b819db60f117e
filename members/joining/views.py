"""Joining the Pact: the application (with the Charter), becoming a supporter, and the staff queue
of applications with their decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from members import common
from members.colleagues import selectors as colleague_selectors
from members.duplicates import services as duplicate_services
from members.joining import selectors, services
from members.joining.forms import ApplicationForm, DecisionForm
from members.models import (
    Organisation,
    OrganisationStatus,
)
from pact.access import Perm
from pact.access.decorators import staff_required
from pact.communications.models import SubscriptionStatus
from pact.communications.newsletter import selectors as newsletter_selectors
from pact.kernel import assurance
from pact.kernel.outbox import bounces

# --- joining ------------------------------------------------------------------------------------------


@login_required
def join(request: HttpRequest) -> HttpResponse:
    """Register an organisation: it waits for staff approval, the applicant becomes its admin."""
    user = request.user
    if request.method == "POST" and "show_regions" in request.POST:
        # Without JavaScript: redisplay the form with the chosen country's regions, no errors.
        form = ApplicationForm(initial=request.POST.dict())
    elif request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                organisation = services.apply(
                    user,  # type: ignore[arg-type]
                    form.profile_data(),
                    principles=form.accepted_principles(),
                    logo=form.cleaned_data.get("logo"),
                )
            except common.MembershipError as exc:
                form.add_error(exc.field, exc.message)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. The application of %(name)s is registered and waits for "
                        "review by the Commission. We will tell you by email."
                    )
                    % {"name": organisation.name},
                )
                return redirect("members:manage", slug=organisation.slug)
    else:
        form = ApplicationForm(
            initial={"contact_name": user.full_name, "contact_email": user.email}  # type: ignore[union-attr]
        )
    return render(request, "members/join.html", {"form": form})


@login_required
def supporter(request: HttpRequest) -> HttpResponse:
    """Follow the Pact as a person (a supporter), without an organisation, and stop again."""
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "join":
            if services.become_supporter(user):  # type: ignore[arg-type]
                messages.success(request, _("You are now a supporter of the Pact for Skills."))
        elif action == "leave" and services.stop_supporting(user):  # type: ignore[arg-type]
            messages.success(request, _("You are no longer a supporter."))
            kept = newsletter_selectors.subscription_for(user)
            if kept is not None and kept.status == SubscriptionStatus.CONFIRMED:
                messages.info(
                    request,
                    _("You still receive the newsletter, which you subscribed to yourself."),
                )
            else:
                messages.info(request, _("You no longer receive the newsletter."))
        return redirect("members:supporter")
    return render(
        request,
        "members/supporter.html",
        {"subscription": newsletter_selectors.subscription_for(user)},
    )


# --- staff ----------------------------------------------------------------------------------------------


@staff_required(Perm.STAFF_REVIEW)
@require_GET
def applications(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.application_queue(), 50).get_page(request.GET.get("page"))
    return render(request, "members/applications.html", {"page": page})


@staff_required(Perm.STAFF_REVIEW)
def application(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.select_related(
            "applied_by", "umbrella", "nuts_region", "decided_by", "charter_accepted_by"
        ),
        pk=pk,
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.decide(
                organisation,
                request.user,  # type: ignore[arg-type]
                approve=approve,
                reason=form.cleaned_data["reason"],
                sign_in=assurance.of(request),
            )
        except common.MembershipError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(
                request,
                (_("%(name)s is approved.") if approve else _("%(name)s is rejected."))
                % {"name": organisation.name},
            )
            return redirect("members:applications")
    people = list(colleague_selectors.people(organisation))
    return render(
        request,
        "members/application.html",
        {
            "organisation": organisation,
            "form": form,
            "people": people,
            "waiting": organisation.status == OrganisationStatus.APPLIED,
            # The possible duplicates holding the approval back (members.duplicates).
            "duplicate_flags": list(duplicate_services.open_flags_of(organisation)),
            # Addresses the mail service reported as bouncing or complaining (staff only here).
            "undeliverable": bounces.undeliverable(
                [organisation.contact_email, *(m.user.email for m in people)]
                + ([organisation.applied_by.email] if organisation.applied_by else [])
            ),
        },
    )
