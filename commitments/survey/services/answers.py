"""Answering the survey: the rules every way of answering shares (form, spreadsheet, API), and saving."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from commitments.reporting.services import check_value
from commitments.survey.models import (
    PEOPLE_BREAKDOWNS,
    Breakdown,
    QuestionKind,
    ResponseStatus,
    Survey,
    SurveyAnswer,
    SurveyExtension,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from commitments.survey.services.common import (
    AUDIT,
    TEXT_MAX,
    AnswersRejected,
    EditConflict,
    NotAccepting,
    NotEditable,
    _require,
)
from members.models import Organisation
from pact import access
from pact.access import Perm
from pact.kernel import schedule
from pact.kernel.audit import log_action
from partnerships.models import Ecosystem

log = logging.getLogger(__name__)


# --- answers: the rules every way of answering shares (form, spreadsheet, API) -------------------------


@dataclass
class AnswerInput:
    number: Decimal | None = None
    women: Decimal | None = None
    fewer_opportunities: Decimal | None = None
    by_ecosystem: dict[str, Decimal] = field(default_factory=dict)
    by_country: dict[str, Decimal] = field(default_factory=dict)
    choice: str = ""
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return (
            self.number is None
            and self.women is None
            and self.fewer_opportunities is None
            and not self.by_ecosystem
            and not self.by_country
            and not self.choice
            and not self.text.strip()
        )

    @classmethod
    def of(cls, answer: SurveyAnswer) -> AnswerInput:
        return cls(
            number=answer.number,
            women=answer.women,
            fewer_opportunities=answer.fewer_opportunities,
            by_ecosystem=answer.part(Breakdown.ECOSYSTEM),
            by_country=answer.part(Breakdown.COUNTRY),
            choice=answer.choice,
            text=answer.text,
        )


def field_name(question: SurveyQuestion | int, part: str = "") -> str:
    """The key of a question's value (or of one of its parts) in forms and error dicts."""
    pk = question if isinstance(question, int) else question.pk
    return f"q{pk}_{part}" if part else f"q{pk}"


def question_unit(question: SurveyQuestion) -> str:
    return question.number_unit


def check_answer(question: SurveyQuestion, answer: AnswerInput) -> dict[str, list[str]]:
    """What is wrong with ``answer`` to ``question``, by field name (empty when it is fine)."""
    errors: dict[str, list[str]] = {}

    def add(part: str, message: str) -> None:
        errors.setdefault(field_name(question, part), []).append(message)

    if question.is_number:
        unit = question_unit(question)
        values = {
            "": answer.number,
            Breakdown.WOMEN: answer.women,
            Breakdown.FEWER_OPPORTUNITIES: answer.fewer_opportunities,
        }
        for part, value in values.items():
            for message in check_value(unit, value, None).errors:
                add(part, message)
        for breakdown in PEOPLE_BREAKDOWNS:
            if values[breakdown] is not None and not question.has_breakdown(breakdown):
                add(breakdown, _("This question does not ask for this breakdown."))
        for breakdown, parts in (
            (Breakdown.ECOSYSTEM, answer.by_ecosystem),
            (Breakdown.COUNTRY, answer.by_country),
        ):
            if parts and not question.has_breakdown(breakdown):
                add(breakdown, _("This question does not ask for this breakdown."))
                continue
            valid = dict(Ecosystem.choices) if breakdown == Breakdown.ECOSYSTEM else dict(countries)
            for key, value in parts.items():
                if key not in valid:
                    add(
                        breakdown,
                        _("“%(key)s” is not an industrial ecosystem.") % {"key": key}
                        if breakdown == Breakdown.ECOSYSTEM
                        else _("“%(key)s” is not a country code.") % {"key": key},
                    )
                for message in check_value(unit, value, None).errors:
                    add(breakdown, f"{valid.get(key, key)}: {message}")
        total = answer.number
        parts_given = [
            (Breakdown.WOMEN, answer.women),
            (Breakdown.FEWER_OPPORTUNITIES, answer.fewer_opportunities),
            (Breakdown.ECOSYSTEM, sum(answer.by_ecosystem.values(), Decimal(0)) or None),
            (Breakdown.COUNTRY, sum(answer.by_country.values(), Decimal(0)) or None),
        ]
        for part, value in parts_given:
            if value is None or field_name(question, part) in errors:
                continue
            if total is None:
                add(part, _("Give the total before its breakdown."))
            elif value > total:
                add(
                    part,
                    _("The breakdown adds up to more than the total (%(total)s).")
                    % {"total": f"{total.normalize():f}"},
                )
    elif answer.number is not None or answer.women is not None or answer.by_country:
        add("", _("This question is not answered with a number."))
    if question.kind == QuestionKind.CHOICE:
        if answer.choice and answer.choice not in question.option_keys():
            add("", _("Choose one of the options."))
    elif answer.choice:
        add("", _("This question has no options to choose from."))
    if question.kind == QuestionKind.TEXT:
        if len(answer.text) > TEXT_MAX:
            add("", _("Keep the answer under %(n)s characters.") % {"n": TEXT_MAX})
    elif answer.text:
        add("", _("This question is not answered with a text."))
    return errors


