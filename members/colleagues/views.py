"""An organisation's own pages: the private overview, profile editing, colleagues and their
invitations, and bringing in member organisations from a CSV file. Outsiders get 404."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from members.colleagues import services as colleagues
from members.directory import selectors
from members.forms import (
    ImportConfirmForm,
    ImportUploadForm,
    InvitationForm,
    ProfileForm,
    RoleForm,
)
from members.imports import checks as imports
from members.imports import umbrella
from members.joining import services
from members.models import (
    MemberImport,
    Organisation,
    OrganisationRole,
    OrganisationStatus,
    OrganisationType,
)
from pact import access
from pact.access import Perm

DIRECTORY_PAGE_SIZE = 20
RESULTS_TARGET = "directory-results"

# --- the organisation's own pages ----------------------------------------------------------------------


def _organisation(request: HttpRequest, slug: str, perm: str) -> Organisation:
    return access.get_organisation_or_404(request.user, perm, slug=slug)


@login_required
@require_GET
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, Perm.ORG_VIEW)
    can_change = access.can(request.user, Perm.ORG_CHANGE, organisation)
    people = list(selectors.people(organisation))
    own = next((m for m in people if m.user_id == request.user.pk), None)
    return render(
        request,
        "members/manage.html",
        {
            "organisation": organisation,
            "people": people,
            "own_membership": own,
            "admin_count": sum(1 for m in people if m.role == OrganisationRole.ADMIN),
            "invitations": selectors.open_invitations(organisation) if can_change else [],
            "imports": selectors.recent_imports(organisation) if can_change else [],
            "brought_in": selectors.brought_in(organisation),
            "can_change": can_change,
            "role_choices": OrganisationRole.choices,
            "is_active": organisation.status == OrganisationStatus.ACTIVE,
        },
    )


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, Perm.ORG_CHANGE)
    current = None
    if request.method == "POST" and "show_regions" in request.POST:
        form = ProfileForm(instance=organisation, initial=request.POST.dict())
    elif request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=organisation)
        if form.is_valid():
            try:
                services.update_profile(
                    organisation,
                    request.user,  # type: ignore[arg-type]
                    form.profile_data(),
                    expected_version=form.cleaned_data["lock_version"],
                    logo=form.cleaned_data.get("logo"),
                    remove_logo=form.cleaned_data.get("remove_logo", False),
                )
            except services.ConcurrentEdit as exc:
                form.add_error(None, exc.message)
                current = Organisation.objects.select_related("nuts_region").get(pk=organisation.pk)
                # Once the person has seen the newer version, a second save is theirs to make.
                data = request.POST.copy()
                data["lock_version"] = str(current.lock_version)
                form.data = data
            except services.MembershipError as exc:
                form.add_error(exc.field, exc.message)
            else:
                messages.success(request, _("The profile is saved."))
                return redirect("members:manage", slug=organisation.slug)
    else:
        form = ProfileForm(
            instance=organisation, initial={"lock_version": organisation.lock_version}
        )
    organisation = Organisation.objects.get(pk=organisation.pk)
    return render(
        request,
        "members/edit.html",
        {"organisation": organisation, "form": form, "current": current},
    )


@login_required
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, Perm.ORG_CHANGE)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = colleagues.invite(
                organisation,
                request.user,  # type: ignore[arg-type]
                form.cleaned_data["email"],
                form.cleaned_data["role"],
            )
        except services.MembershipError as exc:
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
    organisation = _organisation(request, slug, Perm.ORG_CHANGE)
    invitation = get_object_or_404(organisation.invitations, pk=pk)
    colleagues.revoke_invitation(invitation, request.user)  # type: ignore[arg-type]
    messages.success(
        request, _("The invitation to %(email)s is revoked.") % {"email": invitation.email}
    )
    return redirect("members:manage", slug=organisation.slug)


def _membership_action(request: HttpRequest, slug: str, pk: int, action) -> HttpResponse:
    organisation = _organisation(request, slug, Perm.ORG_CHANGE)
    membership = get_object_or_404(
        organisation.memberships.select_related("user", "organisation"), pk=pk
    )
    try:
        message = action(membership)
    except services.MembershipError as exc:
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
            raise services.MembershipError(_("Choose a role."))
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
    organisation = _organisation(request, slug, Perm.ORG_VIEW)
    if organisation.pk not in access.organisation_ids(request.user):  # staff who are not members
        raise Http404
    try:
        colleagues.leave(organisation, request.user)  # type: ignore[arg-type]
    except services.MembershipError as exc:
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
    if not colleagues.invitation_is_open(found):
        return render(request, "members/invitation_closed.html", status=410)
    user = request.user
    if user.is_authenticated and not colleagues.user_may_accept(found, user):  # type: ignore[arg-type]
        return render(request, "members/invitation_wrong_account.html", status=404)
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            colleagues.accept_invitation(found, user)  # type: ignore[arg-type]
        except services.MembershipError as exc:
            messages.error(request, exc.message)
            return redirect("dashboard")
        messages.success(request, _("Welcome to %(name)s.") % {"name": found.organisation.name})
        return redirect("members:manage", slug=found.organisation.slug)
    return render(
        request,
        "members/invitation.html",
        {"invitation": found, "next": request.get_full_path()},
    )


# --- umbrella imports ---------------------------------------------------------------------------------


@login_required
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, Perm.ORG_CHANGE)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            member_import = umbrella.check_member_import(
                organisation,
                request.user,  # type: ignore[arg-type]
                form.cleaned_data["file"],
            )
        except (imports.ImportFileError, services.MembershipError) as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("members:import_preview", slug=organisation.slug, pk=member_import.pk)
    return render(
        request,
        "members/import_upload.html",
        {
            "organisation": organisation,
            "form": form,
            "columns": imports.COLUMNS,
            "types": OrganisationType.choices,
            "is_active": organisation.status == OrganisationStatus.ACTIVE,
        },
    )


@login_required
def import_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation(request, slug, Perm.ORG_CHANGE)
    member_import = get_object_or_404(MemberImport, pk=pk, organisation=organisation)
    form = ImportConfirmForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "discard":
            umbrella.discard_member_import(member_import, request.user)  # type: ignore[arg-type]
            messages.success(request, _("The import is discarded; nothing was created."))
            return redirect("members:manage", slug=organisation.slug)
        if form.is_valid():
            try:
                created = umbrella.confirm_member_import(member_import, request.user)  # type: ignore[arg-type]
            except services.MembershipError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _(
                        "%(count)s organisations were registered as applications and wait for "
                        "review by the Commission."
                    )
                    % {"count": len(created)},
                )
            return redirect("members:manage", slug=organisation.slug)
    valid = [row for row in member_import.rows if row.get("ok")]
    problems = [
        {
            **problem,
            "label": imports.COLUMN_LABELS.get(problem["column"], problem["column"]),
            "message": imports.describe(problem),
        }
        for problem in member_import.errors
    ]
    return render(
        request,
        "members/import_preview.html",
        {
            "organisation": organisation,
            "member_import": member_import,
            "valid_rows": valid,
            "problems": problems,
            "invalid_count": len(member_import.rows) - len(valid),
            "form": form,
            "columns": [(c, imports.COLUMN_LABELS[c]) for c in imports.COLUMNS],
            "pending": member_import.status == MemberImport.Status.CHECKED,
        },
    )
