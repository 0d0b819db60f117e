"""A partnership's own pages: setting it up, the workspace and its notes, invitations, join
requests, members and coordination, and the staff's stage and closing pages. Outsiders get 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import Organisation
from pact import access
from pact.access import Perm
from pact.access.decorators import staff_required
from partnerships.common import PartnershipError
from partnerships.models import (
    InternalNote,
    JoinRequest,
    Partnership,
    PartnershipInvitation,
    PartnershipKind,
)
from partnerships.web import form_error, is_partial
from partnerships.workspace import forms, invitations, selectors, setup
from partnerships.workspace import membership as membership_services
from partnerships.workspace import stages as lifecycle


def _workspace(partnership: Partnership) -> HttpResponse:
    return redirect("partnerships:workspace", partnership.slug)


# --- set-up and profile --------------------------------------------------------------------------


@login_required
def create(request: HttpRequest) -> HttpResponse:
    organisations = list(selectors.admin_organisations(request.user))
    if not organisations:
        return render(request, "partnerships/create_unavailable.html", status=200)
    form = forms.PartnershipForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            partnership = setup.create_partnership(
                organisation=form.cleaned_data["organisation"],
                actor=request.user,
                data=form.profile_data(),
                regions=form.cleaned_data["region_codes"],
            )
        except PartnershipError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("The partnership is set up as a draft. Invite your member organisations next."),
            )
            return _workspace(partnership)
    return render(
        request,
        "partnerships/form.html",
        {"form": form, "kinds": PartnershipKind, "editing": False},
    )


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_COORDINATE, slug=slug)
    form = forms.PartnershipForm(
        request.POST or None, instance=partnership, user=request.user, editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            setup.update_profile(
                partnership,
                actor=request.user,
                data=form.profile_data(),
                regions=form.cleaned_data["region_codes"],
                lock_version=form.cleaned_data.get("lock_version") or 0,
            )
        except PartnershipError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The partnership profile is saved."))
            return _workspace(partnership)
    return render(
        request,
        "partnerships/form.html",
        {"form": form, "partnership": partnership, "kinds": PartnershipKind, "editing": True},
    )


# --- workspace -----------------------------------------------------------------------------------


def _render_workspace(request, partnership, **forms_context) -> HttpResponse:
    context = selectors.workspace_context(partnership, request.user, request.GET.get("notes"))
    context.setdefault("note_form", forms.NoteForm())
    context.setdefault("support_note_form", forms.NoteForm(prefix="support"))
    context.update(forms_context)
    status = 400 if any(getattr(f, "errors", None) for f in forms_context.values()) else 200
    return render(request, "partnerships/workspace.html", context, status=status)


@login_required
def workspace(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_VIEW, slug=slug)
    return _render_workspace(request, partnership)


@login_required
@require_POST
def add_note(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_CONTRIBUTE, slug=slug)
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        try:
            membership_services.add_note(
                partnership, actor=request.user, body=form.cleaned_data["body"]
            )
        except PartnershipError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your note is posted."))
            return redirect(reverse("partnerships:workspace", args=[slug]) + "#notes")
    return _render_workspace(request, partnership, note_form=form)


@login_required
@require_POST
def add_support_note(request: HttpRequest, slug: str) -> HttpResponse:
    if not access.can(request.user, Perm.STAFF_SUPPORT):
        raise Http404
    partnership = access.get_partnership_or_404(request.user, Perm.PS_SUPPORT_NOTES, slug=slug)
    form = forms.NoteForm(request.POST, prefix="support")
    if form.is_valid():
        try:
            membership_services.add_note(
                partnership,
                actor=request.user,
                body=form.cleaned_data["body"],
                audience=InternalNote.Audience.SUPPORT,
            )
        except PartnershipError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The support note is posted."))
            return redirect(reverse("partnerships:workspace", args=[slug]) + "#support-notes")
    return _render_workspace(request, partnership, support_note_form=form)


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
        invitations.revoke_invitation(invitation, actor=request.user)
    except PartnershipError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitation is withdrawn."))
    return _workspace(partnership)


@login_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation page: for an organisation's administrators, or for whoever holds the link
    of an invitation sent to an address (they accept on behalf of one of their organisations)."""
    invitation = selectors.open_invitation_by_token(token)
    if invitation is None:
        raise Http404
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
                return _workspace(invitation.partnership)
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
            invitations.accept_join_request(join_request, actor=request.user)
            messages.success(
                request, _("%(org)s is now a member.") % {"org": join_request.organisation}
            )
        elif decision == "decline":
            invitations.decline_join_request(join_request, actor=request.user)
            messages.success(
                request,
                _("You declined the request of %(org)s.") % {"org": join_request.organisation},
            )
        else:
            raise Http404
    except PartnershipError as error:
        messages.error(request, error.message)
    return _workspace(partnership)


