"""A partnership's stakeholder map and agreement surveys (the SACCORD LEP model).

Workspace members read them; the coordinator writes them; everybody else gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from pact import access
from pact.access import Perm
from pact.kernel import tables
from pact.support.common import SupportError
from pact.support.mapping import imports as mapping_imports
from pact.support.mapping import selectors as mapping_selectors
from pact.support.mapping import services as mapping_services
from pact.support.mapping.forms import StakeholderForm, StakeholderImportForm, SurveyForm
from pact.support.models import AgreementSurvey, Stakeholder, StakeholderImport
from pact.support.web import form_error, status_for
from partnerships.models import Partnership


def _member_names(partnership: Partnership) -> list[str]:
    """Suggestions for the member field: the partnership's members and organisations of its area."""
    qs = access.public_organisations()
    members = qs.filter(partnership_memberships__partnership=partnership)
    nearby = qs.filter(country__in=partnership.countries) if partnership.countries else qs.none()
    return list((members | nearby).distinct().order_by("name").values_list("name", flat=True)[:300])


@login_required
def stakeholders(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_VIEW, slug=slug)
    rows = mapping_selectors.stakeholders(partnership)
    return render(
        request,
        "support/stakeholders.html",
        {
            "partnership": partnership,
            "stakeholders": rows,
            "summary": mapping_selectors.summary(partnership, rows),
            "can_coordinate": access.can(request.user, Perm.PS_COORDINATE, partnership),
        },
    )


def _stakeholder_form_page(request, partnership, form, stakeholder=None) -> HttpResponse:
    return render(
        request,
        "support/stakeholder_form.html",
        {
            "partnership": partnership,
            "form": form,
            "stakeholder": stakeholder,
            "member_names": _member_names(partnership),
        },
        status=status_for(form),
    )


@login_required
def stakeholder_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_COORDINATE, slug=slug)
    form = StakeholderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stakeholder = mapping_services.add_stakeholder(
                partnership, actor=request.user, data=form.stakeholder_data()
            )
        except SupportError as error:
            form_error(form, error)
        else:
            messages.success(request, _("%(name)s is on the map.") % {"name": stakeholder.name})
            if request.POST.get("next") == "another":
                return redirect("support:stakeholder_create", partnership.slug)
            return redirect("support:stakeholders", partnership.slug)
    return _stakeholder_form_page(request, partnership, form)


@login_required
def stakeholder_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_COORDINATE, slug=slug)
    stakeholder = get_object_or_404(
        Stakeholder.objects.select_related("organisation", "partnership"),
        pk=pk,
        partnership=partnership,
    )
    form = StakeholderForm(request.POST or None, instance=stakeholder)
    if request.method == "POST" and form.is_valid():
        try:
            mapping_services.update_stakeholder(
                stakeholder,
                actor=request.user,
                data=form.stakeholder_data(),
                lock_version=form.cleaned_data.get("lock_version") or 0,
            )
        except SupportError as error:
            form_error(form, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": stakeholder.name})
            return redirect("support:stakeholders", partnership.slug)
    return _stakeholder_form_page(request, partnership, form, stakeholder)


@login_required
def stakeholder_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_COORDINATE, slug=slug)
    stakeholder = get_object_or_404(
        Stakeholder.objects.select_related("partnership"), pk=pk, partnership=partnership
    )
    if request.method == "POST":
        try:
            mapping_services.remove_stakeholder(stakeholder, actor=request.user)
        except SupportError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("%(name)s is removed from the map.") % {"name": stakeholder.name}
            )
        return redirect("support:stakeholders", partnership.slug)
    return render(
        request,
        "support/stakeholder_delete.html",
        {"partnership": partnership, "stakeholder": stakeholder},
    )


@login_required
def stakeholders_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The stakeholder map as CSV, each row with the partnership's own data."""
    partnership = access.get_partnership_or_404(request.user, Perm.PS_VIEW, slug=slug)
    rows = mapping_selectors.stakeholders(partnership)
    regions = " ".join(partnership.regions.order_by("code").values_list("code", flat=True))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="stakeholders-{partnership.slug}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer = tables.csv_writer(response)
    writer.writerow(
        [
            "partnership",
            "partnership_kind",
            "coordinator",
            "countries",
            "regions",
            "stakeholder",
            "type",
            "influence",
            "power",
            "interest",
            "engagement",
            "pact_member",
            "member_organisation",
            "contact",
            "notes",
        ]
    )
    for row in rows:
        writer.writerow(
            [
                partnership.name,
                partnership.kind,
                partnership.coordinator.name if partnership.coordinator else "",
                " ".join(partnership.countries),
                regions,
                row.name,
                row.type,
                row.influence,
                row.power,
                row.interest,
                row.quadrant,  # type: ignore[attr-defined]
                "yes" if row.organisation_id else "no",
                row.organisation.name if row.organisation else "",
                row.contact,
                row.notes,
            ]
        )
    return response


