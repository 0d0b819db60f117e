"""Writes for progress reports (the value rules they apply are ``values``): saving, submitting, validating and returning them.
Every transition is audited.

Reports follow draft -> submitted -> validated | returned (returned -> submitted again). A report
can only change while its cycle is open, and every write names the ``lock_version`` it read so
that two people editing the same report never overwrite each other. Cycles are opened and closed
in ``commitments.monitoring.cycles``; pledges are written in ``commitments.pledges.services``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments.models import (
    CycleExtension,
    NoticeKind,
    NoticeText,
    ProgressReport,
    ReportingCycle,
    ReportStatus,
    Target,
)
from commitments.reporting.values import (
    MAX_EVIDENCE_LINKS,
    NARRATIVE_MAX,
    check_counts,
    check_value,
    clean_links,
    far_above_message,
    plain_number,
)
from pact import access
from pact.access import Perm
from pact.kernel import schedule
from pact.kernel.assurance import Assurance
from pact.kernel.audit import log_action, log_actions
from pact.kernel.outbox.queue import queue_email


class ReportingError(Exception):
    """A refused write, with a message for the person who tried it."""

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class CycleLocked(ReportingError):
    pass


class EditConflict(ReportingError):
    pass


class NotEditable(ReportingError):
    pass


class ValueRejected(ReportingError):
    def __init__(self, errors: dict[str, list[str]], needs_confirmation: bool = False):
        super().__init__(_("Please correct the value."), errors)
        self.needs_confirmation = needs_confirmation


CONFLICT_MESSAGE = gettext_lazy(
    "Someone else changed this report while you were editing it. Nothing was saved: your text is "
    "kept below. Check the current version, then save again."
)


# --- reports ------------------------------------------------------------------------------------------


def _require_acting(organisation) -> None:
    """A suspended or withdrawn organisation reports no more (its drafts stay readable)."""
    refusal = access.lifecycle.not_acting_reason(organisation)
    if refusal:
        raise NotEditable(refusal)


def _require_open(cycle: ReportingCycle) -> None:
    if cycle.status == ReportingCycle.Status.CLOSED:
        raise CycleLocked(
            _("The %(year)s reporting cycle is closed: its reports can no longer be changed.")
            % {"year": cycle.year}
        )
    if cycle.status != ReportingCycle.Status.OPEN:
        raise CycleLocked(_("The %(year)s reporting cycle is not open yet.") % {"year": cycle.year})


def effective_deadline(cycle: ReportingCycle, organisation_id: int) -> date:
    """The organisation's deadline: the cycle's, or its own extension when that is later."""
    extension = (
        CycleExtension.objects.filter(cycle=cycle, organisation_id=organisation_id)
        .values_list("deadline", flat=True)
        .first()
    )
    return max(cycle.deadline, extension) if extension else cycle.deadline


def _require_accepting(cycle: ReportingCycle, organisation_id: int) -> date:
    """Raise unless the (locked) cycle takes this organisation's reports now; its deadline."""
    _require_open(cycle)
    if schedule.today() <= cycle.deadline:
        # An extension only moves a deadline later: until the cycle's own, nobody is late and
        # nothing is closed, so deadline day's saves skip looking for one.
        return cycle.deadline
    deadline = effective_deadline(cycle, organisation_id)
    if cycle.phase(deadline=deadline) == schedule.Phase.CLOSED:  # past the closing day
        raise CycleLocked(
            _("The %(year)s reporting cycle is closed: its reports can no longer be changed.")
            % {"year": cycle.year}
        )
    return deadline


def is_late(cycle: ReportingCycle, today: date | None = None, deadline: date | None = None) -> bool:
    """After the organisation's deadline (late but accepted until the closing day)."""
    return (today or schedule.today()) > (deadline or cycle.deadline)


