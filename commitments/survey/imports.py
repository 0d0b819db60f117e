"""The survey as a spreadsheet: a template (CSV, XLSX) to fill in, and its upload with a preview.

One line per answer: ``question_id``, ``part`` (empty for the answer itself; ``women``,
``fewer_opportunities``, ``ecosystem:<code>`` or ``country:<ISO code>`` for a breakdown) and
``answer``; the other columns only help the person filling it in. The template holds the answers
saved so far, so it can be downloaded, completed and uploaded again. Files are read with the same
limits as the report import (``commitments.imports``: type, 2 MB, 5,000 rows), every line is checked
with the same rules as the form (``services.check_answer``), errors name the line and the column,
and nothing is saved before the person confirms the preview.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from commitments.models import Unit
from commitments.monitoring.exports import write_table
from commitments.reporting.imports import MAX_BYTES, ImportRejected, parse_decimal, read_table
from commitments.survey import selectors, services
from commitments.survey.models import (
    PEOPLE_BREAKDOWNS,
    Breakdown,
    QuestionKind,
    Survey,
    SurveyImport,
    SurveyQuestion,
)
from pact.kernel.audit import log_action
from partnerships.models import Ecosystem

COLUMNS = ["question_id", "question", "part", "unit_or_options", "answer"]
REQUIRED = {"question_id", "answer"}

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "ImportRejected",
    "check_upload",
    "confirm",
    "discard",
    "template",
]


# --- the template ----------------------------------------------------------------------------------------


def _describe(question: SurveyQuestion) -> str:
    if question.is_number:
        unit = services.question_unit(question)
        return str(dict(Unit.choices).get(unit, unit))
    if question.kind == QuestionKind.CHOICE:
        return " | ".join(
            f"{key} = {label.text}"
            for key, label in zip(question.option_keys(), question.option_lines(), strict=False)
        )
    return _("text")


def _figure(value: Decimal | None) -> Decimal | None:
    """``1200`` rather than ``1200.00``: the figure as the person typed it."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def template_rows(survey: Survey, organisation) -> list[list]:
    response = selectors.response_of(survey, organisation)
    answers = selectors.answers_of(response)
    rows: list[list] = []
    for question in selectors.questions_of(survey):
        answer = answers.get(question.pk)
        describe = _describe(question)
        if question.is_number:
            rows.append(
                [
                    question.pk,
                    str(question.text),
                    "",
                    describe,
                    _figure(answer.number) if answer else None,
                ]
            )
            for part in PEOPLE_BREAKDOWNS:
                if question.has_breakdown(part):
                    rows.append(
                        [
                            question.pk,
                            str(Breakdown(part).label),
                            part,
                            describe,
                            _figure(getattr(answer, part)) if answer else None,
                        ]
                    )
            if question.has_breakdown(Breakdown.ECOSYSTEM):
                given = answer.part(Breakdown.ECOSYSTEM) if answer else {}
                for code, label in Ecosystem.choices:
                    rows.append(
                        [
                            question.pk,
                            str(label),
                            f"ecosystem:{code}",
                            describe,
                            _figure(given.get(code)),
                        ]
                    )
            if question.has_breakdown(Breakdown.COUNTRY):
                given = answer.part(Breakdown.COUNTRY) if answer else {}
                codes = sorted(set(given) | {str(organisation.country)})
                for code in codes:
                    rows.append(
                        [
                            question.pk,
                            countries.name(code),
                            f"country:{code}",
                            describe,
                            _figure(given.get(code)),
                        ]
                    )
        elif question.kind == QuestionKind.CHOICE:
            rows.append(
                [question.pk, str(question.text), "", describe, answer.choice if answer else ""]
            )
        else:
            rows.append(
                [question.pk, str(question.text), "", describe, answer.text if answer else ""]
            )
    return rows


