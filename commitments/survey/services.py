"""Writes for the members' survey: preparing it, its dates, answering, checking. All audited.

Staff prepare a survey (headline questions from the KPI catalogue, their own questions), open it
(or let beat open it on its opening day), extend deadlines and move the closing day; an
organisation's admin or contributor saves answers as often as they like and submits; staff
validate or return. Web pages, the API, imports and tasks all come through here, so each rule is
checked once: who may act (``pact.access``), the survey's dates (``pact.kernel.schedule``: the window is
locked ``FOR SHARE`` by every save), the values (``check_answer``) and the version read (no lost
updates).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from commitments.models import Indicator, Unit
from commitments.reporting.services import check_value
from commitments.survey import reminders
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
from members.models import Organisation, OrganisationStatus
from pact import access
from pact.access import Perm
from pact.kernel import schedule
from pact.kernel.audit import log_action
from pact.kernel.outbox.queue import queue_email
from pact.kernel.texts import LocalisedText
from partnerships.models import Ecosystem

log = logging.getLogger(__name__)

AUDIT = "pact.survey"
TEXT_MAX = 4000


class SurveyError(Exception):
    """A refused write, with a message (and messages by field) for the person who tried it."""

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class NotAccepting(SurveyError):
    """The survey does not take answers now (not open yet, or closed)."""


class EditConflict(SurveyError):
    pass


class NotEditable(SurveyError):
    pass


class AnswersRejected(SurveyError):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(_("Please correct the answers marked below."), errors)


def _require(actor, perm: str, obj=None) -> None:
    if not access.can(actor, perm, obj):
        raise SurveyError(_("You may not do this."))


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
    if organisation.status != OrganisationStatus.ACTIVE:
        raise NotAccepting(_("Only active member organisations answer the survey."))
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


# --- staff: preparing a survey ----------------------------------------------------------------------------


def _check_dates(opens_on, deadline, closes_on) -> None:
    errors = schedule.date_errors(opens_on, deadline, closes_on)
    if errors:
        raise SurveyError(_("Please correct the dates."), errors)


def headline_indicators():
    """The Pact's yearly headline figures, which every survey asks for."""
    return Indicator.objects.filter(headline=True, aggregation="sum").order_by("position", "code")


def _usable_breakdowns(unit: str, breakdowns) -> list[str]:
    return [
        b
        for b in Breakdown.values
        if b in breakdowns and (b not in PEOPLE_BREAKDOWNS or unit == Unit.PERSONS)
    ]


def create_survey(
    *,
    actor,
    year: int,
    title: LocalisedText,
    opens_on: dt.date,
    deadline: dt.date,
    closes_on: dt.date | None = None,
    introduction: LocalisedText | None = None,
    reminder_days: list[int] | None = None,
    breakdowns: list[str] | None = None,
) -> Survey:
    """A new survey (scheduled) with one question per headline indicator of the KPI catalogue,
    each asking for ``breakdowns`` where they apply (women and fewer opportunities: people)."""
    _require(actor, Perm.STAFF_REVIEW)
    closes_on = closes_on or schedule.default_closing_day(deadline)
    _check_dates(opens_on, deadline, closes_on)
    if Survey.objects.filter(year=year).exists():
        message = _("There is already a survey for %(year)s.") % {"year": year}
        raise SurveyError(message, {"year": [message]})
    with transaction.atomic():
        survey = Survey.objects.create(
            year=year,
            title=title,
            introduction=introduction,
            opens_on=opens_on,
            deadline=deadline,
            closes_on=closes_on,
            reminder_days=sorted(set(reminder_days or []), reverse=True),
            created_by=actor,
        )
        for position, indicator in enumerate(headline_indicators()):
            SurveyQuestion.objects.create(
                survey=survey,
                position=position,
                kind=QuestionKind.HEADLINE,
                indicator=indicator,
                text=indicator.names,
                help=indicator.definitions,
                unit=indicator.unit,
                breakdowns=_usable_breakdowns(indicator.unit, breakdowns or []),
            )
        log_action(
            f"{AUDIT}.created",
            survey,
            actor,
            {
                "year": year,
                "opens_on": opens_on.isoformat(),
                "deadline": deadline.isoformat(),
                "closes_on": closes_on.isoformat(),
                "reminders": survey.reminder_days,
            },
        )
    return survey


