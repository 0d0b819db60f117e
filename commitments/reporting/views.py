"""Reporting by organisations and coordinators: the sheet of targets, a report, submitting drafts,
the spreadsheet export and import, and a partnership's reporting status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commitments.models import (
    ProgressReport,
    ReportImport,
    ReportingCycle,
    ReportStatus,
    Target,
)
from commitments.monitoring import selectors as monitoring_selectors
from commitments.monitoring.exports import CONTENT_TYPES
from commitments.reporting import delegation, imports, selectors, services
from commitments.reporting import history as report_history
from commitments.reporting.forms import ImportForm, ReportForm
from pact import access
from pact.access import Perm
from pact.kernel import assurance


def _cycle_or_404(year: int) -> ReportingCycle:
    return get_object_or_404(ReportingCycle, year=year)


def _in_scope(rows: list, scope: access.ReportingScope) -> list:
    """A coordinator holding a delegation sees only the rows of their partnerships."""
    return [row for row in rows if scope.may_read(row.target.commitment.partnership_id)]


def _writable_or_404(request: HttpRequest, org: str):
    """The organisation, for someone who reports for it or holds its delegation; else 404."""
    organisation, scope = access.get_reporting_organisation_or_404(request.user, slug=org)
    if not (scope.writes_own or scope.delegated):
        raise Http404
    return organisation, scope


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Every organisation and partnership the person reports for, in the open cycle and before."""
    context = selectors.dashboard_context(request.user)
    org_ids = access.organisation_ids(request.user, Perm.ORG_VIEW)
    past = (
        ProgressReport.objects.filter(organisation_id__in=org_ids)
        .exclude(cycle__status=ReportingCycle.Status.OPEN)
        .values("cycle__year", "organisation__name", "organisation__slug")
        .distinct()
        .order_by("-cycle__year", "organisation__name")
    )
    admins = access.user_organisations(request.user, Perm.ORG_CHANGE).order_by("name")
    return render(
        request,
        "commitments/reporting_index.html",
        {**context, "past": list(past), "admin_organisations": admins},
    )


@login_required
def sheet(request: HttpRequest, year: int, org: str) -> HttpResponse:
    """What one organisation must report in a cycle, target by target (for a coordinator it
    delegated its reporting to: the targets of their partnerships)."""
    organisation, scope = access.get_reporting_organisation_or_404(request.user, slug=org)
    cycle = _cycle_or_404(year)
    rows = _in_scope(selectors.report_sheet(organisation, cycle), scope)
    if not rows and not (cycle.is_open and scope.own):
        raise Http404
    deadline = services.effective_deadline(cycle, organisation.pk)
    return render(
        request,
        "commitments/sheet.html",
        {
            "organisation": organisation,
            "cycle": cycle,
            "rows": rows,
            "counts": selectors.sheet_counts(rows),
            "can_report": scope.writes_own or bool(scope.delegated),
            "delegated": not scope.own,
            "late": cycle.is_open and services.is_late(cycle, deadline=deadline),
            "deadline": deadline,
        },
    )


@login_required
@require_POST
def submit_drafts(request: HttpRequest, year: int, org: str) -> HttpResponse:
    organisation, _scope = _writable_or_404(request, org)
    cycle = _cycle_or_404(year)
    try:
        submitted, skipped = services.submit_drafts(
            organisation=organisation,
            cycle=cycle,
            actor=request.user,
            sign_in=assurance.of(request),
        )
    except services.ReportingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s reports submitted.") % {"n": submitted})
        if skipped:
            messages.warning(
                request,
                _("%(n)s drafts were not submitted: open them to complete or correct them.")
                % {"n": skipped},
            )
    return redirect("commitments:sheet", year=year, org=org)


# What the report page and a save read of the organisation (its name, its address, whether it acts).
REPORT_ORGANISATION_FIELDS = ("name", "slug", "status")
# The target with what the report page shows of its indicator, commitment and partnership: the
# other columns of those wide rows cost every submission their share of building the query.
REPORT_TARGETS = Target.objects.select_related(
    "indicator", "commitment", "commitment__partnership"
).only(
    *(field.name for field in Target._meta.concrete_fields),
    "indicator__names",
    "indicator__code",
    "commitment__title",
    "commitment__organisation",
    "commitment__partnership__name",
)


