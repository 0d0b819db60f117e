"""The members' survey's private objects for the isolation matrix: an open survey with a question,
the member organisation's draft answers and a checked spreadsheet upload."""

from __future__ import annotations

import datetime as dt
from typing import Any

from commitments.survey.models import (
    QuestionKind,
    ResponseStatus,
    Survey,
    SurveyImport,
    SurveyQuestion,
    SurveyResponse,
)
from pact.kernel import schedule
from pact.kernel.texts import LocalisedText


def build(w) -> dict[str, Any]:
    today = schedule.today()
    survey = Survey.objects.create(
        year=2031,
        title=LocalisedText.of("Members' survey 2031"),
        opens_on=today - dt.timedelta(days=3),
        deadline=today + dt.timedelta(days=20),
        closes_on=today + dt.timedelta(days=50),
        status=schedule.WindowStatus.OPEN,
    )
    question = SurveyQuestion.objects.create(
        survey=survey, kind=QuestionKind.TEXT, text=LocalisedText.of("What did you do?")
    )
    response = SurveyResponse.objects.create(
        survey=survey, organisation=w.member_org, status=ResponseStatus.DRAFT
    )
    upload = SurveyImport.objects.create(
        organisation=w.member_org, survey=survey, uploaded_by=w.member, filename="survey.csv"
    )
    return {
        "members_survey": survey,
        "members_survey_question": question,
        "survey_response": response,
        "survey_import": upload,
    }
