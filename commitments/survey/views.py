"""Members answer the survey (form, autosave, spreadsheet); visitors follow a total to its answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_countries import countries

from commitments.models import Indicator
from commitments.monitoring.exports import CONTENT_TYPES
from commitments.survey import imports, selectors, services
from commitments.survey.forms import AnswerForm, ImportForm
from commitments.survey.models import (
    Breakdown,
    ResponseStatus,
    Survey,
    SurveyImport,
    SurveySource,
)
from members.models import OrganisationStatus
from pact import access
from pact.access import Perm
from pact.kernel import schedule
from pact.kernel.cache.page_cache import public_page
from partnerships.models import Ecosystem


def _survey_or_404(year: int) -> Survey:
    return get_object_or_404(Survey, year=year, source=SurveySource.COLLECTED)


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The surveys open for the person's organisations, and their answers of earlier years."""
    return render(
        request,
        "survey/index.html",
        {
            **selectors.dashboard_context(request.user),
            "responses": selectors.my_responses(request.user)[:50],
        },
    )


def _locked_message(survey: Survey, phase: schedule.Phase, response) -> str:
    if phase == schedule.Phase.NOT_OPEN:
        return _("The %(year)s survey opens on %(day)s.") % {
            "year": survey.year,
            "day": survey.opens_on.isoformat(),
        }
    if phase == schedule.Phase.CLOSED:
        return _("The %(year)s survey is closed: its answers can no longer change.") % {
            "year": survey.year
        }
    if response is not None and response.status == ResponseStatus.SUBMITTED:
        return _("These answers were submitted and are waiting for the Commission's check.")
    if response is not None and response.status == ResponseStatus.VALIDATED:
        return _("These answers were validated.")
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, year: int, org: str) -> HttpResponse:
    """An organisation's answers: saved as the person types (htmx) or with Save; then submitted."""
    organisation = access.get_organisation_or_404(request.user, Perm.ORG_VIEW, slug=org)
    survey = _survey_or_404(year)
    questions = selectors.questions_of(survey)
    response = selectors.response_of(survey, organisation)
    answers = selectors.answers_of(response)
    deadline = selectors.deadline_of(survey, organisation)
    phase = survey.phase(deadline=deadline)
    may_answer = (
        access.can(request.user, Perm.ORG_REPORT, organisation)
        and organisation.status == OrganisationStatus.ACTIVE
    )
    locked_message = _locked_message(survey, phase, response)
    status = 200
    conflict = None
    if request.method == "POST":
        if not may_answer:
            raise Http404
        form = AnswerForm(request.POST, questions=questions, answers=answers)
        submit = request.POST.get("action") == "submit"
        if locked_message:
            form.add_error(None, locked_message)
            status = 409
        elif form.is_valid():
            try:
                response = services.save_answers(
                    survey=survey,
                    organisation=organisation,
                    actor=request.user,
                    lock_version=form.cleaned_data["lock_version"],
                    answers=form.answers(),
                    submit=submit,
                )
            except services.EditConflict as exc:
                form.add_error(None, exc.message)
                conflict = selectors.response_of(survey, organisation)
                status = 409
                # The typed answers stay; the form now names the saved version so a second,
                # deliberate save replaces it.
                data = request.POST.copy()
                data["lock_version"] = str(conflict.lock_version if conflict else 0)
                form = AnswerForm(data, questions=questions, answers=answers)
                form.is_valid()
                form.add_error(None, exc.message)
            except services.SurveyError as exc:
                form.apply_errors(exc.errors)
                if not exc.errors:
                    form.add_error(None, exc.message)
                status = (
                    409 if isinstance(exc, services.NotAccepting | services.NotEditable) else 400
                )
            else:
                if _htmx(request):
                    return render(
                        request,
                        "survey/_autosave_status.html",
                        {"response": response, "lock_version": response.lock_version},
                    )
                if submit:
                    message = _("Your answers to the %(year)s survey are submitted.") % {
                        "year": survey.year
                    }
                    if response.is_late:
                        message += " " + _("They came after the deadline and are marked late.")
                    messages.success(request, message)
                    return redirect("survey:index")
                messages.success(request, _("Answers saved."))
                return redirect("survey:answer", year=year, org=org)
        else:
            status = 400
        if _htmx(request):
            # Not saved: the page keeps the version it read, so Save shows what happened.
            return render(
                request,
                "survey/_autosave_status.html",
                {
                    "response": response,
                    "conflict": status == 409,
                    "invalid": status == 400,
                    "lock_version": request.POST.get("lock_version", ""),
                },
            )
    else:
        form = AnswerForm(
            initial={"lock_version": response.lock_version if response else 0},
            questions=questions,
            answers=answers,
        )
    return render(
        request,
        "survey/answer.html",
        {
            "survey": survey,
            "organisation": organisation,
            "response": response,
            "form": form,
            "groups": form.groups(),
            "can_edit": may_answer and not locked_message,
            "locked_message": locked_message,
            "deadline": deadline,
            "late": phase == schedule.Phase.LATE,
            "extended": deadline != survey.deadline,
            "conflict": conflict,
            "conflict_rows": selectors.plain_answers(questions, conflict) if conflict else [],
            "answer_rows": selectors.plain_answers(questions, response),
        },
        status=status,
    )