def is_answered(question: SurveyQuestion, answer: AnswerInput | None) -> bool:
    if answer is None:
        return False
    if question.is_number:
        return answer.number is not None
    if question.kind == QuestionKind.CHOICE:
        return bool(answer.choice)
    return bool(answer.text.strip())


# --- answering ----------------------------------------------------------------------------------------------


def effective_deadline(survey: Survey, organisation_id: int) -> dt.date:
    """The organisation's deadline: the survey's, or its own extension when that is later."""
    extension = (
        SurveyExtension.objects.filter(survey=survey, organisation_id=organisation_id)
        .values_list("deadline", flat=True)
        .first()
    )
    return max(survey.deadline, extension) if extension else survey.deadline


def _accepting(survey: Survey, organisation_id: int) -> schedule.Phase:
    """Raise unless the survey takes this organisation's answers now; return the phase."""
    if survey.is_published_source:
        raise NotAccepting(
            _("The %(year)s figures were published; it has no answers.") % _y(survey)
        )
    phase = survey.phase(deadline=effective_deadline(survey, organisation_id))
    if phase == schedule.Phase.NOT_OPEN:
        raise NotAccepting(
            _("The %(year)s survey opens on %(day)s.")
            % {"year": survey.year, "day": survey.opens_on.isoformat()}
        )
    if phase == schedule.Phase.CLOSED:
        raise NotAccepting(
            _("The %(year)s survey is closed: its answers can no longer change.") % _y(survey)
        )
    return phase


def _y(survey: Survey) -> dict:
    return {"year": survey.year}


def _conflict(current: SurveyResponse) -> EditConflict:
    who = current.updated_by.display_name if current.updated_by else _("someone")
    return EditConflict(
        _(
            "%(who)s saved these answers at %(time)s, after you opened this page. Nothing was "
            "overwritten: your answers are kept below. Compare them with the saved ones, then "
            "save again."
        )
        % {"who": who, "time": timezone.localtime(current.updated_at).strftime("%H:%M")}
    )


