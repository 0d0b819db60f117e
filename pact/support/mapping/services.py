"""Writes for the stakeholder map and the agreement survey of a partnership (the LEP model).

Only the partnership's coordinator writes; every change is audited and concurrent edits of the same
row are refused with ``lock_version``.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pact import access
from pact.access import Perm
from pact.kernel.audit import log_action
from pact.support.common import SupportError, concurrent_edit_error
from pact.support.mapping.statements import STATEMENT_CODES
from pact.support.models import AgreementSurvey, Stakeholder
from partnerships.models import Partnership

STAKEHOLDER_FIELDS = (
    "name",
    "type",
    "influence",
    "power",
    "interest",
    "organisation",
    "contact",
    "notes",
)


def require_coordinator(actor, partnership: Partnership) -> None:
    if not access.can(actor, Perm.PS_COORDINATE, partnership):
        raise SupportError(_("Only the partnership's coordinator maps its stakeholders."))


def _check_scores(data: dict) -> None:
    for field in ("power", "interest"):
        value = data.get(field)
        if value is None or not 1 <= int(value) <= 5:
            raise SupportError(_("Give a score from 1 to 5."), field=field)


@transaction.atomic
def add_stakeholder(partnership: Partnership, *, actor, data: dict) -> Stakeholder:
    require_coordinator(actor, partnership)
    _check_scores(data)
    fields = {key: data[key] for key in STAKEHOLDER_FIELDS if key in data}
    stakeholder = Stakeholder.objects.create(partnership=partnership, **fields)
    log_action(
        "pact.stakeholder.added",
        stakeholder,
        actor,
        {"name": stakeholder.name, "type": stakeholder.type},
    )
    return stakeholder


@transaction.atomic
def update_stakeholder(stakeholder: Stakeholder, *, actor, data: dict, lock_version: int) -> None:
    require_coordinator(actor, stakeholder.partnership)
    _check_scores(data)
    fields = {key: data[key] for key in STAKEHOLDER_FIELDS if key in data}
    changed = Stakeholder.objects.filter(pk=stakeholder.pk, lock_version=lock_version).update(
        lock_version=F("lock_version") + 1, updated_at=timezone.now(), **fields
    )
    if not changed:
        raise concurrent_edit_error(_("stakeholder"))
    stakeholder.refresh_from_db()
    log_action(
        "pact.stakeholder.updated",
        stakeholder,
        actor,
        {"fields": sorted(fields), "lock_version": stakeholder.lock_version},
    )


@transaction.atomic
def remove_stakeholder(stakeholder: Stakeholder, *, actor) -> None:
    require_coordinator(actor, stakeholder.partnership)
    log_action("pact.stakeholder.removed", stakeholder, actor, {"name": stakeholder.name})
    stakeholder.delete()


def _clean_answers(answers: dict) -> dict[str, int]:
    cleaned = {}
    for code, level in answers.items():
        if code not in STATEMENT_CODES:
            raise SupportError(_("Unknown statement."))
        if level in (None, ""):
            continue
        level = int(level)
        if not 1 <= level <= 5:
            raise SupportError(_("Agreement is rated from 1 to 5."))
        cleaned[code] = level
    if not cleaned:
        raise SupportError(_("Record the panel's agreement with at least one statement."))
    return cleaned


@transaction.atomic
def record_survey(
    partnership: Partnership, *, actor, panel: str, held_on, answers: dict
) -> AgreementSurvey:
    """Record a panel's agreement (1-5) with the skills statements; unanswered ones are left out."""
    require_coordinator(actor, partnership)
    panel = panel.strip()
    if not panel:
        raise SupportError(_("Say who answered."), field="panel")
    survey = AgreementSurvey.objects.create(
        partnership=partnership,
        panel=panel,
        held_on=held_on,
        answers=_clean_answers(answers),
        created_by=actor,
    )
    log_action(
        "pact.agreement_survey.recorded",
        survey,
        actor,
        {"panel": panel, "answers": len(survey.answers)},
    )
    return survey


@transaction.atomic
def update_survey(
    survey: AgreementSurvey, *, actor, panel: str, held_on, answers: dict, lock_version: int
) -> None:
    require_coordinator(actor, survey.partnership)
    panel = panel.strip()
    if not panel:
        raise SupportError(_("Say who answered."), field="panel")
    changed = AgreementSurvey.objects.filter(pk=survey.pk, lock_version=lock_version).update(
        panel=panel,
        held_on=held_on,
        answers=_clean_answers(answers),
        lock_version=F("lock_version") + 1,
    )
    if not changed:
        raise concurrent_edit_error(_("survey"))
    survey.refresh_from_db()
    log_action(
        "pact.agreement_survey.updated",
        survey,
        actor,
        {"panel": panel, "answers": len(survey.answers), "lock_version": survey.lock_version},
    )
