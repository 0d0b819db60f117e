"""Pages of an organisation's life: staff suspend and reinstate it and recover its administration;
its administrator withdraws it. Outsiders get 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members.common import MembershipError
from members.lifecycle import services
from members.lifecycle.forms import AppointAdminForm, ReinstateForm, SuspendForm, WithdrawForm
from members.models import Organisation
from pact import access
from pact.access import Perm
from pact.access.decorators import staff_required
from pact.kernel import assurance
from partnerships.models import PartnershipMembership, PartnershipRole


def _field_error(form, error: MembershipError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@staff_required(Perm.STAFF_REVIEW)
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: the organisation's membership status, suspension and reinstatement."""
    organisation = get_object_or_404(Organisation, slug=slug)
    sign_in = assurance.of(request)
    may_suspend = access.lifecycle.may_suspend(request.user, organisation, sign_in)
    may_reinstate = access.lifecycle.may_reinstate(request.user, organisation, sign_in)
    suspend_form = SuspendForm(request.POST if "suspend" in request.POST else None)
    reinstate_form = ReinstateForm(request.POST if "reinstate" in request.POST else None)
    code = 200
    if request.method == "POST":
        try:
            if "suspend" in request.POST and may_suspend and suspend_form.is_valid():
                services.suspend(
                    organisation,
                    actor=request.user,
                    reason=suspend_form.cleaned_data["reason"],
                    sign_in=sign_in,
                )
                messages.success(request, _("The organisation is suspended."))
                return redirect("members:status", organisation.slug)
            if "reinstate" in request.POST and may_reinstate and reinstate_form.is_valid():
                services.reinstate(
                    organisation,
                    actor=request.user,
                    note=reinstate_form.cleaned_data["note"],
                    sign_in=sign_in,
                )
                messages.success(request, _("The organisation is an active member again."))
                return redirect("members:status", organisation.slug)
        except MembershipError as error:
            _field_error(suspend_form, error)
        code = 400
    coordinated = PartnershipMembership.objects.filter(
        organisation=organisation, role=PartnershipRole.COORDINATOR
    ).select_related("partnership")
    return render(
        request,
        "members/status.html",
        {
            "organisation": organisation,
            "may_suspend": may_suspend,
            "may_reinstate": may_reinstate,
            "suspend_form": suspend_form,
            "reinstate_form": reinstate_form,
            "coordinated": coordinated,
            "admins": services.active_admins(organisation),
        },
        status=code,
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    """An administrator withdraws the organisation from the Pact, after confirming."""
    organisation = access.get_organisation_or_404(request.user, Perm.ORG_CHANGE, slug=slug)
    sign_in = assurance.of(request)
    form = WithdrawForm(request.POST or None)
    code = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.withdraw(
                    organisation,
                    actor=request.user,
                    confirmation=form.cleaned_data["confirmation"],
                    reason=form.cleaned_data["reason"],
                    sign_in=sign_in,
                )
            except MembershipError as error:
                _field_error(form, error)
            except access.Refused:
                form.add_error(None, _("This organisation cannot be withdrawn now."))
            else:
                messages.success(request, _("The organisation has withdrawn from the Pact."))
                return redirect("members:profile", organisation.slug)
        code = 400
    return render(
        request,
        "members/withdraw.html",
        {
            "organisation": organisation,
            "form": form,
            "may_withdraw": access.lifecycle.may_withdraw(request.user, organisation, sign_in),
        },
        status=code,
    )


@staff_required(Perm.STAFF_REVIEW)
@require_http_methods(["GET", "POST"])
def appoint_admin(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff appoint a new administrator after a documented check."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not access.lifecycle.may_appoint_admin(request.user, organisation, assurance.of(request)):
        raise Http404
    form = AppointAdminForm(request.POST or None)
    code = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.appoint_admin(
                    organisation,
                    actor=request.user,
                    email=form.cleaned_data["email"],
                    check_performed=form.cleaned_data["check_performed"],
                    sign_in=assurance.of(request),
                )
            except MembershipError as error:
                _field_error(form, error)
            else:
                messages.success(request, _("The new administrator is appointed and told so."))
                return redirect("members:status", organisation.slug)
        code = 400
    return render(
        request,
        "members/appoint_admin.html",
        {
            "organisation": organisation,
            "form": form,
            "admins": services.active_admins(organisation),
        },
        status=code,
    )
