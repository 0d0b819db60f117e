"""Colleagues: inviting people by email, revoking, removing, roles, handing the admin role over,
leaving, and answering an invitation. Outsiders get 404."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import common
from members.colleagues import selectors
from members.colleagues import services as colleagues
from members.colleagues.forms import InvitationForm, RoleForm
from members.colleagues.signals import PENDING_INVITATION
from members.models import (
    OrganisationRole,
)
from pact import access
from pact.access import Perm

DIRECTORY_PAGE_SIZE = 20
RESULTS_TARGET = "directory-results"


@login_required
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = access.get_organisation_or_404(request.user, Perm.ORG_CHANGE, slug=slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = colleagues.invite(
                organisation,
                request.user,  # type: ignore[arg-type]
                form.cleaned_data["email"],
                form.cleaned_data["role"],
            )
        except common.MembershipError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("members:manage", slug=organisation.slug)
    return render(
        request,
        "members/invite.html",
        {
            "organisation": organisation,
            "form": form,
            "valid_days": settings.INVITATION_VALIDITY_DAYS,
        },
    )


@login_required
@require_POST
def revoke_invitation(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = access.get_organisation_or_404(request.user, Perm.ORG_CHANGE, slug=slug)
    invitation = get_object_or_404(organisation.invitations, pk=pk)
    colleagues.revoke_invitation(invitation, request.user)  # type: ignore[arg-type]
    messages.success(
        request, _("The invitation to %(email)s is revoked.") % {"email": invitation.email}
    )
    return redirect("members:manage", slug=organisation.slug)


def _membership_action(request: HttpRequest, slug: str, pk: int, action) -> HttpResponse:
    organisation = access.get_organisation_or_404(request.user, Perm.ORG_CHANGE, slug=slug)
    membership = get_object_or_404(
        organisation.memberships.select_related("user", "organisation"), pk=pk
    )
    try:
        message = action(membership)
    except common.MembershipError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, message)
    if not access.can(request.user, Perm.ORG_VIEW, organisation):
        return redirect("dashboard")
    return redirect("members:manage", slug=organisation.slug)


@login_required
@require_POST
def remove_member(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def action(membership):
        colleagues.remove_member(membership, request.user)
        access.forget(request.user)
        return _("%(name)s no longer acts for the organisation.") % {
            "name": membership.user.display_name
        }

    return _membership_action(request, slug, pk, action)


@login_required
@require_POST
def change_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    form = RoleForm(request.POST)

    def action(membership):
        if not form.is_valid():
            raise common.MembershipError(_("Choose a role."))
        colleagues.change_role(membership, request.user, form.cleaned_data["role"])
        access.forget(request.user)
        return _("%(name)s is now %(role)s.") % {
            "name": membership.user.display_name,
            "role": OrganisationRole(form.cleaned_data["role"]).label,
        }

    return _membership_action(request, slug, pk, action)


@login_required
@require_POST
def hand_over(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def action(membership):
        colleagues.hand_over_admin(membership, request.user)
        return _("%(name)s is now the admin; you are a contributor.") % {
            "name": membership.user.display_name
        }

    return _membership_action(request, slug, pk, action)


@login_required
@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = access.get_organisation_or_404(request.user, Perm.ORG_VIEW, slug=slug)
    if organisation.pk not in access.organisation_ids(request.user):  # staff who are not members
        raise Http404
    try:
        colleagues.leave(organisation, request.user)  # type: ignore[arg-type]
    except common.MembershipError as exc:
        messages.error(request, exc.message)
        return redirect("members:manage", slug=organisation.slug)
    messages.success(request, _("You no longer act for %(name)s.") % {"name": organisation.name})
    return redirect("dashboard")


# --- invitations -----------------------------------------------------------------------------------------


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation mail: sign in (or sign up) with the invited address, then accept."""
    found = selectors.invitation_by_token(token)
    if found is None:
        raise Http404
    user = request.user
    if not colleagues.invitation_is_open(found):
        accepted = request.method == "GET" and found.accepted_at
        if accepted and colleagues.user_may_accept(found, user):  # type: ignore[arg-type]
            # Applied when this person confirmed their new account: on to the organisation.
            return redirect("members:manage", slug=found.organisation.slug)
        return render(request, "members/invitation_closed.html", status=410)
    if not user.is_authenticated:
        request.session[PENDING_INVITATION] = found.token
    if user.is_authenticated and not colleagues.user_may_accept(found, user):  # type: ignore[arg-type]
        return render(request, "members/invitation_wrong_account.html", status=404)
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            colleagues.accept_invitation(found, user)  # type: ignore[arg-type]
        except common.MembershipError as exc:
            messages.error(request, exc.message)
            return redirect("dashboard")
        messages.success(request, _("Welcome to %(name)s.") % {"name": found.organisation.name})
        return redirect("members:manage", slug=found.organisation.slug)
    return render(
        request,
        "members/invitation.html",
        {"invitation": found, "next": request.get_full_path()},
    )