def save_answers(
    *,
    survey: Survey,
    organisation: Organisation,
    actor,
    lock_version: int,
    answers: dict[int, AnswerInput],
    submit: bool = False,
    via: str = "web",
) -> SurveyResponse:
    """Save (and optionally submit) an organisation's answers to the questions in ``answers``.

    Guarantees: nothing changes unless the actor may answer for the organisation (admin or
    contributor), the organisation is an active member, the survey takes its answers today
    (its own deadline counts; after the deadline a submission is flagged late), the response is
    a draft or returned, every answer passes ``check_answer`` (and, to submit, every required
    question is answered), and ``lock_version`` is the version the writer read (0: none yet).
    Otherwise a ``SurveyError`` says why and nothing is written. Questions left out of
    ``answers`` keep their saved answers.
    """
    _require(actor, Perm.ORG_REPORT, organisation)
    refusal = access.lifecycle.not_acting_reason(organisation)
    if refusal:
        raise NotAccepting(refusal)
    questions = {q.pk: q for q in survey.questions.select_related("indicator")}
    errors: dict[str, list[str]] = {}
    for pk, answer in answers.items():
        if pk not in questions:
            errors.setdefault("answers", []).append(
                _("Question %(id)s is not a question of this survey.") % {"id": pk}
            )
            continue
        errors.update(check_answer(questions[pk], answer))
    if errors:
        raise AnswersRejected(errors)
    now = timezone.now()
    with transaction.atomic():
        window = schedule.lock_for_save(survey)  # the close waits for this save, or refuses it
        phase = _accepting(window, organisation.pk)
        response = (
            SurveyResponse.objects.select_for_update(of=("self",))
            .select_related("updated_by")
            .filter(survey=survey, organisation=organisation)
            .first()
        )
        if response is None:
            if lock_version:
                raise _conflict_missing()
            response = SurveyResponse(survey=survey, organisation=organisation, created_at=now)
        else:
            if lock_version != response.lock_version:
                raise _conflict(response)
            if not response.is_editable_status:
                raise NotEditable(
                    _("These answers were submitted and are waiting for the Commission's check.")
                    if response.status == ResponseStatus.SUBMITTED
                    else _("These answers were validated and can no longer change.")
                )
            response.lock_version += 1
        response.updated_at = now
        response.updated_by = actor
        try:
            with transaction.atomic():
                response.save()
        except IntegrityError:  # two first saves raced: the second one loses, visibly
            raise _conflict_missing() from None
        SurveyInvitation.objects.get_or_create(survey=survey, organisation=organisation)
        existing = {a.question_id: a for a in response.answers.all()}
        for pk, answer in answers.items():
            _store_answer(response, questions[pk], existing.get(pk), answer)
        if submit:
            saved = {a.question_id: AnswerInput.of(a) for a in response.answers.all()}
            missing = {
                field_name(q): [_("Answer this question before submitting.")]
                for q in questions.values()
                if q.required and not is_answered(q, saved.get(q.pk))
            }
            if missing:
                raise AnswersRejected(missing)
            response.status = ResponseStatus.SUBMITTED
            response.submitted_at = now
            response.submitted_by = actor
            response.is_late = phase == schedule.Phase.LATE
            response.return_reason = ""
            response.save(
                update_fields=["status", "submitted_at", "submitted_by", "is_late", "return_reason"]
            )
        data = {"year": survey.year, "answers": len(answers), "via": via}
        log_action(f"{AUDIT}.answers_saved", response, actor, data)
        if submit:
            log_action(
                f"{AUDIT}.response_submitted",
                response,
                actor,
                {**data, "is_late": response.is_late},
            )
    return response


def _conflict_missing() -> EditConflict:
    return EditConflict(
        _(
            "Someone else saved these answers while you were editing them. Nothing was saved: "
            "your answers are kept below. Check the saved ones, then save again."
        )
    )


def _store_answer(
    response: SurveyResponse,
    question: SurveyQuestion,
    current: SurveyAnswer | None,
    answer: AnswerInput,
) -> None:
    if answer.is_empty:
        if current is not None:
            current.delete()
        return
    row = current or SurveyAnswer(response=response, question=question)
    row.number = answer.number
    row.women = answer.women
    row.fewer_opportunities = answer.fewer_opportunities
    row.by_ecosystem = {k: _plain(v) for k, v in sorted(answer.by_ecosystem.items())}
    row.by_country = {k: _plain(v) for k, v in sorted(answer.by_country.items())}
    row.choice = answer.choice
    row.text = answer.text.strip()
    row.save()


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"
