"""Staff moving a survey's dates: opening it, extending deadlines, moving the closing day."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils.translation import gettext as _

from commitments.survey import reminders
from commitments.survey.models import (
    Survey,
    SurveyInvitation,
)
from commitments.survey.services.answers import _y, effective_deadline
from commitments.survey.services.common import AUDIT, NotEditable, SurveyError, _require
from members.models import Organisation
from pact.access import Perm
from pact.kernel import schedule
from pact.kernel.audit import log_action

log = logging.getLogger(__name__)


# --- staff: dates -----------------------------------------------------------------------------------------


def open_survey(survey: Survey, actor) -> Survey:
    """Open a scheduled survey now: every active member organisation is invited after commit."""
    _require(actor, Perm.STAFF_REVIEW)
    if survey.is_published_source:
        raise NotEditable(_("The %(year)s figures were published; it has no answers.") % _y(survey))
    if not survey.questions.exists():
        raise SurveyError(_("Add at least one question before opening the survey."))
    try:
        with transaction.atomic():
            opened = schedule.open_now(survey, actor, audit_prefix=AUDIT)
            _run_schedule_after_commit(opened.pk)
    except schedule.ScheduleError as exc:
        raise SurveyError(exc.message, exc.errors) from None
    return opened


def _run_schedule_after_commit(survey_id: int) -> None:
    def _go() -> None:
        from commitments.survey.tasks import run_schedule

        try:
            run_schedule.delay(survey_id)
        except Exception:  # beat runs it within the hour anyway
            log.warning("Broker unavailable; survey invitations wait for beat")

    transaction.on_commit(_go)


def extend_deadline(
    survey: Survey,
    *,
    actor,
    deadline: dt.date,
    organisations: list[Organisation] | None = None,
    reason: str = "",
) -> int:
    """Move the deadline for everyone (``organisations`` None) or for the named organisations.

    Never past the closing day (staff move that first, for everyone), never earlier than the
    deadline it replaces. The people of the organisations concerned that have not submitted are
    told by mail. Returns how many organisations got a new deadline.
    """
    _require(actor, Perm.STAFF_REVIEW)
    with transaction.atomic():
        window = schedule.lock_for_close(survey)
        if window.is_closed or window.is_published_source:
            raise NotEditable(_("This survey is closed: its deadlines cannot move any more."))
        if organisations is None:
            window.lock_version += 1
        try:
            organisation_ids = schedule.extend_deadline(
                window,
                actor=actor,
                deadline=deadline,
                organisations=organisations,
                reason=reason,
                audit_prefix=AUDIT,
                current_deadline=effective_deadline,
                also_save=("lock_version",),
            )
        except schedule.ScheduleError as exc:
            raise SurveyError(exc.message, exc.errors) from None
        count = (
            SurveyInvitation.objects.filter(survey=window).count()
            if organisation_ids is None
            else len(organisation_ids)
        )
        if window.is_open:
            reminders.record_extension(window, deadline, organisation_ids)
    return count


def move_closing_day(survey: Survey, *, actor, closes_on: dt.date) -> Survey:
    """Move the closing day, for everyone: never before a deadline, never into the past."""
    _require(actor, Perm.STAFF_REVIEW)
    with transaction.atomic():
        window = schedule.lock_for_close(survey)
        latest = max([window.deadline, *window.extensions.values_list("deadline", flat=True)])
        errors = schedule.check_new_closing_day(window, closes_on, latest)
        if errors:
            raise SurveyError(errors["closes_on"][0], errors)
        previous = window.closes_on
        window.closes_on = closes_on
        window.lock_version += 1
        window.save(update_fields=["closes_on", "lock_version"])
        log_action(
            f"{AUDIT}.closing_day_moved",
            window,
            actor,
            {"year": window.year, "from": previous.isoformat(), "to": closes_on.isoformat()},
        )
    return window
