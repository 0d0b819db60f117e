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

from commitments.survey.services.answers import (
    AnswerInput,
    _accepting,
    check_answer,
    effective_deadline,
    field_name,
    is_answered,
    question_unit,
    save_answers,
)
from commitments.survey.services.common import (
    AUDIT,
    TEXT_MAX,
    AnswersRejected,
    EditConflict,
    NotAccepting,
    NotEditable,
    SurveyError,
)
from commitments.survey.services.dates import (
    extend_deadline,
    move_closing_day,
    open_survey,
)
from commitments.survey.services.preparing import (
    QuestionInput,
    add_question,
    create_survey,
    delete_question,
    headline_indicators,
    update_question,
    update_survey,
)
from commitments.survey.services.review import (
    return_response,
    validate_response,
)

__all__ = [
    "AUDIT",
    "TEXT_MAX",
    "AnswerInput",
    "AnswersRejected",
    "EditConflict",
    "NotAccepting",
    "NotEditable",
    "QuestionInput",
    "SurveyError",
    "_accepting",
    "add_question",
    "check_answer",
    "create_survey",
    "delete_question",
    "effective_deadline",
    "extend_deadline",
    "field_name",
    "headline_indicators",
    "is_answered",
    "move_closing_day",
    "open_survey",
    "question_unit",
    "return_response",
    "save_answers",
    "update_question",
    "update_survey",
    "validate_response",
]
