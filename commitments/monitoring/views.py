"""Staff monitoring: reporting cycles, who has reported, validation of reports, exports."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from commitments.models import (
    ExportJob,
    ProgressReport,
    ReminderDispatch,
    ReportingCycle,
    ReportStatus,
)
from commitments.monitoring import cycles as cycle_services
from commitments.monitoring import exports, selectors
from commitments.monitoring.forms import (
    CycleDatesForm,
    CycleForm,
    ExportForm,
    ExtensionForm,
    ReturnForm,
)
from commitments.reporting import history as report_history
from commitments.reporting import services
from pact.access import Perm
from pact.access.decorators import staff_required
from pact.kernel import assurance
from pact.kernel.cache.data_version import remembered


@staff_required(Perm.STAFF)
def monitoring(request: HttpRequest) -> HttpResponse:
    """Every cycle at a glance, with the open (or latest) cycle's shares of who has reported."""
    cycles = list(ReportingCycle.objects.all())
    current = next((c for c in cycles if c.is_open), cycles[0] if cycles else None)
    return render(
        request,
        "commitments/monitoring.html",
        {
            "cycles": cycles,
            "current": current,
            "summary": selectors.monitoring_summary(current) if current else None,
            "reports_waiting": remembered(
                "review-queue-count", lambda: selectors.review_queue().count(), reporting=True
            ),
            "unit_mismatches": selectors.unit_mismatches(),
        },
    )


@staff_required(Perm.STAFF_REVIEW)
@require_http_methods(["GET", "POST"])
def cycle_create(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = CycleForm(request.POST)
        if form.is_valid():
            try:
                cycle = cycle_services.create_cycle(actor=request.user, **form.cleaned_data)
            except services.ReportingError as exc:
                for field, errors in exc.errors.items():
                    for error in errors:
                        form.add_error(field, error)
                status = 400
            else:
                messages.success(
                    request, _("Reporting cycle %(year)s scheduled.") % {"year": cycle.year}
                )
                return redirect("commitments:monitoring_cycle", year=cycle.year)
        else:
            status = 400
    else:
        form = CycleForm()
    return render(request, "commitments/cycle_form.html", {"form": form}, status=status)


@staff_required(Perm.STAFF_REVIEW)
@require_POST
def cycle_transition(request: HttpRequest, year: int, action: str) -> HttpResponse:
    cycle = get_object_or_404(ReportingCycle, year=year)
    try:
        if action == "open":
            cycle_services.open_cycle(cycle, request.user)
            messages.success(
                request,
                _("The %(year)s cycle is open; the opening notice is on its way.") % {"year": year},
            )
        elif action == "close":
            cycle_services.close_cycle(cycle, request.user)
            messages.success(
                request, _("The %(year)s cycle is closed; its reports are locked.") % {"year": year}
            )
        else:
            raise Http404
    except services.ReportingError as exc:
        messages.error(request, exc.message)
    return redirect("commitments:monitoring_cycle", year=year)


def _errors_to_form(form, exc) -> None:
    for field, errors in (exc.errors or {"__all__": [exc.message]}).items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@staff_required(Perm.STAFF_REVIEW)
@require_http_methods(["GET", "POST"])
def cycle_edit(request: HttpRequest, year: int) -> HttpResponse:
    """Staff change a cycle's days (opening, deadline, closing) and reminders; audited."""
    cycle = get_object_or_404(ReportingCycle, year=year)
    status = 200
    if request.method == "POST":
        form = CycleDatesForm(request.POST)
        if form.is_valid():
            try:
                cycle_services.update_dates(cycle, request.user, **form.cleaned_data)
            except services.ReportingError as exc:
                _errors_to_form(form, exc)
                status = 400
            else:
                messages.success(
                    request, _("The dates of the %(year)s cycle were saved.") % {"year": year}
                )
                return redirect("commitments:monitoring_cycle", year=year)
        else:
            status = 400
    else:
        form = CycleDatesForm(
            initial={
                "opens_on": cycle.opens_on,
                "deadline": cycle.deadline,
                "closes_on": cycle.closes_on,
                "reminder_days": ", ".join(str(d) for d in cycle.reminder_days),
            }
        )
    return render(
        request, "commitments/cycle_dates.html", {"form": form, "cycle": cycle}, status=status
    )


@staff_required(Perm.STAFF_REVIEW)
@require_http_methods(["GET", "POST"])
def cycle_extend(request: HttpRequest, year: int) -> HttpResponse:
    """Staff extend the deadline for everyone or named organisations; audited and mailed."""
    cycle = get_object_or_404(ReportingCycle, year=year)
    status = 200
    if request.method == "POST":
        form = ExtensionForm(request.POST)
        if form.is_valid():
            try:
                count = cycle_services.extend_deadline(cycle, request.user, **form.cleaned_data)
            except services.ReportingError as exc:
                _errors_to_form(form, exc)
                status = 400
            else:
                messages.success(
                    request,
                    _(
                        "Deadline extended to %(day)s for %(n)s organisations; they were told by mail."
                    )
                    % {"day": form.cleaned_data["deadline"].isoformat(), "n": count},
                )
                return redirect("commitments:monitoring_cycle", year=year)
        else:
            status = 400
    else:
        form = ExtensionForm()
    extensions = cycle.extensions.select_related("organisation").order_by("organisation__name")
    return render(
        request,
        "commitments/cycle_extend.html",
        {"form": form, "cycle": cycle, "extensions": extensions},
        status=status,
    )


@staff_required(Perm.STAFF)
def monitoring_cycle(request: HttpRequest, year: int) -> HttpResponse:
    """One cycle: shares, the organisations (filter: not reported, partly, complete, late), exports."""
    cycle = get_object_or_404(ReportingCycle, year=year)
    state = request.GET.get("state", "")
    if state not in selectors.MONITORING_STATES:
        state = ""
    summary = selectors.monitoring_summary(cycle)
    count = selectors.organisations_in_state(summary, state)
    rows: Any = selectors.MonitoringRows(cycle, state or None, count=count)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "commitments/monitoring_cycle.html",
        {
            "cycle": cycle,
            "summary": summary,
            "page": page,
            "state": state,
            "query": f"state={state}" if state else "",
            "export_form": ExportForm(),
            "exports": selectors.exports_of(request.user).filter(cycle=cycle)[:5],
            "reminders": ReminderDispatch.objects.filter(cycle=cycle),
            "reports_waiting": selectors.review_queue(cycle).count(),
        },
    )