def template(survey: Survey, organisation, fmt: str) -> bytes:
    return write_table(
        COLUMNS, [template_rows(survey, organisation)], fmt, sheet_title=str(survey.year)
    )


# --- reading an upload -------------------------------------------------------------------------------------


def _choice_key(question: SurveyQuestion, text: str) -> str | None:
    keys = question.option_keys()
    if text in keys:
        return text
    if question.options is None:
        return None
    wanted = text.strip().casefold()
    for language in question.options.languages:
        for key, line in zip(keys, question.option_lines(language), strict=False):
            if line.text.casefold() == wanted:
                return key
    return None


def check_rows(
    survey: Survey, rows
) -> tuple[dict[int, services.AnswerInput], list[dict], list[dict]]:
    """``(answers by question, preview rows, errors by line and column)``."""
    questions = {q.pk: q for q in selectors.questions_of(survey)}
    answers: dict[int, services.AnswerInput] = {}
    preview: list[dict] = []
    errors: list[dict] = []
    lines: dict[str, int] = {}  # field name -> line, to put the service's errors on their line
    seen: dict[tuple[int, str], int] = {}

    def error(line: int, column: str, message: str) -> None:
        errors.append({"line": line, "column": column, "message": str(message)})

    for line, cells in rows:
        raw_id = cells.get("question_id", "")
        try:
            pk = int(Decimal(raw_id))
        except (InvalidOperation, ValueError):
            error(line, "question_id", _("Give the number of one of the survey's questions."))
            continue
        question = questions.get(pk)
        if question is None:
            error(
                line,
                "question_id",
                _("Question %(id)s is not a question of this survey.") % {"id": pk},
            )
            continue
        part = cells.get("part", "").strip()
        if (pk, part) in seen:
            error(
                line,
                "part",
                _("This answer is already on line %(line)s.") % {"line": seen[(pk, part)]},
            )
            continue
        seen[(pk, part)] = line
        text = cells.get("answer", "")
        answer = answers.setdefault(pk, services.AnswerInput())
        kind, _sep, key = part.partition(":")
        if not part:
            lines.setdefault(services.field_name(question), line)
        if question.kind == QuestionKind.CHOICE:
            if part:
                error(line, "part", _("A choice has no parts: leave this column empty."))
            elif text:
                choice = _choice_key(question, text)
                if choice is None:
                    error(
                        line,
                        "answer",
                        _("“%(text)s” is not one of the options (%(options)s).")
                        % {"text": text[:40], "options": _describe(question)},
                    )
                else:
                    answer.choice = choice
        elif question.kind == QuestionKind.TEXT:
            if part:
                error(line, "part", _("A text answer has no parts: leave this column empty."))
            else:
                answer.text = text
        else:
            value = None
            if text:
                try:
                    value = parse_decimal(text)
                except (InvalidOperation, ValueError):
                    error(line, "answer", _("“%(text)s” is not a number.") % {"text": text[:40]})
                    continue
            if not part:
                answer.number = value
            elif part in PEOPLE_BREAKDOWNS:
                setattr(answer, part, value)
                lines.setdefault(services.field_name(question, part), line)
            elif kind == Breakdown.ECOSYSTEM and key in dict(Ecosystem.choices):
                if value is not None:
                    answer.by_ecosystem[key] = value
                lines.setdefault(services.field_name(question, Breakdown.ECOSYSTEM), line)
            elif kind == Breakdown.COUNTRY and key.upper() in dict(countries):
                if value is not None:
                    answer.by_country[key.upper()] = value
                lines.setdefault(services.field_name(question, Breakdown.COUNTRY), line)
            else:
                error(
                    line,
                    "part",
                    _(
                        "“%(part)s” is not a part: leave it empty, or write women, "
                        "fewer_opportunities, ecosystem:<code> or country:<ISO code>."
                    )
                    % {"part": part[:40]},
                )
                continue
        if text:
            preview.append(
                {
                    "line": line,
                    "question": str(question.text)[:200],
                    "part": part,
                    "answer": text[:200],
                }
            )
    for pk, answer in answers.items():
        question = questions[pk]
        for name, messages in services.check_answer(question, answer).items():
            line = (
                lines.get(name)
                or lines.get(services.field_name(question))
                or min((ln for (q, _p), ln in seen.items() if q == pk), default=0)
            )
            part = name.removeprefix(services.field_name(question)).lstrip("_")
            column = "part" if part and part not in question.breakdowns else "answer"
            for message in messages:
                error(line, column, message)
    errors.sort(key=lambda e: (e["line"], e["column"]))
    return answers, preview, errors