def save_report(
    *,
    organisation,
    target: Target,
    cycle: ReportingCycle,
    actor,
    lock_version: int,
    value: Decimal | None,
    narrative: str = "",
    evidence_links: list[str] | None = None,
    far_above_confirmed: bool = False,
    submit: bool = False,
    audit_kind: str | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    sign_in: Assurance | None = None,
) -> ProgressReport:
    """Save (and optionally submit) an organisation's report on a target for a cycle.

    Guarantees: nothing changes unless the cycle is open, the report is a draft or returned, the
    value passes ``check_value`` (a far-above value needs ``far_above_confirmed``), and
    ``lock_version`` is the version the writer read (0 for a report that did not exist yet);
    otherwise a ``ReportingError`` explains why and nothing is written. Only someone who reports
    for the organisation may (``access.Refused`` otherwise), whichever path calls.
    """
    partnership_id = target.commitment.partnership_id
    delegated = access.require_to_report(actor, organisation, partnership_id, sign_in=sign_in)
    _require_acting(organisation)
    _require_open(cycle)
    links = clean_links(evidence_links or [])
    check = check_value(target.unit, value, target.target_value)
    errors: dict[str, list[str]] = {}
    if check.errors:
        errors["value"] = check.errors
    elif check.far_above and not far_above_confirmed:
        errors["value"] = [far_above_message(target)]
    counted, count_errors = check_counts(target.unit, value, numerator, denominator)
    errors.update(count_errors)
    if counted is not None and value is None and not count_errors:
        value = counted
    if submit and value is None:
        errors.setdefault("value", []).append(_("Enter the value achieved before submitting."))
    if len(narrative) > NARRATIVE_MAX:
        errors["narrative"] = [
            _("Keep the narrative under %(n)s characters.") % {"n": NARRATIVE_MAX}
        ]
    if len(links) > MAX_EVIDENCE_LINKS:
        errors["evidence_links"] = [
            _("Give at most %(n)s evidence links.") % {"n": MAX_EVIDENCE_LINKS}
        ]
    if errors:
        raise ValueRejected(errors, needs_confirmation=check.far_above and not check.errors)

    now = timezone.now()
    with transaction.atomic():
        # The cycle row FOR SHARE: saves never wait on each other, the close (FOR UPDATE) waits
        # for this one, and a save after the close sees it closed: nothing lands in a closed cycle.
        cycle = schedule.lock_for_save(cycle)
        deadline = _require_accepting(cycle, organisation.pk)
        # Every stored report has a lock_version of 1 or more, so a writer who read none (0) can
        # only create it: the row's unique constraint refuses the INSERT if it exists (the
        # IntegrityError below), without a SELECT ... FOR UPDATE that would find it first.
        report = (
            None
            if lock_version == 0
            else ProgressReport.objects.select_for_update()
            .filter(target=target, organisation=organisation, cycle=cycle)
            .first()
        )
        if report is None:
            if lock_version:
                raise EditConflict(str(CONFLICT_MESSAGE))
            report = ProgressReport(
                target=target, organisation=organisation, cycle=cycle, created_at=now
            )
        else:
            if lock_version != report.lock_version:
                raise EditConflict(str(CONFLICT_MESSAGE))
            if not report.is_editable_status:
                raise NotEditable(
                    _("This report was submitted and can no longer be changed.")
                    if report.status == ReportStatus.SUBMITTED
                    else _("This report was validated and can no longer be changed.")
                )
            report.lock_version += 1
        report.value = value
        report.numerator, report.denominator = numerator, denominator
        report.narrative = narrative
        report.evidence_links = links
        report.far_above_confirmed = bool(check.far_above and far_above_confirmed)
        report.updated_at = now
        report.updated_by = actor
        report.entered_by_coordinator_of_id = partnership_id if delegated else None
        if submit:
            report.status = ReportStatus.SUBMITTED
            report.submitted_at = now
            report.submitted_by = actor
            report.is_late = is_late(cycle, deadline=deadline)
        try:
            # No savepoint of its own: on a conflict the whole transaction is rolled back anyway
            # (the error leaves the atomic block), so deadline day saves two round trips.
            report.save()
        except IntegrityError:
            # Two first saves of the same report raced: the second one loses, visibly.
            raise EditConflict(str(CONFLICT_MESSAGE)) from None
        data = {"cycle": cycle.year, "target": target.pk, "value": _str(value)}
        if denominator is not None:
            data.update(numerator=_str(numerator), denominator=_str(denominator))
        if delegated:  # entered by the partnership's coordinator for the organisation
            data["delegated_to"] = partnership_id
        actions: list[tuple[str, dict | None]] = [(audit_kind or "pact.report.saved", data)]
        if submit:
            actions.append(("pact.report.submitted", {**data, "is_late": report.is_late}))
        log_actions(actions, report, actor, partnership_id=partnership_id)
    return report


def _str(value: Decimal | None) -> str | None:
    return None if value is None else plain_number(value)


