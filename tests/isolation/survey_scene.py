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


def build_writes(scene) -> None:
    """What the write matrix adds: a scheduled survey whose questions may still change (the open
    one's may not) and answers submitted by the third member organisation (staff validate or
    return submitted answers only; the member organisation's are a draft)."""
    o = scene.objects
    today = schedule.today()
    o["next_members_survey"] = upcoming = Survey.objects.create(
        year=2032,
        title=LocalisedText.of("Members' survey 2032"),
        opens_on=today + dt.timedelta(days=30),
        deadline=today + dt.timedelta(days=60),
        closes_on=today + dt.timedelta(days=90),
        status=schedule.WindowStatus.SCHEDULED,
    )
    o["next_members_survey_question"] = SurveyQuestion.objects.create(
        survey=upcoming, kind=QuestionKind.TEXT, text=LocalisedText.of("What will you do?")
    )
    o["submitted_survey_response"] = SurveyResponse.objects.create(
        survey=o["members_survey"],
        organisation=o["third_org"],
        status=ResponseStatus.SUBMITTED,
        submitted_at=dt.datetime.now(dt.UTC),
    )
