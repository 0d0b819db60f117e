"""Write requests of the matrix, part three: the members' survey. Organisations answer (web,
spreadsheet import, API); staff schedule surveys, write their questions and validate answers."""

from __future__ import annotations

import datetime

from commitments.survey import imports
from tests.isolation.scene import Scene
from tests.isolation.write_request import Write, WriteFor, upload

SOON = datetime.date.today() + datetime.timedelta(days=60)


def _dates(**extra) -> dict:
    return {
        "opens_on": (SOON).isoformat(),
        "deadline": (SOON + datetime.timedelta(days=30)).isoformat(),
        "closes_on": (SOON + datetime.timedelta(days=60)).isoformat(),
        "reminder_days": "14, 3",
        **extra,
    }


def _text(name: str, text: str) -> dict:
    return {f"{name}_language": "en", f"{name}_original": text, f"{name}_rows": "0"}


def _next(s: Scene, **extra) -> dict:
    """The URL of the scheduled survey (its questions may still change)."""
    return {"year": s.next_members_survey.year, **extra}


def _question(**extra) -> dict:
    return {"kind": "text", **_text("text", "What did you learn?"), **extra}


def _the_template(s: Scene):
    content = imports.template(s.members_survey, s.world.member_org, "csv")
    return upload("survey.csv", content, "text/csv")


WRITES_SURVEY: dict[str, WriteFor] = {
    # --- organisations answer
    "survey:answer": lambda s, u: Write(
        {
            "lock_version": s.survey_response.lock_version,
            f"q{s.members_survey_question.pk}": "We trained forty welders.",
        }
    ),
    "survey:import_upload": lambda s, u: Write({"file": _the_template(s)}),
    "survey:import_preview": lambda s, u: Write({"action": "discard"}),
    "survey-response-list": lambda s, u: Write(
        {
            "survey": s.members_survey.year,
            "organisation": s.world.coordinator_org.slug,
            "answers": [{"question": s.members_survey_question.pk, "text": "Forty welders."}],
        },
        api=True,
    ),
    "survey-response-detail": lambda s, u: Write(
        {"answers": [{"question": s.members_survey_question.pk, "text": "Forty welders."}]},
        method="PATCH",
        api=True,
        headers={"If-Match": f'"{s.survey_response.pk}-{s.survey_response.lock_version}"'},
    ),
    "survey-response-submit": lambda s, u: Write(
        api=True,
        headers={"If-Match": f'"{s.survey_response.pk}-{s.survey_response.lock_version}"'},
    ),
    # --- staff run the survey
    "survey:staff_create": lambda s, u: Write(
        {"year": "2033", **_text("title", "Members' survey 2033"), **_dates()}
    ),
    "survey:staff_edit": lambda s, u: Write(
        {
            **_text("title", "Members' survey 2032, corrected"),
            **_dates(),
            "lock_version": s.next_members_survey.lock_version,
        },
        kwargs=_next(s),
    ),
    "survey:staff_open": lambda s, u: Write(kwargs=_next(s)),
    "survey:staff_extend": lambda s, u: Write(
        {
            "scope": "everyone",
            "deadline": (s.members_survey.deadline + datetime.timedelta(days=10)).isoformat(),
            "reason": "Easter holidays",
        }
    ),
    "survey:staff_closing_day": lambda s, u: Write(
        {"closes_on": (SOON + datetime.timedelta(days=40)).isoformat()}
    ),
    "survey:staff_question_create": lambda s, u: Write(_question(), kwargs=_next(s)),
    "survey:staff_question": lambda s, u: Write(
        _question(), kwargs=_next(s, pk=s.next_members_survey_question.pk)
    ),
    "survey:staff_question_delete": lambda s, u: Write(
        kwargs=_next(s, pk=s.next_members_survey_question.pk)
    ),
    "survey:staff_response": lambda s, u: Write(
        {"action": "validate", "lock_version": s.submitted_survey_response.lock_version},
        kwargs={"year": s.members_survey.year, "pk": s.submitted_survey_response.pk},
    ),
}
