"""Invitations and join requests: inviting organisations or people by email, answering an
invitation, asking to join, and the coordinator's answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import Organisation
from pact import access
from pact.access import Perm
from pact.kernel import assurance
from partnerships.common import PartnershipError
from partnerships.models import (
    JoinRequest,
    PartnershipInvitation,
)
from partnerships.web import form_error, is_partial, to_workspace
from partnerships.workspace import forms, invitations, selectors

# --- invitations ---------------------------------------------------------------------------------


@login_required
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    """Search member organisations and invite one; or invite an address. Works without JS;
    with htmx the search results refresh as one types."""
    partnership = access.get_partnership_or_404(request.user, Perm.PS_COORDINATE, slug=slug)
    # The search text travels with the invitation form too, so a refused invitation keeps it.
    search = forms.OrganisationSearchForm(
        {"q": request.POST.get("q", "")} if request.method == "POST" else request.GET or None
    )
    text = search.cleaned_data["q"] if search.is_valid() else ""
    results = selectors.invitable_organisations(partnership, text)
    if request.method == "GET" and is_partial(request):
        return render(
            request,
            "partnerships/_organisation_results.html",
            {"results": results, "search_text": text, "partnership": partnership},
        )
    org_form = forms.InviteOrganisationForm(request.POST or None)
    email_form = forms.InviteEmailForm()
    if request.method == "POST" and org_form.is_valid():
        organisation = org_form.cleaned_data["organisation"]
        try:
            invitations.invite_organisation(
                partnership,
                organisation,
                actor=request.user,
                sign_in=assurance.of(request),
                message=org_form.cleaned_data["message"],
            )
        except PartnershipError as error:
            form_error(org_form, error)
        else:
            messages.success(
                request,
                _("%(org)s is invited. Its administrators have been notified.")
                % {"org": organisation},
            )
            return redirect("partnerships:invite", partnership.slug)
    return _render_invite(request, partnership, search, results, text, org_form, email_form)


def _render_invite(request, partnership, search, results, text, org_form, email_form):
    failed = bool(org_form.errors or email_form.errors)
    return render(
        request,
        "partnerships/invite.html",
        {
            "partnership": partnership,
            "search_form": search,
            "results": results,
            "search_text": text,
            "org_form": org_form,
            "email_form": email_form,
            "invitations": selectors.open_invitations(partnership),
            "now": timezone.now(),
        },
        status=400 if failed else 200,
    )


@login_required
@require_POST
def invite_email(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_COORDINATE, slug=slug)
    email_form = forms.InviteEmailForm(request.POST)
    if email_form.is_valid():
        try:
            invitations.invite_by_email(
                partnership,
                email_form.cleaned_data["email"],
                actor=request.user,
                sign_in=assurance.of(request),
                message=email_form.cleaned_data["message"],
            )
        except PartnershipError as error:
            form_error(email_form, error)
        else:
            messages.success(
                request,
                _("An invitation is on its way to %(email)s.")
                % {"email": email_form.cleaned_data["email"]},
            )
            return redirect("partnerships:invite", partnership.slug)
    search = forms.OrganisationSearchForm()
    return _render_invite(
        request, partnership, search, [], "", forms.InviteOrganisationForm(), email_form
    )


@login_required
@require_POST
def revoke_invitation(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_COORDINATE, slug=slug)
    invitation = get_object_or_404(PartnershipInvitation, pk=pk, partnership=partnership)
    try:
        invitations.revoke_invitation(invitation, actor=request.user, sign_in=assurance.of(request))
    except PartnershipError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitation is withdrawn."))
    return to_workspace(partnership)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation page: for an organisation's administrators, or for whoever holds the link
    of an invitation sent to an address (they accept on behalf of one of their organisations).

    Signed out, it says who invited whom to what and offers to create an account (or sign in),
    coming back here afterwards."""
    invitation = selectors.open_invitation_by_token(token)
    if invitation is None:
        raise Http404
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(
            request,
            "partnerships/invitation.html",
            {
                "invitation": invitation,
                "partnership": invitation.partnership,
                "signed_out": True,
                "next": request.get_full_path(),
                "is_expired": invitations.invitation_is_expired(invitation),
            },
        )
    if invitation.organisation is not None and not access.can(
        request.user, Perm.ORG_CHANGE, invitation.organisation
    ):
        raise Http404
    organisations: list[Organisation] = (
        [invitation.organisation]
        if invitation.organisation
        else list(selectors.admin_organisations(request.user).order_by("name"))
    )
    form = forms.OrganisationChoiceForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and invitation.status == PartnershipInvitation.Status.OPEN:
        action = request.POST.get("action")
        if action == "decline":
            try:
                invitations.decline_invitation(invitation, actor=request.user)
            except PartnershipError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("You declined the invitation."))
            return redirect("dashboard")
        if action == "accept" and form.is_valid():
            try:
                invitations.accept_invitation(
                    invitation, actor=request.user, organisation=form.cleaned_data["organisation"]
                )
            except PartnershipError as error:
                form_error(form, error)
            else:
                messages.success(
                    request,
                    _("Welcome to %(partnership)s.") % {"partnership": invitation.partnership},
                )
                return to_workspace(invitation.partnership)
    return render(
        request,
        "partnerships/invitation.html",
        {
            "invitation": invitation,
            "partnership": invitation.partnership,
            "form": form,
            "organisations": organisations,
            "is_expired": invitations.invitation_is_expired(invitation),
            "pending_organisations": list(
                access.user_organisations(request.user, Perm.ORG_CHANGE).exclude(status="active")
            ),
        },
        status=400 if form.errors else 200,
    )


# --- join requests -------------------------------------------------------------------------------


@login_required
def join(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = (
        access.partnerships_visible_to(request.user)
        .select_related("coordinator")
        .filter(slug=slug)
        .first()
    )
    if partnership is None:
        raise Http404
    organisations, pending = selectors.joinable_organisations(request.user, partnership)
    form = forms.JoinRequestForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.request_to_join(
                partnership,
                form.cleaned_data["organisation"],
                actor=request.user,
                message=form.cleaned_data["message"],
            )
        except PartnershipError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Your request is sent. The coordinator will answer it; you will get an email."),
            )
            return redirect("partnerships:detail", partnership.slug)
    return render(
        request,
        "partnerships/join.html",
        {
            "partnership": partnership,
            "form": form,
            "organisations": organisations,
            "pending": pending,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def answer_join_request(request: HttpRequest, slug: str, pk: int, decision: str) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_COORDINATE, slug=slug)
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("organisation"), pk=pk, partnership=partnership
    )
    try:
        if decision == "accept":
            invitations.accept_join_request(
                join_request, actor=request.user, sign_in=assurance.of(request)
            )
            messages.success(
                request, _("%(org)s is now a member.") % {"org": join_request.organisation}
            )
        elif decision == "decline":
            invitations.decline_join_request(
                join_request, actor=request.user, sign_in=assurance.of(request)
            )
            messages.success(
                request,
                _("You declined the request of %(org)s.") % {"org": join_request.organisation},
            )
        else:
            raise Http404
    except PartnershipError as error:
        messages.error(request, error.message)
    return to_workspace(partnership)
