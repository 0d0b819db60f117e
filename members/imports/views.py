"""Bringing in member organisations from a CSV file: upload, checked preview, confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from members import common
from members.imports import checks as imports
from members.imports import umbrella
from members.imports.forms import ImportConfirmForm, ImportUploadForm
from members.models import (
    MemberImport,
    OrganisationStatus,
    OrganisationType,
)
from pact import access
from pact.access import Perm

# --- umbrella imports ---------------------------------------------------------------------------------


@login_required
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = access.get_organisation_or_404(request.user, Perm.ORG_CHANGE, slug=slug)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            member_import = umbrella.check_member_import(
                organisation,
                request.user,  # type: ignore[arg-type]
                form.cleaned_data["file"],
            )
        except (imports.ImportFileError, common.MembershipError) as exc:
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
    organisation = access.get_organisation_or_404(request.user, Perm.ORG_CHANGE, slug=slug)
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
            except common.MembershipError as exc:
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
