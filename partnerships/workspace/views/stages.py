"""Staff pages: changing a partnership's life-cycle stage, closing it, the overview of stages."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pact import access
from pact.access import Perm
from pact.access.decorators import staff_required
from partnerships.common import PartnershipError
from partnerships.models import (
    PartnershipKind,
)
from partnerships.web import form_error, to_workspace
from partnerships.workspace import forms, selectors
from partnerships.workspace import stages as lifecycle

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
            return to_workspace(partnership)
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
            "suggestions": selectors.stage_suggestions(kind),
            "can_change_stage": access.can(request.user, Perm.STAFF_SUPPORT),
            "kind": kind if kind in PartnershipKind.values else "",
            "kinds": PartnershipKind.choices,
            "include_closed": include_closed,
        },
    )