# --- members and coordination --------------------------------------------------------------------


@login_required
def remove_member(request: HttpRequest, slug: str, organisation_id: int) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_COORDINATE, slug=slug)
    membership = selectors.membership_of(partnership, organisation_id)
    if membership is None:
        raise Http404
    if request.method == "POST":
        try:
            membership_services.remove_member(
                partnership, membership.organisation, actor=request.user
            )
        except PartnershipError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(org)s is no longer a member.") % {"org": membership.organisation},
            )
        return _workspace(partnership)
    return render(
        request,
        "partnerships/remove_member.html",
        {"partnership": partnership, "membership": membership},
    )


@login_required
@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_VIEW, slug=slug)
    try:
        organisation_id = int(request.POST.get("organisation", ""))
    except ValueError:
        raise Http404 from None
    membership = selectors.membership_of(partnership, organisation_id)
    if membership is None or not access.can(request.user, Perm.ORG_CHANGE, membership.organisation):
        raise Http404
    try:
        membership_services.leave_partnership(
            partnership, membership.organisation, actor=request.user
        )
    except PartnershipError as error:
        messages.error(request, error.message)
        return _workspace(partnership)
    messages.success(
        request,
        _("%(org)s has left %(partnership)s.")
        % {"org": membership.organisation, "partnership": partnership},
    )
    return redirect("dashboard")


@login_required
def handover(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_COORDINATE, slug=slug)
    form = forms.HandoverForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            membership_services.hand_over_coordination(
                partnership, organisation, actor=request.user
            )
        except PartnershipError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("%(org)s now coordinates the partnership.") % {"org": organisation}
            )
            return _workspace(partnership)
    return render(
        request,
        "partnerships/handover.html",
        {"partnership": partnership, "form": form},
        status=400 if form.errors else 200,
    )


# --- staff ---------------------------------------------------------------------------------------


@staff_required(Perm.STAFF_SUPPORT)
def change_stage(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_VIEW, slug=slug)
    form = forms.StageForm(request.POST or None, initial={"stage": partnership.stage})
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.change_stage(
                partnership,
                form.cleaned_data["stage"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except PartnershipError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The life-cycle stage is updated."))
            return redirect(reverse("partnerships:workspace", args=[slug]) + "#stage-history")
    return render(
        request,
        "partnerships/stage_form.html",
        {"partnership": partnership, "form": form},
        status=400 if form.errors else 200,
    )


@staff_required(Perm.STAFF_REVIEW)
def close(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_VIEW, slug=slug)
    form = forms.CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.close_partnership(
                partnership, actor=request.user, note=form.cleaned_data["note"]
            )
        except PartnershipError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The partnership is closed."))
            return _workspace(partnership)
    return render(
        request,
        "partnerships/close.html",
        {"partnership": partnership, "form": form},
        status=400 if form.errors else 200,
    )


@staff_required(Perm.STAFF)
def stages(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    include_closed = request.GET.get("closed") == "1"
    return render(
        request,
        "partnerships/stages.html",
        {
            "groups": selectors.stage_overview(kind, include_closed),
            "kind": kind if kind in PartnershipKind.values else "",
            "kinds": PartnershipKind.choices,
            "include_closed": include_closed,
        },
    )
