"""Expressions of interest: proposing a Regional Skills Partnership, following it, and the triage
by support services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import Organisation
from pact import access
from pact.access import Perm
from pact.access.decorators import staff_required
from pact.support.common import SupportError
from pact.support.eoi import selectors, services
from pact.support.eoi.forms import DecisionForm, EoiForm
from pact.support.models import EoiStatus
from pact.support.web import form_error, status_for
from partnerships.workspace.selectors import admin_organisations

MULTI_FIELDS = ("countries", "partners")


def _partner_options(form_data, search_text: str, lead_id) -> tuple[list[Organisation], set[int]]:
    """The partner checkboxes to show: those already chosen, then the search results."""
    chosen: set[int] = set()
    for value in form_data:
        try:
            chosen.add(int(value))
        except (TypeError, ValueError):
            continue
    options = list(access.public_organisations().filter(pk__in=chosen).order_by("name"))
    text = search_text.strip()
    if len(text) >= 2:
        from django.db.models import Q

        found = (
            access.public_organisations()
            .filter(Q(name__icontains=text) | Q(acronym__icontains=text))
            .exclude(pk__in=chosen)
            .order_by("name")[:20]
        )
        options += [o for o in found if str(o.pk) != str(lead_id)]
    return options, chosen


def _initial_from_post(request: HttpRequest) -> dict:
    """What was typed, as initial values: a search must not show validation errors."""
    initial: dict = {}
    for key in request.POST:
        if key == "csrfmiddlewaretoken":
            continue
        initial[key] = request.POST.getlist(key) if key in MULTI_FIELDS else request.POST.get(key)
    return initial


def _render_form(request, form: EoiForm, *, eoi=None, searched: str = "", status: int = 200):
    if form.is_bound:
        chosen_values = request.POST.getlist("partners")
        lead_id = form.data.get("lead_organisation")
    else:
        chosen_values = form.initial.get("partners") or []
        lead_id = form.initial.get("lead_organisation")
    options, chosen = _partner_options(chosen_values, searched, lead_id)
    return render(
        request,
        "support/eoi_form.html",
        {
            "form": form,
            "eoi": eoi,
            "partner_options": options,
            "chosen_partners": chosen,
            "searched": searched,
            "resubmitting": eoi is not None and eoi.status == EoiStatus.INFO_REQUESTED,
        },
        status=status,
    )


@login_required
def eoi_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "support/eoi_list.html",
        {
            "eois": selectors.my_eois(request.user),
            "can_propose": admin_organisations(request.user).exists(),
            "can_triage": access.can(request.user, Perm.STAFF_SUPPORT),
        },
    )


@login_required
def eoi_create(request: HttpRequest) -> HttpResponse:
    if not admin_organisations(request.user).exists():
        return render(request, "support/eoi_unavailable.html")
    if request.method == "POST" and request.POST.get("action") == "search":
        form = EoiForm(user=request.user, initial=_initial_from_post(request))
        return _render_form(request, form, searched=request.POST.get("partner_q", ""))
    form = EoiForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            eoi = services.submit_eoi(
                actor=request.user,
                lead_organisation=form.cleaned_data["lead_organisation"],
                data=form.eoi_data(),
                regions=form.cleaned_data["region_codes"],
                partners=form.cleaned_data["partners"],
                others=form.cleaned_data["other_partners"],
            )
        except SupportError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your expression of interest is sent. Support services will answer it; you "
                    "will get an email."
                ),
            )
            return redirect("support:eoi_detail", eoi.pk)
    return _render_form(request, form, status=status_for(form))


@login_required
def eoi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    eoi = selectors.get_eoi_or_404(request.user, pk)
    can_triage = access.can(request.user, Perm.STAFF_SUPPORT)
    return render(
        request,
        "support/eoi_detail.html",
        {
            **selectors.eoi_detail_context(eoi),
            "can_edit": access.can_edit_eoi(request.user, eoi),
            "can_triage": can_triage and eoi.is_open,
            "decision_form": DecisionForm() if can_triage and eoi.is_open else None,
        },
    )


@login_required
def eoi_edit(request: HttpRequest, pk: int) -> HttpResponse:
    eoi = selectors.get_eoi_or_404(request.user, pk)
    if not access.can_edit_eoi(request.user, eoi):
        raise Http404
    resubmitting = eoi.status == EoiStatus.INFO_REQUESTED
    if request.method == "POST" and request.POST.get("action") == "search":
        form = EoiForm(
            user=request.user,
            eoi=eoi,
            resubmitting=resubmitting,
            initial=_initial_from_post(request),
        )
        return _render_form(request, form, eoi=eoi, searched=request.POST.get("partner_q", ""))
    form = EoiForm(
        request.POST or None,
        user=request.user,
        eoi=eoi,
        resubmitting=resubmitting,
        initial=EoiForm.initial_for(eoi) | {"lock_version": eoi.lock_version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_eoi(
                eoi,
                actor=request.user,
                data=form.eoi_data(),
                regions=form.cleaned_data["region_codes"],
                partners=form.cleaned_data["partners"],
                others=form.cleaned_data["other_partners"],
                lock_version=form.cleaned_data.get("lock_version") or 0,
                note=form.cleaned_data.get("note") or "",
            )
        except SupportError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Your expression of interest is sent back to support services.")
                if resubmitting
                else _("Your expression of interest is saved."),
            )
            return redirect("support:eoi_detail", eoi.pk)
    return _render_form(request, form, eoi=eoi, status=status_for(form))


@login_required
@require_POST
def eoi_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    eoi = selectors.get_eoi_or_404(request.user, pk)
    if not access.can_edit_eoi(request.user, eoi):
        raise Http404
    try:
        services.withdraw_eoi(eoi, actor=request.user)
    except SupportError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your expression of interest is withdrawn."))
    return redirect("support:eoi_detail", eoi.pk)


@staff_required(Perm.STAFF_SUPPORT)
@require_POST
def eoi_decide(request: HttpRequest, pk: int) -> HttpResponse:
    eoi = selectors.get_eoi_or_404(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        try:
            if decision == DecisionForm.ACCEPT:
                partnership = services.accept_eoi(eoi, actor=request.user, comment=comment)
                messages.success(
                    request,
                    _("%(name)s is set up as a draft partnership and its partners are invited.")
                    % {"name": partnership.name},
                )
            elif decision == DecisionForm.INFO:
                services.request_information(eoi, actor=request.user, comment=comment)
                messages.success(request, _("The proposer is asked for more information."))
            else:
                services.decline_eoi(eoi, actor=request.user, comment=comment)
                messages.success(request, _("The expression of interest is declined."))
        except SupportError as error:
            form_error(form, error)
        else:
            return redirect("support:eoi_detail", eoi.pk)
    eoi = selectors.get_eoi_or_404(request.user, pk)
    return render(
        request,
        "support/eoi_detail.html",
        {
            **selectors.eoi_detail_context(eoi),
            "can_edit": access.can_edit_eoi(request.user, eoi),
            "can_triage": eoi.is_open,
            "decision_form": form,
        },
        status=400,
    )


@staff_required(Perm.STAFF_SUPPORT)
def eoi_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    return render(
        request,
        "support/eoi_queue.html",
        {
            "eois": selectors.triage_queue(status),
            "status": status if status in EoiStatus.values else "",
            "statuses": EoiStatus.choices,
        },
    )