@login_required
def export_template(request: HttpRequest, year: int, org: str, fmt: str) -> HttpResponse:
    organisation = access.get_organisation_or_404(request.user, Perm.ORG_VIEW, slug=org)
    survey = _survey_or_404(year)
    if fmt not in CONTENT_TYPES:
        raise Http404
    content = imports.template(survey, organisation, fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="survey-{year}-{organisation.slug}.{fmt}"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, year: int, org: str) -> HttpResponse:
    organisation = access.get_organisation_or_404(request.user, Perm.ORG_REPORT, slug=org)
    survey = _survey_or_404(year)
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > imports.MAX_BYTES:
                    raise imports.ImportRejected(_("The file is larger than 2 MB."))
                checked = imports.check_upload(
                    survey=survey,
                    organisation=organisation,
                    actor=request.user,
                    name=upload.name,
                    content=upload.read(),
                )
            except (imports.ImportRejected, services.SurveyError) as exc:
                form.add_error("file", getattr(exc, "message", None) or str(exc))
                status = 400
            else:
                return redirect("survey:import_preview", year=year, org=org, pk=checked.pk)
        else:
            status = 400
    else:
        form = ImportForm()
    return render(
        request,
        "survey/import_upload.html",
        {"survey": survey, "organisation": organisation, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, year: int, org: str, pk: int) -> HttpResponse:
    organisation = access.get_organisation_or_404(request.user, Perm.ORG_REPORT, slug=org)
    survey = _survey_or_404(year)
    checked = get_object_or_404(SurveyImport, pk=pk, organisation=organisation, survey=survey)
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "discard":
            imports.discard(checked)
            messages.info(request, _("The import was discarded; nothing was saved."))
            return redirect("survey:answer", year=year, org=org)
        submit = bool(request.POST.get("submit"))
        try:
            response = imports.confirm(checked, request.user, submit=submit)
        except services.SurveyError as exc:
            details = [m for ms in exc.errors.values() for m in ms]
            messages.error(request, " ".join([exc.message, *details]))
            status = 409
        else:
            if submit:
                message = _("The answers of the file are saved and submitted.")
                if response.is_late:
                    message += " " + _("They came after the deadline and are marked late.")
            else:
                message = _("The answers of the file are saved.")
            messages.success(request, message)
            return redirect("survey:answer", year=year, org=org)
    return render(
        request,
        "survey/import_preview.html",
        {"survey": survey, "organisation": organisation, "checked": checked},
        status=status,
    )


# --- public: the answers behind a total ---------------------------------------------------------------


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


DRILLDOWN_PARAMETERS = ("year", "indicator", "part", "ecosystem", "country", "page")


@public_page
def result_answers(request: HttpRequest) -> HttpResponse:
    """The validated answers behind a survey total on the results page (a published year has none:
    its source is named instead)."""
    filters: dict = {}
    year = _int(request.GET.get("year"))
    if year:
        filters["year"] = year
    indicator = None
    code = request.GET.get("indicator", "")
    if code:
        indicator = Indicator.objects.filter(code=code).first()
        filters["indicator"] = code
    part = request.GET.get("part", "")
    if part in (Breakdown.WOMEN, Breakdown.FEWER_OPPORTUNITIES):
        filters["part"] = part
    ecosystem = request.GET.get("ecosystem", "")
    if ecosystem in dict(Ecosystem.choices):
        filters["ecosystem"] = ecosystem
    country = request.GET.get("country", "").upper()
    if country and country in dict(countries):
        filters["country"] = country
    survey = selectors.get_survey(year) if year else None
    answers = selectors.drilldown(filters)
    total = selectors.drilldown_total(answers, filters) if indicator is not None else None
    page = Paginator(answers, 50).get_page(request.GET.get("page"))
    rows = [(a, selectors.drilldown_value(a, filters)) for a in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    described = []
    if year:
        described.append(str(year))
    if indicator is not None:
        described.append(indicator.name)
    if "part" in filters:
        described.append(str(Breakdown(filters["part"]).label))
    if "ecosystem" in filters:
        described.append(str(dict(Ecosystem.choices)[filters["ecosystem"]]))
    if "country" in filters:
        described.append(str(countries.name(filters["country"])))
    return render(
        request,
        "survey/result_answers.html",
        {
            "survey": survey,
            "indicator": indicator,
            "page": page,
            "rows": rows,
            "total": total,
            "described": described,
            "query": query.urlencode(),
            "is_part": bool(filters.keys() & {"part", "ecosystem", "country"}),
        },
    )