def check_upload(*, survey: Survey, organisation, actor, name: str, content: bytes) -> SurveyImport:
    """Read and check a file; the result is kept for the preview and nothing else is saved."""
    with transaction.atomic():
        services._accepting(survey, organisation.pk)
    rows = read_table(name, content, required=REQUIRED)
    answers, preview, errors = check_rows(survey, rows)
    response = selectors.response_of(survey, organisation)
    return SurveyImport.objects.create(
        organisation=organisation,
        survey=survey,
        uploaded_by=actor,
        filename=name[:200],
        answers={
            "lock_version": response.lock_version if response else 0,
            "questions": {str(pk): _dump(answer) for pk, answer in answers.items()},
        },
        rows=preview,
        errors=errors,
    )


def _dump(answer: services.AnswerInput) -> dict:
    def text(value):
        return None if value is None else f"{value.normalize():f}"

    return {
        "number": text(answer.number),
        "women": text(answer.women),
        "fewer_opportunities": text(answer.fewer_opportunities),
        "by_ecosystem": {k: text(v) for k, v in answer.by_ecosystem.items()},
        "by_country": {k: text(v) for k, v in answer.by_country.items()},
        "choice": answer.choice,
        "text": answer.text,
    }


def _load(data: dict) -> services.AnswerInput:
    def number(value):
        return None if value is None else Decimal(value)

    return services.AnswerInput(
        number=number(data.get("number")),
        women=number(data.get("women")),
        fewer_opportunities=number(data.get("fewer_opportunities")),
        by_ecosystem={k: Decimal(v) for k, v in (data.get("by_ecosystem") or {}).items()},
        by_country={k: Decimal(v) for k, v in (data.get("by_country") or {}).items()},
        choice=data.get("choice") or "",
        text=data.get("text") or "",
    )


@transaction.atomic
def confirm(survey_import: SurveyImport, actor, submit: bool = False):
    """Save the answers of a checked import, all or nothing (as one save of the answers)."""
    locked = (
        SurveyImport.objects.select_for_update()
        .select_related("survey", "organisation")
        .get(pk=survey_import.pk)
    )
    if locked.status != SurveyImport.Status.CHECKED or locked.errors:
        raise services.SurveyError(_("This import cannot be confirmed."))
    answers = {int(pk): _load(data) for pk, data in locked.answers.get("questions", {}).items()}
    response = services.save_answers(
        survey=locked.survey,
        organisation=locked.organisation,
        actor=actor,
        lock_version=locked.answers.get("lock_version", 0),
        answers=answers,
        submit=submit,
        via="spreadsheet",
    )
    locked.status = SurveyImport.Status.CONFIRMED
    locked.confirmed_at = timezone.now()
    locked.save(update_fields=["status", "confirmed_at"])
    log_action(
        "pact.survey.answers_imported",
        locked,
        actor,
        {
            "year": locked.survey.year,
            "file": locked.filename,
            "questions": len(answers),
            "submitted": submit,
        },
    )
    return response


def discard(survey_import: SurveyImport) -> None:
    SurveyImport.objects.filter(pk=survey_import.pk, status=SurveyImport.Status.CHECKED).update(
        status=SurveyImport.Status.DISCARDED
    )