@login_required
def stakeholder_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a stakeholder list (the mapping template filled in); nothing changes before the
    preview is confirmed."""
    partnership = access.get_partnership_or_404(request.user, Perm.PS_COORDINATE, slug=slug)
    form = StakeholderImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            checked = mapping_imports.check_upload(
                partnership,
                actor=request.user,
                name=upload.name,
                content=upload.read(mapping_imports.MAX_BYTES + 1),
            )
        except SupportError as error:
            form.add_error("file", error.message)
        else:
            return redirect("support:stakeholder_import_preview", partnership.slug, checked.pk)
    return render(
        request,
        "support/stakeholder_import.html",
        {
            "partnership": partnership,
            "form": form,
            "columns": [(c, mapping_imports.COLUMN_LABELS[c]) for c in mapping_imports.COLUMNS],
            "required": mapping_imports.REQUIRED,
            "max_rows": mapping_imports.MAX_ROWS,
        },
        status=status_for(form),
    )


@login_required
def stakeholder_import_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_COORDINATE, slug=slug)
    checked = get_object_or_404(StakeholderImport, pk=pk, partnership=partnership)
    if request.method == "POST":
        if request.POST.get("action") == "discard":
            mapping_imports.discard(checked, actor=request.user)
            messages.info(request, _("The list is discarded; the map did not change."))
            return redirect("support:stakeholders", partnership.slug)
        try:
            counts = mapping_imports.confirm(checked, actor=request.user)
        except SupportError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "The stakeholder map is updated: %(new)s added, %(update)s changed, "
                    "%(unchanged)s already up to date."
                )
                % counts,
            )
        return redirect("support:stakeholders", partnership.slug)
    rows = checked.rows
    return render(
        request,
        "support/stakeholder_import_preview.html",
        {
            "partnership": partnership,
            "checked": checked,
            "rows": rows,
            "to_apply": [row for row in rows if row["action"] != "unchanged"],
            "unchanged": sum(1 for row in rows if row["action"] == "unchanged"),
            "problems": [
                {**p, "label": mapping_imports.COLUMN_LABELS.get(p["column"], p["column"])}
                for p in checked.errors
            ],
            "pending": checked.status == StakeholderImport.Status.CHECKED,
        },
    )


# --- agreement surveys -----------------------------------------------------------------------------


@login_required
def surveys(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_VIEW, slug=slug)
    found = mapping_selectors.surveys(partnership)
    latest = found[0] if found else None
    return render(
        request,
        "support/surveys.html",
        {
            "partnership": partnership,
            "surveys": found,
            "latest": latest,
            "latest_rows": mapping_selectors.survey_rows(latest) if latest else [],
            "latest_chart": mapping_selectors.survey_chart(latest) if latest else "",
            "can_coordinate": access.can(request.user, Perm.PS_COORDINATE, partnership),
        },
    )


@login_required
def survey_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_VIEW, slug=slug)
    survey = get_object_or_404(AgreementSurvey, pk=pk, partnership=partnership)
    return render(
        request,
        "support/survey_detail.html",
        {
            "partnership": partnership,
            "survey": survey,
            "rows": mapping_selectors.survey_rows(survey),
            "chart": mapping_selectors.survey_chart(survey),
            "can_coordinate": access.can(request.user, Perm.PS_COORDINATE, partnership),
        },
    )


@login_required
def survey_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_COORDINATE, slug=slug)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = mapping_services.record_survey(
                partnership,
                actor=request.user,
                panel=form.cleaned_data["panel"],
                held_on=form.cleaned_data["held_on"],
                answers=form.answers(),
            )
        except SupportError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The panel's answers are recorded."))
            return redirect("support:survey_detail", partnership.slug, survey.pk)
    return render(
        request,
        "support/survey_form.html",
        {"partnership": partnership, "form": form},
        status=status_for(form),
    )


@login_required
def survey_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_COORDINATE, slug=slug)
    survey = get_object_or_404(
        AgreementSurvey.objects.select_related("partnership"), pk=pk, partnership=partnership
    )
    form = SurveyForm(request.POST or None, editing=True, initial=SurveyForm.initial_for(survey))
    if request.method == "POST" and form.is_valid():
        try:
            mapping_services.update_survey(
                survey,
                actor=request.user,
                panel=form.cleaned_data["panel"],
                held_on=form.cleaned_data["held_on"],
                answers=form.answers(),
                lock_version=form.cleaned_data.get("lock_version") or 0,
            )
        except SupportError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The panel's answers are saved."))
            return redirect("support:survey_detail", partnership.slug, survey.pk)
    return render(
        request,
        "support/survey_form.html",
        {"partnership": partnership, "form": form, "survey": survey},
        status=status_for(form),
    )
