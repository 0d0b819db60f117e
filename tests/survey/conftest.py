"""An open members' survey (headline questions with breakdowns, a choice and a text question),
the six personas of ``world``, and a clock the survey's dates are judged by."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from commitments.survey import reminders, services
from commitments.survey.models import (
    Breakdown,
    QuestionKind,
    ResponseStatus,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from pact.kernel import schedule
from pact.kernel.texts import LocalisedText

BRUSSELS = schedule.TIMEZONE


class Clock:
    """What ``pact.kernel.schedule`` takes to be now (its phases, ``today``, beat's runs)."""

    def __init__(self, monkeypatch):
        self.moment: dt.datetime | None = None
        monkeypatch.setattr(schedule, "now", self._now)

    def _now(self) -> dt.datetime:
        from django.utils import timezone

        return self.moment or timezone.now()

    def set(self, day: dt.date, hour: int = 12, minute: int = 0, second: int = 0) -> dt.datetime:
        self.moment = dt.datetime(
            day.year, day.month, day.day, hour, minute, second, tzinfo=BRUSSELS
        )
        return self.moment


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


@dataclass
class SurveyScene:
    world: object
    survey: Survey
    people: SurveyQuestion  # people up- or reskilled, all four breakdowns
    money: SurveyQuestion  # investment in EUR
    choice: SurveyQuestion
    text: SurveyQuestion


def _title(year: int) -> LocalisedText:
    return LocalisedText.of(
        f"Members' survey {year}", "en", fr=f"Enquête {year} auprès des membres"
    )


def make_survey(actor, year: int, opens_on: dt.date, deadline: dt.date, **extra) -> Survey:
    return services.create_survey(
        actor=actor,
        year=year,
        title=_title(year),
        opens_on=opens_on,
        deadline=deadline,
        reminder_days=extra.pop("reminder_days", [14, 3]),
        breakdowns=list(Breakdown.values),
        **extra,
    )


@pytest.fixture
def scene(world) -> SurveyScene:
    today = schedule.today()
    survey = make_survey(
        world.reviewer, 2026, today - dt.timedelta(days=5), today + dt.timedelta(days=20)
    )
    choice = services.add_question(
        survey,
        actor=world.reviewer,
        data=services.QuestionInput(
            kind=QuestionKind.CHOICE,
            text=LocalisedText.of(
                "Did you join a partnership?", "en", fr="Avez-vous rejoint un partenariat ?"
            ),
            options=LocalisedText.of("Yes\nNo", "en", fr="Oui\nNon"),
            required=True,
        ),
    )
    text = services.add_question(
        survey,
        actor=world.reviewer,
        data=services.QuestionInput(
            kind=QuestionKind.TEXT, text=LocalisedText.of("Your main action", "en")
        ),
    )
    survey = services.open_survey(survey, world.reviewer)
    reminders.invite_missing(survey)  # what the task run after commit does
    questions = {q.indicator.code: q for q in survey.questions.exclude(indicator=None)}
    return SurveyScene(
        world=world,
        survey=survey,
        people=questions["people-upskilled"],
        money=questions["investment-eur"],
        choice=choice,
        text=text,
    )


def answered(
    survey: Survey,
    organisation,
    figures: dict[SurveyQuestion, str],
    status: str = ResponseStatus.VALIDATED,
    **parts,
) -> SurveyResponse:
    """A response written straight to the database (for results and reminders)."""
    SurveyInvitation.objects.get_or_create(survey=survey, organisation=organisation)
    response, _ = SurveyResponse.objects.update_or_create(
        survey=survey, organisation=organisation, defaults={"status": status}
    )
    for question, value in figures.items():
        SurveyAnswer.objects.update_or_create(
            response=response,
            question=question,
            defaults={
                "number": Decimal(value),
                **parts.get(question.indicator.code if question.indicator else "", {}),
            },
        )
    return response
