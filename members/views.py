"""Pages for members: the public directory and profiles, joining, the organisation's own pages,
invitations, supporters, umbrella imports and the staff queue of applications."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from members import imports, selectors, services
from members.forms import (
    ApplicationForm,
    DecisionForm,
    DirectoryFilterForm,
    ImportConfirmForm,
    ImportUploadForm,
    InvitationForm,
    ProfileForm,
    RoleForm,
    region_choices,
)
from members.models import (
    MemberImport,
    Organisation,
    OrganisationRole,
    OrganisationStatus,
    OrganisationType,
)
from pact import access
from pact.access import Perm
from pact.decorators import staff_required

DIRECTORY_PAGE_SIZE = 20
RESULTS_TARGET = "directory-results"

# --- public -----------------------------------------------------------------------------------------


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    country = request.GET.get("country", "")
    form = DirectoryFilterForm(
        request.GET,
        country_options=selectors.directory_country_options(),
        region_options=selectors.directory_region_options(country),
    )
    filters = form.filters()
    page = Paginator(selectors.directory(filters), DIRECTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = urlencode({k: v for k, v in filters.items() if v})
    context = {
        "form": form,
        "page": page,
        "query": query,
        "filtered": any(filters.values()),
        "results_target": RESULTS_TARGET,
    }
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == RESULTS_TARGET:
        return render(request, "members/_directory_results.html", {**context, "oob": True})
    return render(request, "members/directory.html", context)


@require_GET
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.visible_organisation(request.user, slug)
    if organisation is None:
        raise Http404
    return render(
        request,
        "members/profile.html",
        {
            "organisation": organisation,
            "partnerships": selectors.public_partnerships_of(organisation),
            "can_view_private": access.can(request.user, Perm.ORG_VIEW, organisation),
        },
    )


@require_GET
def region_options(request: HttpRequest) -> HttpResponse:
    """The NUTS regions of a country as <option>s, for the country field's htmx enhancement."""
    country = request.GET.get("country", "").upper()[:2]
    return render(
        request,
        "members/_region_options.html",
        {"choices": region_choices(country if country.isalpha() else None)},
    )


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
            except services.MembershipError as exc:
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
        return redirect("members:supporter")
    return render(request, "members/supporter.html")


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
            invitation = services.invite(
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
    services.revoke_invitation(invitation, request.user)  # type: ignore[arg-type]
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
        services.remove_member(membership, request.user)
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
        services.change_role(membership, request.user, form.cleaned_data["role"])
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
        services.hand_over_admin(membership, request.user)
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
        services.leave(organisation, request.user)  # type: ignore[arg-type]
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
    if not services.invitation_is_open(found):
        return render(request, "members/invitation_closed.html", status=410)
    user = request.user
    if user.is_authenticated and not services.user_may_accept(found, user):  # type: ignore[arg-type]
        return render(request, "members/invitation_wrong_account.html", status=404)
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services.accept_invitation(found, user)  # type: ignore[arg-type]
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
            member_import = services.check_member_import(
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
            services.discard_member_import(member_import, request.user)  # type: ignore[arg-type]
            messages.success(request, _("The import is discarded; nothing was created."))
            return redirect("members:manage", slug=organisation.slug)
        if form.is_valid():
            try:
                created = services.confirm_member_import(member_import, request.user)  # type: ignore[arg-type]
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
            )
        except services.MembershipError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(
                request,
                (_("%(name)s is approved.") if approve else _("%(name)s is rejected."))
                % {"name": organisation.name},
            )
            return redirect("members:applications")
    return render(
        request,
        "members/application.html",
        {
            "organisation": organisation,
            "form": form,
            "people": selectors.people(organisation),
            "waiting": organisation.status == OrganisationStatus.APPLIED,
        },
    )