@staff_required(Perm.STAFF)
@require_POST
def export_request(request: HttpRequest, year: int) -> HttpResponse:
    cycle = get_object_or_404(ReportingCycle, year=year)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to export and the format."))
        return redirect("commitments:monitoring_cycle", year=year)
    job = exports.request_export(
        requester=request.user,
        cycle=cycle,
        dataset=form.cleaned_data["dataset"],
        fmt=form.cleaned_data["format"],
    )
    return redirect("commitments:export_status", uid=job.uid)


def _own_job(request: HttpRequest, uid: UUID) -> ExportJob:
    job = (
        ExportJob.objects.filter(uid=uid, requester_id=request.user.pk)
        .select_related("cycle")
        .defer("content")
        .first()
    )
    if job is None:
        raise Http404
    return job


@staff_required(Perm.STAFF)
def export_status(request: HttpRequest, uid: UUID) -> HttpResponse:
    job = _own_job(request, uid)
    context = {"job": job, "label": exports.describe(job)}
    if getattr(request, "htmx", False):
        return render(request, "commitments/_export_progress.html", context)
    return render(request, "commitments/export_status.html", context)


@staff_required(Perm.STAFF)
def export_download(request: HttpRequest, uid: UUID) -> HttpResponse:
    job = _own_job(request, uid)
    if job.status != ExportJob.Status.DONE:
        raise Http404
    content = ExportJob.objects.filter(pk=job.pk).values_list("content", flat=True).get()
    response = HttpResponse(bytes(content or b""), content_type=exports.CONTENT_TYPES[job.format])
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    return response


@staff_required(Perm.STAFF_REVIEW)
def review_queue(request: HttpRequest) -> HttpResponse:
    """The reports to validate, filtered and sorted; several can be validated or returned at once."""
    reports, applied = selectors.filtered_queue(request.GET)
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "commitments/review_queue.html",
        {
            "page": page,
            "query": query.urlencode(),
            "applied": applied,
            "states": ReportStatus.choices,
            "sorts": QUEUE_SORT_LABELS,
            "cycles": ReportingCycle.objects.values_list("year", flat=True),
        },
    )


QUEUE_SORT_LABELS = [
    ("submitted", gettext_lazy("Oldest submission first")),
    ("organisation", gettext_lazy("Organisation")),
    ("indicator", gettext_lazy("Indicator")),
    ("value", gettext_lazy("Largest value first")),
]


@staff_required(Perm.STAFF_REVIEW)
@require_POST
def review_bulk(request: HttpRequest) -> HttpResponse:
    """Validate or return (one reason) the reports ticked in the queue."""
    ids = [int(pk) for pk in request.POST.getlist("report") if pk.isdigit()][:500]
    back = request.POST.get("back", "")
    target = reverse("commitments:review_queue") + (f"?{back}" if back and "//" not in back else "")
    if not ids:
        messages.error(request, _("Tick the reports first."))
        return redirect(target)
    try:
        done, skipped = services.bulk_review(
            ids,
            request.user,
            action=request.POST.get("action", ""),
            reason=request.POST.get("reason", ""),
        )
    except services.ReportingError as exc:
        messages.error(request, exc.message)
        return redirect(target)
    messages.success(
        request,
        _(
            "%(done)s reports done, %(skipped)s skipped (no longer submitted, or their cycle is closed)."
        )
        % {"done": done, "skipped": skipped},
    )
    return redirect(target)


@staff_required(Perm.STAFF_REVIEW)
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        ProgressReport.objects.select_related(
            "organisation",
            "cycle",
            "target__indicator",
            "target__commitment__partnership",
            "submitted_by",
            "entered_by_coordinator_of",
        ),
        pk=pk,
    )
    form = ReturnForm(initial={"lock_version": report.lock_version})
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "validate":
                version = request.POST.get("lock_version")
                services.validate_report(
                    report,
                    request.user,
                    int(version) if version else None,
                    sign_in=assurance.of(request),
                )
                messages.success(request, _("Report validated."))
                return redirect("commitments:review_queue")
            if action == "return":
                form = ReturnForm(request.POST)
                if form.is_valid():
                    services.return_report(
                        report,
                        request.user,
                        form.cleaned_data["reason"],
                        form.cleaned_data["lock_version"],
                        sign_in=assurance.of(request),
                    )
                    messages.success(request, _("Report returned to the organisation."))
                    return redirect("commitments:review_queue")
                status = 400
            else:
                raise Http404
        except (services.ReportingError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", None) or str(exc))
            status = 409
    history = (
        ProgressReport.objects.filter(organisation=report.organisation, target=report.target)
        .exclude(pk=report.pk)
        .select_related("cycle")
        .order_by("-cycle__year")
    )
    return render(
        request,
        "commitments/review.html",
        {"report": report, "form": form, "history": history, "trail": report_history.trail(report)},
        status=status,
    )