def _report_initial(report: ProgressReport | None) -> dict:
    if report is None:
        return {"lock_version": 0}
    return {
        "value": report.value,
        "numerator": report.numerator,
        "denominator": report.denominator,
        "narrative": report.narrative,
        "evidence_links": "\n".join(report.evidence_links),
        "confirm_far_above": report.far_above_confirmed,
        "lock_version": report.lock_version,
    }


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, year: int, org: str, target_id: int) -> HttpResponse:
    """The report form: value, narrative and evidence for one target; save a draft or submit."""
    organisation, scope = access.get_reporting_organisation_or_404(
        request.user, slug=org, fields=REPORT_ORGANISATION_FIELDS
    )
    cycle = _cycle_or_404(year)
    target = get_object_or_404(REPORT_TARGETS, pk=target_id)
    if not scope.may_read(target.commitment.partnership_id):
        raise Http404
    existing = ProgressReport.objects.filter(
        organisation=organisation, target=target, cycle=cycle
    ).first()
    if existing is None and not selectors.is_due_from(organisation, target):
        raise Http404
    may_report = scope.may_write(target.commitment.partnership_id)
    locked_message = ""
    if cycle.is_closed:
        locked_message = _(
            "The %(year)s reporting cycle is closed: this report can no longer be changed."
        ) % {"year": cycle.year}
    elif not cycle.is_open:
        locked_message = _("The %(year)s reporting cycle opens on %(date)s.") % {
            "year": cycle.year,
            "date": cycle.opens_on.isoformat(),
        }
    elif existing is not None and not existing.is_editable_status:
        locked_message = (
            _("This report was submitted and is waiting for validation.")
            if existing.status == ReportStatus.SUBMITTED
            else _("This report was validated.")
        )
    can_edit = may_report and not locked_message
    status = 200
    conflict = None
    if request.method == "POST":
        if not may_report:
            raise Http404
        form = ReportForm(request.POST, target=target)
        if locked_message:
            messages.error(request, locked_message)
            status = 409
        elif form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                saved = services.save_report(
                    organisation=organisation,
                    target=target,
                    cycle=cycle,
                    actor=request.user,
                    lock_version=form.cleaned_data["lock_version"],
                    value=form.cleaned_data["value"],
                    narrative=form.cleaned_data["narrative"],
                    evidence_links=form.cleaned_data["evidence_links"],
                    far_above_confirmed=form.cleaned_data["confirm_far_above"],
                    numerator=form.cleaned_data.get("numerator"),
                    denominator=form.cleaned_data.get("denominator"),
                    submit=submit,
                    sign_in=assurance.of(request),
                )
            except services.EditConflict as exc:
                form.add_error(None, exc.message)
                conflict = ProgressReport.objects.filter(
                    organisation=organisation, target=target, cycle=cycle
                ).first()
                status = 409
            except services.ReportingError as exc:
                form.apply_service_errors(exc)
                status = (
                    409 if isinstance(exc, services.CycleLocked | services.NotEditable) else 400
                )
            else:
                if submit:
                    message = _("Report submitted.")
                    if saved.is_late:
                        message += " " + _(
                            "It was submitted after the closing date and is marked late."
                        )
                    messages.success(request, message)
                    return redirect("commitments:sheet", year=year, org=org)
                messages.success(request, _("Draft saved."))
                return redirect("commitments:report", year=year, org=org, target_id=target_id)
        else:
            status = 400
    else:
        form = ReportForm(initial=_report_initial(existing), target=target)
        form.needs_confirmation = bool(existing and existing.far_above_confirmed)
    deadline = services.effective_deadline(cycle, organisation.pk)
    history = (
        ProgressReport.objects.filter(organisation=organisation, target=target)
        .exclude(cycle=cycle)
        .select_related("cycle")
        .order_by("-cycle__year")
    )
    return render(
        request,
        "commitments/report.html",
        {
            "organisation": organisation,
            "cycle": cycle,
            "target": target,
            "report": existing,
            "form": form,
            "can_edit": can_edit,
            "locked_message": locked_message,
            "conflict": conflict,
            "history": history,
            "trail": report_history.trail(existing, name_staff=access.is_staff(request.user))
            if existing
            else [],
            "delegated": scope.is_delegated(target.commitment.partnership_id),
            "late": cycle.is_open and services.is_late(cycle, deadline=deadline),
            "deadline": deadline,
        },
        status=status,
    )


