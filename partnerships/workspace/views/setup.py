"""Setting a partnership up and editing its profile (kind and area rules: ``partnerships.rules``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from pact import access
from pact.access import Perm
from pact.kernel import assurance
from partnerships.common import PartnershipError
from partnerships.models import (
    PartnershipKind,
)
from partnerships.web import form_error, to_workspace
from partnerships.workspace import forms, selectors, setup

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
            return to_workspace(partnership)
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
                sign_in=assurance.of(request),
                data=form.profile_data(),
                regions=form.cleaned_data["region_codes"],
                lock_version=form.cleaned_data.get("lock_version") or 0,
            )
        except PartnershipError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The partnership profile is saved."))
            return to_workspace(partnership)
    return render(
        request,
        "partnerships/form.html",
        {"form": form, "partnership": partnership, "kinds": PartnershipKind, "editing": True},
    )