def submit_drafts(
    *, organisation, cycle: ReportingCycle, actor, sign_in: Assurance | None = None
) -> tuple[int, int]:
    """Submit every draft or returned report that has a value and passes the rules.

    Returns ``(submitted, left_as_draft)``. A coordinator holding the organisation's delegation
    submits only the drafts on their partnerships' targets.
    """
    scope = access.reporting_scope(actor, organisation, sign_in=sign_in)
    if not (scope.writes_own or scope.delegated):
        raise access.Refused(Perm.ORG_REPORT)
    _require_acting(organisation)
    _require_open(cycle)
    submitted = skipped = 0
    reports = ProgressReport.objects.filter(
        organisation=organisation,
        cycle=cycle,
        status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED],
    ).select_related("target__commitment")
    if not scope.writes_own:
        reports = reports.filter(target__commitment__partnership_id__in=scope.delegated)
    for report in reports:
        try:
            save_report(
                organisation=organisation,
                target=report.target,
                cycle=cycle,
                actor=actor,
                lock_version=report.lock_version,
                value=report.value,
                narrative=report.narrative,
                evidence_links=report.evidence_links,
                far_above_confirmed=report.far_above_confirmed,
                submit=True,
                numerator=report.numerator,
                denominator=report.denominator,
                sign_in=sign_in,
            )
            submitted += 1
        except ReportingError:
            skipped += 1
    return submitted, skipped


def _locked_report(report: ProgressReport, lock_version: int | None) -> ProgressReport:
    locked = (
        ProgressReport.objects.select_for_update()
        .select_related("cycle", "target__commitment")
        .get(pk=report.pk)
    )
    if lock_version is not None and lock_version != locked.lock_version:
        raise EditConflict(str(CONFLICT_MESSAGE))
    if locked.status != ReportStatus.SUBMITTED:
        raise NotEditable(_("Only submitted reports can be validated or returned."))
    return locked


@transaction.atomic
def validate_report(
    report: ProgressReport,
    actor,
    lock_version: int | None = None,
    *,
    sign_in: Assurance | None = None,
) -> ProgressReport:
    """Staff accept a submitted report: its value now counts in the public results. Reviewers
    only (multi-factor sign-in)."""
    access.require_to_act(actor, Perm.STAFF_REVIEW, sign_in=sign_in)
    report = _locked_report(report, lock_version)
    report.status = ReportStatus.VALIDATED
    report.validated_at = timezone.now()
    report.validated_by = actor
    report.return_reason = ""
    report.lock_version += 1
    report.save()
    log_action(
        "pact.report.validated",
        report,
        actor,
        {"cycle": report.cycle.year, "value": _str(report.value)},
        partnership_id=report.target.commitment.partnership_id,
    )
    return report


@transaction.atomic
def return_report(
    report: ProgressReport,
    actor,
    reason: str,
    lock_version: int | None = None,
    *,
    sign_in: Assurance | None = None,
) -> ProgressReport:
    """Staff send a submitted report back with a reason; the organisation can edit and resubmit it.
    Reviewers only (multi-factor sign-in)."""
    access.require_to_act(actor, Perm.STAFF_REVIEW, sign_in=sign_in)
    reason = (reason or "").strip()
    if not reason:
        raise ReportingError(
            _("Say why the report is returned."), {"reason": [_("This field is required.")]}
        )
    report = _locked_report(report, lock_version)
    _require_open(schedule.lock_for_save(report.cycle))  # the close waits for this
    report.status = ReportStatus.RETURNED
    report.return_reason = reason
    report.lock_version += 1
    report.save()
    log_action(
        "pact.report.returned",
        report,
        actor,
        {"cycle": report.cycle.year, "reason": reason},
        partnership_id=report.target.commitment.partnership_id,
    )
    recipient = report.submitted_by or report.updated_by
    if recipient is not None and recipient.is_active and not recipient.deleted_at:
        queue_email(
            to=recipient,
            template="reporting_returned",
            context={
                "organisation": report.organisation,
                "cycle": report.cycle,
                "target": report.target,
                "reason": reason,
                "path": f"/reporting/{report.cycle.year}/{report.organisation.slug}/{report.target_id}/",
                "notice": NoticeText.objects.filter(kind=NoticeKind.RETURNED).first(),
            },
            kind="reporting.returned",
        )
    return report


def bulk_review(report_ids: list[int], actor, *, action: str, reason: str = "") -> tuple[int, int]:
    """Validate or return (with one reason) several submitted reports from the staff queue.

    Each report is its own transaction, with the same rules as one at a time (a report no longer
    submitted, or a return in a closed cycle, is skipped). Returns ``(done, skipped)``.
    """
    if action not in ("validate", "return"):
        raise ReportingError(_("Choose to validate or to return the reports."))
    reason = (reason or "").strip()
    if action == "return" and not reason:
        raise ReportingError(
            _("Say why the reports are returned."), {"reason": [_("This field is required.")]}
        )
    done = skipped = 0
    for report in ProgressReport.objects.filter(pk__in=report_ids).order_by("pk"):
        try:
            if action == "validate":
                validate_report(report, actor)
            else:
                return_report(report, actor, reason)
            done += 1
        except ReportingError:
            skipped += 1
    return done, skipped
