"""Staff run the survey: prepare it, open it, extend deadlines, check answers (validate or return)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commitments.survey import selectors, services
from commitments.survey.forms import (
    ClosingDayForm,
    ExtensionForm,
    QuestionForm,
    ReturnForm,
    SurveyForm,
    question_initial,
)
from commitments.survey.models import (
    ResponseStatus,
    Survey,
    SurveyQuestion,
    SurveyResponse,
    SurveySource,
)
from members.models import Organisation
from pact import access
from pact.access.decorators import staff_required
from pact.access.roles import Perm


def _survey_or_404(year: int) -> Survey:
    return get_object_or_404(Survey, year=year, source=SurveySource.COLLECTED)


def _form_errors(form, exc: services.SurveyError) -> None:
    for name, errors in exc.errors.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)
    if not exc.errors:
        form.add_error(None, exc.message)


@staff_required(Perm.STAFF)
def surveys(request: HttpRequest) -> HttpResponse:
    rows = [
        {"survey": s, "counts": selectors.survey_counts(s)}
        for s in Survey.objects.order_by("-year")
    ]
    return render(
        request,
        "survey/staff_surveys.html",
        {"rows": rows, "can_act": access.can(request.user, Perm.STAFF_REVIEW)},
    )


@staff_required(Perm.STAFF_REVIEW)
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                survey = services.create_survey(
                    actor=request.user,
                    year=data["year"],
                    title=data["title"],
                    introduction=data.get("introduction"),
                    opens_on=data["opens_on"],
                    deadline=data["deadline"],
                    closes_on=data.get("closes_on"),
                    reminder_days=data["reminder_days"],
                    breakdowns=data.get("breakdowns") or [],
                )
            except services.SurveyError as exc:
                _form_errors(form, exc)
                status = 400
            else:
                messages.success(
                    request,
                    _("The %(year)s survey is prepared with the headline questions.")
                    % {"year": survey.year},
                )
                return redirect("survey:staff_survey", year=survey.year)
        else:
            status = 400
    else:
        form = SurveyForm()
    return render(request, "survey/staff_survey_form.html", {"form": form}, status=status)


@staff_required(Perm.STAFF)
def survey(request: HttpRequest, year: int) -> HttpResponse:
    """One survey: its dates and questions, who has answered, and what staff can do."""
    survey = _survey_or_404(year)
    state = request.GET.get("state", "")
    if state not in selectors.STAFF_STATES:
        state = ""
    page = Paginator(selectors.staff_rows(survey, state), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "survey/staff_survey.html",
        {
            "survey": survey,
            "questions": selectors.questions_of(survey),
            "counts": selectors.survey_counts(survey),
            "page": page,
            "state": state,
            "states": selectors.STAFF_STATES,
            "query": f"state={state}" if state else "",
            "waiting": selectors.review_queue(survey)[:50],
            "reminders": survey.reminders.all(),
            "closing_form": ClosingDayForm(initial={"closes_on": survey.closes_on}),
            "can_act": access.can(request.user, Perm.STAFF_REVIEW),
        },
    )


@staff_required(Perm.STAFF_REVIEW)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, year: int) -> HttpResponse:
    survey = _survey_or_404(year)
    if survey.is_closed:
        raise Http404
    status = 200
    if request.method == "POST":
        form = SurveyForm(request.POST, survey=survey)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_survey(
                    survey,
                    actor=request.user,
                    lock_version=data.get("lock_version") or 0,
                    title=data["title"],
                    introduction=data.get("introduction"),
                    reminder_days=data["reminder_days"],
                    opens_on=data.get("opens_on"),
                    deadline=data.get("deadline"),
                    closes_on=data.get("closes_on"),
                )
            except services.SurveyError as exc:
                _form_errors(form, exc)
                status = 409 if isinstance(exc, services.EditConflict) else 400
            else:
                messages.success(request, _("The survey is saved."))
                return redirect("survey:staff_survey", year=year)
        else:
            status = 400
    else:
        form = SurveyForm(
            survey=survey,
            initial={
                "title": survey.title,
                "introduction": survey.introduction,
                "opens_on": survey.opens_on,
                "deadline": survey.deadline,
                "closes_on": survey.closes_on,
                "reminder_days": ", ".join(str(d) for d in survey.reminder_days),
                "lock_version": survey.lock_version,
            },
        )
    return render(
        request, "survey/staff_survey_form.html", {"form": form, "survey": survey}, status=status
    )


@staff_required(Perm.STAFF_REVIEW)
@require_POST
def open_now(request: HttpRequest, year: int) -> HttpResponse:
    survey = _survey_or_404(year)
    try:
        services.open_survey(survey, request.user)
    except services.SurveyError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The %(year)s survey is open; member organisations are being invited.")
            % {"year": year},
        )
    return redirect("survey:staff_survey", year=year)


@staff_required(Perm.STAFF_REVIEW)
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, year: int, pk: int | None = None) -> HttpResponse:
    survey = _survey_or_404(year)
    existing = None
    if pk is not None:
        existing = get_object_or_404(
            SurveyQuestion.objects.select_related("indicator"), pk=pk, survey=survey
        )
    status = 200
    if request.method == "POST":
        form = QuestionForm(request.POST, question=existing)
        if form.is_valid():
            try:
                if existing is None:
                    services.add_question(survey, actor=request.user, data=form.to_input())
                    messages.success(request, _("The question is added."))
                else:
                    services.update_question(existing, actor=request.user, data=form.to_input())
                    messages.success(request, _("The question is saved."))
            except services.SurveyError as exc:
                form.apply_service_errors(exc)
                status = 409 if isinstance(exc, services.NotEditable) else 400
            else:
                return redirect("survey:staff_survey", year=year)
        else:
            status = 400
    else:
        form = QuestionForm(
            question=existing, initial=question_initial(existing) if existing else None
        )
    return render(
        request,
        "survey/staff_question_form.html",
        {"survey": survey, "question": existing, "form": form},
        status=status,
    )


@staff_required(Perm.STAFF_REVIEW)
@require_POST
def question_delete(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    survey = _survey_or_404(year)
    existing = get_object_or_404(SurveyQuestion, pk=pk, survey=survey)
    try:
        services.delete_question(existing, actor=request.user)
    except services.SurveyError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The question is removed."))
    return redirect("survey:staff_survey", year=year)


def _outstanding_organisations(survey: Survey):
    submitted = SurveyResponse.objects.filter(
        survey=survey, status__in=[ResponseStatus.SUBMITTED, ResponseStatus.VALIDATED]
    ).values("organisation_id")
    return (
        Organisation.objects.public()
        .filter(survey_invitations__survey=survey)
        .exclude(pk__in=submitted)
        .order_by("name")
    )


@staff_required(Perm.STAFF_REVIEW)
@require_http_methods(["GET", "POST"])
def extend(request: HttpRequest, year: int) -> HttpResponse:
    """Extend the deadline for everyone or for named organisations (never past the closing day)."""
    survey = _survey_or_404(year)
    if survey.is_closed:
        raise Http404
    organisations = _outstanding_organisations(survey)
    status = 200
    if request.method == "POST":
        form = ExtensionForm(request.POST, organisations=organisations)
        if form.is_valid():
            data = form.cleaned_data
            chosen = None if data["scope"] == "everyone" else list(data["organisations"])
            try:
                count = services.extend_deadline(
                    survey,
                    actor=request.user,
                    deadline=data["deadline"],
                    organisations=chosen,
                    reason=data.get("reason", ""),
                )
            except services.SurveyError as exc:
                _form_errors(form, exc)
                status = 400
            else:
                messages.success(
                    request,
                    _("The deadline is now %(day)s for %(n)s organisations; they are told by mail.")
                    % {"day": data["deadline"].isoformat(), "n": count},
                )
                return redirect("survey:staff_survey", year=year)
        else:
            status = 400
    else:
        preselected = organisations.filter(slug=request.GET.get("organisation", ""))
        form = ExtensionForm(
            organisations=organisations,
            initial={
                "organisations": list(preselected),
                "scope": "organisations" if preselected else "everyone",
            },
        )
    return render(
        request, "survey/staff_extend.html", {"survey": survey, "form": form}, status=status
    )


@staff_required(Perm.STAFF_REVIEW)
@require_POST
def closing_day(request: HttpRequest, year: int) -> HttpResponse:
    survey = _survey_or_404(year)
    form = ClosingDayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new closing day as a date."))
        return redirect("survey:staff_survey", year=year)
    try:
        services.move_closing_day(
            survey, actor=request.user, closes_on=form.cleaned_data["closes_on"]
        )
    except services.SurveyError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The closing day is now %(day)s, for every organisation.")
            % {"day": form.cleaned_data["closes_on"].isoformat()},
        )
    return redirect("survey:staff_survey", year=year)


@staff_required(Perm.STAFF)
@require_http_methods(["GET", "POST"])
def response(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    """Check one organisation's answers (outliers against last year flagged); validate or return."""
    survey = _survey_or_404(year)
    answers = get_object_or_404(
        SurveyResponse.objects.select_related("organisation", "submitted_by", "validated_by"),
        pk=pk,
        survey=survey,
    )
    status = 200
    form = ReturnForm(initial={"lock_version": answers.lock_version})
    if request.method == "POST":
        if not access.can(request.user, Perm.STAFF_REVIEW):
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "validate":
                services.validate_response(
                    answers, request.user, lock_version=_int(request.POST.get("lock_version"))
                )
                messages.success(request, _("The answers are validated."))
                return redirect("survey:staff_survey", year=year)
            if action == "return":
                form = ReturnForm(request.POST)
                if form.is_valid():
                    services.return_response(
                        answers,
                        request.user,
                        form.cleaned_data["reason"],
                        lock_version=form.cleaned_data["lock_version"],
                    )
                    messages.success(
                        request, _("The answers are returned to the organisation with your reason.")
                    )
                    return redirect("survey:staff_survey", year=year)
                status = 400
            else:
                raise Http404
        except services.SurveyError as exc:
            if form.is_bound:
                _form_errors(form, exc)
            else:
                messages.error(request, exc.message)
            status = 409
    return render(
        request,
        "survey/staff_response.html",
        {
            "survey": survey,
            "response": answers,
            "rows": selectors.checked_answers(answers),
            "form": form,
            "can_act": access.can(request.user, Perm.STAFF_REVIEW),
            "deadline": selectors.deadline_of(survey, answers.organisation),
        },
        status=status,
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
