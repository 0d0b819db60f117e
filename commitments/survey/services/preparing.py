"""Staff preparing a survey: its year, texts, dates, reminders and questions."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from commitments.models import Indicator, Unit
from commitments.survey.models import (
    PEOPLE_BREAKDOWNS,
    Breakdown,
    QuestionKind,
    Survey,
    SurveyQuestion,
)
from commitments.survey.services.common import (
    AUDIT,
    EditConflict,
    NotEditable,
    SurveyError,
    _require,
)
from pact.access import Perm
from pact.kernel import schedule
from pact.kernel.audit import log_action
from pact.kernel.texts import LocalisedText

log = logging.getLogger(__name__)


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