@login_required
def export_sheet(request: HttpRequest, year: int, org: str, fmt: str) -> HttpResponse:
    organisation, scope = access.get_reporting_organisation_or_404(request.user, slug=org)
    cycle = _cycle_or_404(year)
    if fmt not in CONTENT_TYPES:
        raise Http404
    content = imports.export_sheet(
        organisation, cycle, fmt, partnership_ids=None if scope.own else scope.delegated
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="reports-{organisation.slug}-{year}.{fmt}"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, year: int, org: str) -> HttpResponse:
    organisation, scope = _writable_or_404(request, org)
    cycle = _cycle_or_404(year)
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > imports.MAX_BYTES:
                    raise imports.ImportRejected(_("The file is larger than 2 MB."))
                checked = imports.check_upload(
                    organisation=organisation,
                    cycle=cycle,
                    actor=request.user,
                    name=upload.name,
                    content=upload.read(),
                    partnership_ids=None if scope.writes_own else scope.delegated,
                )
            except (imports.ImportRejected, services.ReportingError) as exc:
                form.add_error("file", getattr(exc, "message", None) or str(exc))
                status = 400
            else:
                return redirect("commitments:import_preview", year=year, org=org, pk=checked.pk)
        else:
            status = 400
    else:
        form = ImportForm()
    return render(
        request,
        "commitments/import_upload.html",
        {"organisation": organisation, "cycle": cycle, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, year: int, org: str, pk: int) -> HttpResponse:
    organisation, scope = _writable_or_404(request, org)
    cycle = _cycle_or_404(year)
    imports_seen = ReportImport.objects.filter(organisation=organisation, cycle=cycle)
    if not scope.writes_own:  # a coordinator sees only the imports they uploaded
        imports_seen = imports_seen.filter(uploaded_by_id=request.user.pk)
    checked = get_object_or_404(imports_seen, pk=pk)
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "discard":
            imports.discard(checked)
            messages.info(request, _("The import was discarded; nothing was saved."))
            return redirect("commitments:sheet", year=year, org=org)
        try:
            count = imports.confirm(checked, request.user, submit=bool(request.POST.get("submit")))
        except services.ReportingError as exc:
            messages.error(request, exc.message)
            status = 409
        else:
            messages.success(request, _("%(n)s reports imported.") % {"n": count})
            return redirect("commitments:sheet", year=year, org=org)
    return render(
        request,
        "commitments/import_preview.html",
        {"organisation": organisation, "cycle": cycle, "checked": checked},
        status=status,
    )


@login_required
def partnership_status(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """For a coordinator: the partnership's reporting, member by member, and the reports so far."""
    partnership = access.get_partnership_or_404(request.user, Perm.PS_VIEW, slug=slug)
    if not (
        access.can(request.user, Perm.PS_COORDINATE, partnership) or access.is_staff(request.user)
    ):
        raise Http404
    cycle = _cycle_or_404(year)
    return render(
        request,
        "commitments/partnership_status.html",
        {
            "partnership": partnership,
            "cycle": cycle,
            "members": monitoring_selectors.partnership_member_status(partnership, cycle),
            "reports": monitoring_selectors.partnership_reports(partnership, cycle),
            "cycles": ReportingCycle.objects.exclude(status=ReportingCycle.Status.SCHEDULED),
            "delegated": delegation.delegated_member_ids(partnership)
            if access.can(request.user, Perm.PS_COORDINATE, partnership)
            else set(),
        },
    )


@login_required
def lsp_oversight(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """For a Large-Scale Partnership's coordinators (and staff): its sub-partnerships' reporting
    status (counts per state) and their validated figures rolled up, never unvalidated values."""
    from commitments.results import oversight

    partnership = access.get_partnership_or_404(request.user, Perm.PS_VIEW, slug=slug)
    if not (
        access.can(request.user, Perm.PS_COORDINATE, partnership) or access.is_staff(request.user)
    ):
        raise Http404
    cycle = _cycle_or_404(year)
    children = list(oversight.sub_partnerships(partnership))
    if not children:
        raise Http404
    return render(
        request,
        "commitments/lsp_oversight.html",
        {
            "partnership": partnership,
            "cycle": cycle,
            "status_rows": oversight.status_counts(children, cycle),
            "figures": oversight.rolled_up([partnership, *children], cycle),
            "by_partnership": oversight.figures_by_partnership(children, cycle),
            "agreement": oversight.agreement_surveys(children),
            "cycles": ReportingCycle.objects.exclude(status=ReportingCycle.Status.SCHEDULED),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def delegation_settings(request: HttpRequest, org: str) -> HttpResponse:
    """For an organisation's admins: which partnerships' coordinators may enter and import its
    figures on the partnership's targets; grant or take back, partnership by partnership."""
    organisation = access.get_organisation_or_404(request.user, Perm.ORG_CHANGE, slug=org)
    if request.method == "POST":
        try:
            partnership_id = int(request.POST.get("partnership", ""))
        except ValueError:
            raise Http404 from None
        try:
            if request.POST.get("action") == "grant":
                delegation.grant(
                    organisation, partnership_id, request.user, sign_in=assurance.of(request)
                )
                messages.success(
                    request, _("The partnership's coordinators may now report for you.")
                )
            else:
                delegation.revoke(
                    organisation, partnership_id, request.user, sign_in=assurance.of(request)
                )
                messages.success(request, _("The delegation was taken back."))
        except services.ReportingError as exc:
            messages.error(request, exc.message)
        return redirect("commitments:delegation", org=org)
    return render(
        request,
        "commitments/delegation.html",
        {"organisation": organisation, "rows": delegation.delegation_rows(organisation)},
    )
