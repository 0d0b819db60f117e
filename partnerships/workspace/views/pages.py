"""The workspace of a partnership: its page, internal and support notes, members and
coordination. Outsiders get 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pact import access
from pact.access import Perm
from pact.kernel import assurance
from partnerships.common import PartnershipError
from partnerships.models import (
    InternalNote,
)
from partnerships.web import form_error, to_workspace
from partnerships.workspace import forms, selectors
from partnerships.workspace import membership as membership_services

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
                partnership,
                membership.organisation,
                actor=request.user,
                sign_in=assurance.of(request),
            )
        except PartnershipError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(org)s is no longer a member.") % {"org": membership.organisation},
            )
        return to_workspace(partnership)
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
        return to_workspace(partnership)
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
                partnership, organisation, actor=request.user, sign_in=assurance.of(request)
            )
        except PartnershipError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("%(org)s now coordinates the partnership.") % {"org": organisation}
            )
            return to_workspace(partnership)
    return render(
        request,
        "partnerships/handover.html",
        {"partnership": partnership, "form": form},
        status=400 if form.errors else 200,
    )
