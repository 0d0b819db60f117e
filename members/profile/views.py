"""An organisation's own pages: the private overview (people, invitations, imports) and editing
its profile. Outsiders get 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from members import common
from members.colleagues import selectors as colleague_selectors
from members.imports import selectors as import_selectors
from members.models import (
    Organisation,
    OrganisationRole,
    OrganisationStatus,
)
from members.profile import services
from members.profile.forms import ProfileForm
from pact import access
from pact.access import Perm
from pact.kernel.outbox import bounces

# --- the organisation's own pages ----------------------------------------------------------------------


@login_required
@require_GET
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = access.get_organisation_or_404(request.user, Perm.ORG_VIEW, slug=slug)
    can_change = access.can(request.user, Perm.ORG_CHANGE, organisation)
    people = list(colleague_selectors.people(organisation))
    own = next((m for m in people if m.user_id == request.user.pk), None)
    return render(
        request,
        "members/manage.html",
        {
            "organisation": organisation,
            "people": people,
            "own_membership": own,
            "admin_count": sum(1 for m in people if m.role == OrganisationRole.ADMIN),
            "invitations": colleague_selectors.open_invitations(organisation) if can_change else [],
            "imports": import_selectors.recent_imports(organisation) if can_change else [],
            "brought_in": import_selectors.brought_in(organisation),
            "can_change": can_change,
            "role_choices": OrganisationRole.choices,
            "is_active": organisation.status == OrganisationStatus.ACTIVE,
            "may_staff": access.can(request.user, Perm.STAFF_REVIEW),
            # Staff see which addresses the mail service reported as bouncing or complaining.
            "undeliverable": bounces.undeliverable(m.user.email for m in people)
            if request.user.is_staff
            else set(),
        },
    )


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = access.get_organisation_or_404(request.user, Perm.ORG_CHANGE, slug=slug)
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
            except common.ConcurrentEdit as exc:
                form.add_error(None, exc.message)
                current = Organisation.objects.select_related("nuts_region").get(pk=organisation.pk)
                # Once the person has seen the newer version, a second save is theirs to make.
                data = request.POST.copy()
                data["lock_version"] = str(current.lock_version)
                form.data = data
            except common.MembershipError as exc:
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
