"""Staff checking answers: validate or return them."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.survey.models import (
    ResponseStatus,
    SurveyResponse,
)
from commitments.survey.services.answers import effective_deadline
from commitments.survey.services.common import (
    AUDIT,
    EditConflict,
    NotAccepting,
    NotEditable,
    SurveyError,
    _require,
)
from pact.access import Perm
from pact.kernel import schedule
from pact.kernel.audit import log_action
from pact.kernel.outbox.queue import queue_email

log = logging.getLogger(__name__)


# --- staff: checking answers -------------------------------------------------------------------------------


def _locked_submitted(response: SurveyResponse, lock_version: int | None) -> SurveyResponse:
    locked = (
        SurveyResponse.objects.select_for_update(of=("self",))
        .select_related("survey", "organisation")
        .get(pk=response.pk)
    )
    if lock_version is not None and lock_version != locked.lock_version:
        raise EditConflict(_("These answers changed since you opened the page: check them again."))
    if locked.status != ResponseStatus.SUBMITTED:
        raise NotEditable(_("Only submitted answers can be validated or returned."))
    return locked


@transaction.atomic
def validate_response(
    response: SurveyResponse, actor, lock_version: int | None = None
) -> SurveyResponse:
    """Staff accept submitted answers: from now on they count in the survey's published totals."""
    _require(actor, Perm.STAFF_REVIEW)
    response = _locked_submitted(response, lock_version)
    response.status = ResponseStatus.VALIDATED
    response.validated_at = timezone.now()
    response.validated_by = actor
    response.return_reason = ""
    response.lock_version += 1
    response.save()
    log_action(f"{AUDIT}.response_validated", response, actor, {"year": response.survey.year})
    return response


@transaction.atomic
def return_response(
    response: SurveyResponse, actor, reason: str, lock_version: int | None = None
) -> SurveyResponse:
    """Staff send submitted answers back with a reason; the organisation corrects and resubmits.

    Only while the survey still takes that organisation's answers (else it could not answer
    again); the person who submitted is told by mail.
    """
    _require(actor, Perm.STAFF_REVIEW)
    reason = (reason or "").strip()
    if not reason:
        raise SurveyError(
            _("Say why the answers are returned."), {"reason": [_("This field is required.")]}
        )
    response = _locked_submitted(response, lock_version)
    window = schedule.lock_for_save(response.survey)
    if window.phase(deadline=effective_deadline(window, response.organisation_id)) in (
        schedule.Phase.CLOSED,
        schedule.Phase.NOT_OPEN,
    ):
        raise NotAccepting(
            _(
                "The survey no longer takes this organisation's answers, so they cannot be "
                "returned: validate them, or extend its deadline first."
            )
        )
    response.status = ResponseStatus.RETURNED
    response.return_reason = reason
    response.lock_version += 1
    response.save()
    log_action(
        f"{AUDIT}.response_returned",
        response,
        actor,
        {"year": response.survey.year, "reason": reason},
    )
    recipient = response.submitted_by or response.updated_by
    if recipient is not None and recipient.is_active and not recipient.deleted_at:
        queue_email(
            to=recipient,
            template="survey_returned",
            context={
                "survey": response.survey,
                "organisation": response.organisation,
                "reason": reason,
                "path": f"/survey/{response.survey.year}/{response.organisation.slug}/",
            },
            kind="survey.reporting_returned",
        )
    return response