def update_survey(
    survey: Survey,
    *,
    actor,
    lock_version: int,
    title: LocalisedText,
    introduction: LocalisedText | None,
    reminder_days: list[int],
    opens_on: dt.date | None = None,
    deadline: dt.date | None = None,
    closes_on: dt.date | None = None,
) -> Survey:
    """Change a survey's texts and reminders, and its dates while it is scheduled (once open,
    deadlines move by extension and the closing day by ``move_closing_day``)."""
    _require(actor, Perm.STAFF_REVIEW)
    with transaction.atomic():
        locked = schedule.lock_for_close(survey)
        if locked.lock_version != lock_version:
            raise EditConflict(
                _("Someone else changed this survey meanwhile. Nothing was saved: check it again.")
            )
        if locked.is_closed or locked.is_published_source:
            raise NotEditable(_("This survey is closed and can no longer change."))
        changed = []
        if locked.is_scheduled and opens_on and deadline:
            closes_on = closes_on or schedule.default_closing_day(deadline)
            _check_dates(opens_on, deadline, closes_on)
            dates: list[tuple[str, object]] = [
                ("opens_on", opens_on),
                ("deadline", deadline),
                ("closes_on", closes_on),
            ]
            for name, value in dates:
                if getattr(locked, name) != value:
                    setattr(locked, name, value)
                    changed.append(name)
        texts: list[tuple[str, object]] = [
            ("title", title),
            ("introduction", introduction),
            ("reminder_days", sorted(set(reminder_days), reverse=True)),
        ]
        for name, value in texts:
            if getattr(locked, name) != value:
                setattr(locked, name, value)
                changed.append(name)
        locked.lock_version += 1
        locked.save()
        log_action(f"{AUDIT}.updated", locked, actor, {"year": locked.year, "fields": changed})
    return locked


def _require_scheduled(survey: Survey) -> None:
    if not survey.is_scheduled or survey.is_published_source:
        raise NotEditable(
            _(
                "Questions can change only before the survey opens, so that every organisation "
                "answers the same questions."
            )
        )


@dataclass
class QuestionInput:
    kind: str
    text: LocalisedText
    help: LocalisedText | None = None
    unit: str = ""
    options: LocalisedText | None = None
    breakdowns: list[str] = field(default_factory=list)
    required: bool = False


