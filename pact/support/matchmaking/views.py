"""Matchmaking: members find potential partners and ask them, through the portal, to get in touch."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pact import access
from pact.support.common import SupportError
from pact.support.matchmaking import selectors, services
from pact.support.matchmaking.forms import ContactRequestForm, PartnerSearchForm
from pact.support.matchmaking.services import OPEN_CONTACT_REQUESTS_PER_DAY
from pact.support.web import form_error, is_partial, status_for


def _not_a_member(request: HttpRequest) -> HttpResponse:
    return render(request, "support/matchmaking_unavailable.html")


@login_required
def matchmaking(request: HttpRequest) -> HttpResponse:
    if not access.is_pact_member(request.user):
        return _not_a_member(request)
    form = PartnerSearchForm(request.GET or None)
    filters = selectors.PartnerFilters.from_query(request.GET)
    results = selectors.partner_search(request.user, filters) if filters.is_filtered else []
    context = {
        "form": form,
        "filters": filters,
        "results": results,
        "looking": selectors.partnerships_looking_for_members(filters),
        "open_requests": selectors.open_request_count(request.user),
    }
    template = (
        "support/_partner_results.html" if is_partial(request) else "support/matchmaking.html"
    )
    return render(request, template, context)


@login_required
def contact_create(request: HttpRequest, slug: str) -> HttpResponse:
    if not access.is_pact_member(request.user):
        return _not_a_member(request)
    target = access.public_organisations().filter(slug=slug).first()
    if target is None:
        raise Http404
    organisations = [o for o in access.active_organisations(request.user) if o.pk != target.pk]
    if not organisations:
        raise Http404  # one cannot ask one's own organisation
    form = ContactRequestForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_contact_request(
                actor=request.user,
                from_organisation=form.cleaned_data["from_organisation"],
                to_organisation=target,
                message=form.cleaned_data["message"],
            )
        except SupportError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Your request is sent to %(org)s. You will get an email when they answer.")
                % {"org": target},
            )
            return redirect("support:contact_requests")
    return render(
        request,
        "support/contact_form.html",
        {"form": form, "target": target, "limit": OPEN_CONTACT_REQUESTS_PER_DAY},
        status=status_for(form),
    )


@login_required
def contact_requests(request: HttpRequest) -> HttpResponse:
    return render(
        request, "support/contact_requests.html", selectors.contact_requests_for(request.user)
    )


@login_required
@require_POST
def contact_answer(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    contact = selectors.get_received_request_or_404(request.user, pk)
    if decision not in ("share", "decline"):
        raise Http404
    try:
        services.answer_contact_request(contact, actor=request.user, share=decision == "share")
    except SupportError as error:
        messages.error(request, error.message)
    else:
        text = (
            _("Your contact details are shared with %(org)s.")
            if decision == "share"
            else _("You declined the request of %(org)s.")
        )
        messages.success(request, text % {"org": contact.from_organisation})
    return redirect("support:contact_requests")


@login_required
@require_POST
def contact_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.get_sent_request_or_404(request.user, pk)
    try:
        services.withdraw_contact_request(contact, actor=request.user)
    except SupportError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your request is withdrawn."))
    return redirect("support:contact_requests")