def _check_question(data: QuestionInput, indicator: Indicator | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.kind == QuestionKind.CHOICE:
        if data.options is None:
            errors["options"] = [_("Give the options, one per line.")]
        else:
            counts = {
                code: len([line for line in text.splitlines() if line.strip()])
                for code, text in data.options.texts.items()
            }
            original = counts[data.options.language]
            if original < 2:
                errors["options"] = [_("Give at least two options, one per line.")]
            elif any(n != original for n in counts.values()):
                errors["options"] = [
                    _("Each translation must have as many lines as the original (%(n)s).")
                    % {"n": original}
                ]
    unit = indicator.unit if indicator else data.unit
    if data.kind in (QuestionKind.NUMBER, QuestionKind.HEADLINE):
        if not unit:
            errors["unit"] = [_("Choose the unit of the number.")]
        wrong = [b for b in data.breakdowns if b in PEOPLE_BREAKDOWNS and unit != Unit.PERSONS]
        if wrong:
            errors["breakdowns"] = [
                _("Women and people with fewer opportunities can only be counted in persons.")
            ]
    elif data.breakdowns:
        errors["breakdowns"] = [_("Only numbers can be broken down.")]
    return errors


@transaction.atomic
def add_question(survey: Survey, *, actor, data: QuestionInput) -> SurveyQuestion:
    _require(actor, Perm.STAFF_REVIEW)
    survey = schedule.lock_for_close(survey)
    _require_scheduled(survey)
    if data.kind == QuestionKind.HEADLINE:
        raise SurveyError(_("Headline questions come from the KPI catalogue."))
    errors = _check_question(data, None)
    if errors:
        raise SurveyError(_("Please correct the question."), errors)
    position = (survey.questions.aggregate(p=Max("position"))["p"] or 0) + 1
    question = SurveyQuestion.objects.create(
        survey=survey,
        position=position,
        kind=data.kind,
        text=data.text,
        help=data.help,
        unit=data.unit if data.kind == QuestionKind.NUMBER else "",
        options=data.options if data.kind == QuestionKind.CHOICE else None,
        breakdowns=data.breakdowns if data.kind == QuestionKind.NUMBER else [],
        required=data.required,
    )
    log_action(
        f"{AUDIT}.question_added", survey, actor, {"year": survey.year, "question": question.pk}
    )
    return question


@transaction.atomic
def update_question(question: SurveyQuestion, *, actor, data: QuestionInput) -> SurveyQuestion:
    _require(actor, Perm.STAFF_REVIEW)
    survey = schedule.lock_for_close(question.survey)
    _require_scheduled(survey)
    question = SurveyQuestion.objects.select_for_update().get(pk=question.pk)
    if question.kind == QuestionKind.HEADLINE:
        data.kind, data.unit = QuestionKind.HEADLINE, question.indicator.unit  # type: ignore[union-attr]
    elif data.kind == QuestionKind.HEADLINE:
        raise SurveyError(_("Headline questions come from the KPI catalogue."))
    errors = _check_question(data, question.indicator)
    if errors:
        raise SurveyError(_("Please correct the question."), errors)
    question.kind = data.kind
    question.text = data.text
    question.help = data.help
    question.unit = data.unit if question.is_number else ""
    question.options = data.options if data.kind == QuestionKind.CHOICE else None
    question.breakdowns = (
        _usable_breakdowns(data.unit, data.breakdowns) if question.is_number else []
    )
    question.required = data.required
    question.save()
    log_action(
        f"{AUDIT}.question_changed", survey, actor, {"year": survey.year, "question": question.pk}
    )
    return question


@transaction.atomic
def delete_question(question: SurveyQuestion, *, actor) -> None:
    _require(actor, Perm.STAFF_REVIEW)
    survey = schedule.lock_for_close(question.survey)
    _require_scheduled(survey)
    log_action(
        f"{AUDIT}.question_removed",
        survey,
        actor,
        {"year": survey.year, "question": question.pk, "text": question.text.original},
    )
    question.delete()


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
            errors = schedule.check_new_deadline(window, deadline, window.deadline)
            if errors:
                raise SurveyError(errors["deadline"][0], errors)
            previous = window.deadline
            window.deadline = deadline
            window.lock_version += 1
            window.save(update_fields=["deadline", "lock_version"])
            log_action(
                f"{AUDIT}.deadline_extended",
                window,
                actor,
                {
                    "year": window.year,
                    "from": previous.isoformat(),
                    "to": deadline.isoformat(),
                    "for": "everyone",
                    "reason": reason,
                },
            )
            organisation_ids = None
            count = SurveyInvitation.objects.filter(survey=window).count()
        else:
            if not organisations:
                raise SurveyError(
                    _("Choose the organisations to extend the deadline for."),
                    {"organisations": [_("Choose at least one organisation.")]},
                )
            for organisation in organisations:
                current = effective_deadline(window, organisation.pk)
                errors = schedule.check_new_deadline(window, deadline, current)
                if errors:
                    message = f"{organisation.name}: {errors['deadline'][0]}"
                    raise SurveyError(message, {"deadline": [message]})
                SurveyExtension.objects.update_or_create(
                    survey=window,
                    organisation=organisation,
                    defaults={"deadline": deadline, "reason": reason, "created_by": actor},
                )
                log_action(
                    f"{AUDIT}.deadline_extended",
                    window,
                    actor,
                    {
                        "year": window.year,
                        "from": current.isoformat(),
                        "to": deadline.isoformat(),
                        "for": organisation.name,
                        "reason": reason,
                    },
                    organisation_id=organisation.pk,
                )
            organisation_ids = [o.pk for o in organisations]
            count = len(organisations)
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
