"""Staff prepare a survey, open it, extend deadlines, and check answers (validate or return)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from commitments.survey import services
from commitments.survey.models import (
    QuestionKind,
    ResponseStatus,
    Survey,
    SurveyExtension,
    SurveyInvitation,
    SurveyQuestion,
)
from pact.kernel import schedule
from pact.models import AuditEntry, OutboundEmail
from tests.survey.conftest import answered, make_survey


def localised(name: str, original: str, language: str = "en", **translations) -> dict:
    data = {f"{name}_language": language, f"{name}_original": original, f"{name}_rows": "3"}
    for n, (code, text) in enumerate(translations.items(), 1):
        data[f"{name}_{n}_language"] = code
        data[f"{name}_{n}_text"] = text
    return data


def test_staff_prepare_a_survey_with_the_headline_questions_and_their_breakdowns(world, login):
    client = login(world.reviewer)
    data = {
        "year": "2026",
        **localised("title", "Members' survey 2026", fr="Enquête 2026"),
        "opens_on": "2027-02-01",
        "deadline": "2027-01-15",
        "reminder_days": "14, 3",
        "breakdowns": ["women", "ecosystem"],
    }
    refused = client.post(reverse("survey:staff_create"), data)
    assert refused.status_code == 400
    assert "The deadline must be on or after the opening day." in refused.content.decode()
    assert "Enquête 2026" in refused.content.decode()  # kept
    created = client.post(reverse("survey:staff_create"), {**data, "deadline": "2027-03-31"})
    assert created.status_code == 302
    survey = Survey.objects.get(year=2026)
    assert survey.title.get("fr").text == "Enquête 2026"
    assert survey.closes_on == dt.date(2027, 4, 30)  # 30 days after the deadline
    assert survey.reminder_days == [14, 3]
    questions = {q.indicator.code: q for q in survey.questions.all()}
    assert set(questions) == {
        "people-upskilled",
        "programmes-developed",
        "stakeholders-joined",
        "investment-eur",
        "people-reached",
    }
    assert questions["people-upskilled"].breakdowns == ["women", "ecosystem"]
    assert questions["investment-eur"].breakdowns == ["ecosystem"]  # women count people only
    assert questions["people-upskilled"].text.get("de").text.startswith("Weitergebildete")
    again = client.post(reverse("survey:staff_create"), {**data, "deadline": "2027-03-31"})
    assert "There is already a survey for 2026." in again.content.decode()


def test_staff_add_their_own_questions_in_several_languages_until_the_survey_opens(world, login):
    today = schedule.today()
    survey = make_survey(world.reviewer, 2026, today, today + dt.timedelta(days=20))
    client = login(world.reviewer)
    new = reverse("survey:staff_question_create", args=[2026])
    data = {
        "kind": "choice",
        **localised("text", "Did you train trainers?", fr="Avez-vous formé des formateurs ?"),
        **localised("options", "Yes\nNo", fr="Oui\nNon\nPeut-être"),
        "required": "on",
    }
    page = client.post(new, data)
    assert page.status_code == 400
    assert "Each translation must have as many lines as the original (2)." in page.content.decode()
    assert (
        client.post(new, {**data, **localised("options", "Yes\nNo", fr="Oui\nNon")}).status_code
        == 302
    )
    question = survey.questions.get(kind=QuestionKind.CHOICE)
    assert question.option_keys() == ["1", "2"]
    assert [line.text for line in question.option_lines("fr")] == ["Oui", "Non"]
    wrong = client.post(
        new, {"kind": "text", **localised("text", "Women?"), "breakdowns": ["women"]}
    )
    assert "Only numbers can be broken down." in wrong.content.decode()
    services.open_survey(survey, world.reviewer)
    locked = client.post(reverse("survey:staff_question", args=[2026, question.pk]), data)
    assert locked.status_code == 409
    assert "Questions can change only before the survey opens" in locked.content.decode()
    removed = client.post(reverse("survey:staff_question_delete", args=[2026, question.pk]))
    assert removed.status_code == 302 and SurveyQuestion.objects.filter(pk=question.pk).exists()


def test_opening_now_invites_the_members(
    world, login, django_capture_on_commit_callbacks, mailoutbox
):
    today = schedule.today()
    make_survey(world.reviewer, 2026, today + dt.timedelta(days=10), today + dt.timedelta(days=30))
    client = login(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("survey:staff_open", args=[2026]))
    assert answer.status_code == 302
    survey = Survey.objects.get(year=2026)
    assert survey.status == schedule.WindowStatus.OPEN and survey.opens_on == today
    assert SurveyInvitation.objects.filter(survey=survey).count() == 3
    assert "member@example.org" in {m.to[0] for m in mailoutbox}
    assert AuditEntry.objects.filter(kind="pact.survey.opened", data__by="staff").exists()


def test_staff_check_answers_against_last_year_then_return_and_validate(scene, login):
    last_year = make_survey(scene.world.reviewer, 2025, dt.date(2026, 2, 1), dt.date(2026, 3, 31))
    answered(
        last_year,
        scene.world.member_org,
        {last_year.questions.get(indicator=scene.people.indicator): "100"},
    )
    response = services.save_answers(
        survey=scene.survey,
        organisation=scene.world.member_org,
        actor=scene.world.member,
        lock_version=0,
        answers={
            scene.people.pk: services.AnswerInput(number=Decimal(900)),
            scene.choice.pk: services.AnswerInput(choice="1"),
        },
        submit=True,
    )
    check = reverse("survey:staff_response", args=[scene.survey.year, response.pk])
    client = login(scene.world.reviewer)
    page = client.get(check).content.decode()
    assert "Far from last year: check this figure" in page
    empty = client.post(
        check, {"action": "return", "reason": "", "lock_version": response.lock_version}
    )
    assert empty.status_code == 400
    returned = client.post(
        check,
        {
            "action": "return",
            "reason": "900 looks like a typo.",
            "lock_version": response.lock_version,
        },
    )
    assert returned.status_code == 302
    response.refresh_from_db()
    assert response.status == ResponseStatus.RETURNED
    mail = OutboundEmail.objects.get(
        to_address="member@example.org", kind="survey.reporting_returned"
    )
    assert "returned for correction" in mail.subject and "900 looks like a typo." in mail.body_text
    response = services.save_answers(
        survey=scene.survey,
        organisation=scene.world.member_org,
        actor=scene.world.member,
        lock_version=response.lock_version,
        answers={scene.people.pk: services.AnswerInput(number=Decimal(90))},
        submit=True,
    )
    assert "Far from last year" not in client.get(check).content.decode()
    stale = client.post(check, {"action": "validate", "lock_version": response.lock_version - 1})
    assert stale.status_code == 409
    assert (
        client.post(
            check, {"action": "validate", "lock_version": response.lock_version}
        ).status_code
        == 302
    )
    response.refresh_from_db()
    assert (
        response.status == ResponseStatus.VALIDATED
        and response.validated_by == scene.world.reviewer
    )
    assert AuditEntry.objects.filter(
        kind="pact.survey.response_validated", target_id=str(response.pk)
    ).exists()


def test_staff_extend_the_deadline_of_a_named_organisation(scene, login):
    client = login(scene.world.reviewer)
    extend = reverse("survey:staff_extend", args=[scene.survey.year])
    page = client.get(extend + f"?organisation={scene.world.member_org.slug}").content.decode()
    assert f'<option value="{scene.world.member_org.pk}" selected>' in page
    too_late = scene.survey.closes_on + dt.timedelta(days=1)
    data = {
        "scope": "organisations",
        "organisations": [scene.world.member_org.pk],
        "deadline": too_late.isoformat(),
    }
    refused = client.post(extend, data)
    assert refused.status_code == 400 and "Move the closing day" in refused.content.decode()
    later = scene.survey.deadline + dt.timedelta(days=7)
    assert client.post(extend, {**data, "deadline": later.isoformat()}).status_code == 302
    assert SurveyExtension.objects.get(organisation=scene.world.member_org).deadline == later
    staff_page = client.get(
        reverse("survey:staff_survey", args=[scene.survey.year])
    ).content.decode()
    assert "1 organisation has a later deadline" in staff_page


@pytest.mark.parametrize("persona", ["member", "coordinator", "outsider", "support"])
def test_staff_pages_are_404_to_everybody_else(scene, login, persona):
    client = login(getattr(scene.world, persona))
    if persona == "support":  # staff without the review permission see, but cannot act
        assert (
            client.get(reverse("survey:staff_survey", args=[scene.survey.year])).status_code == 200
        )
        assert client.get(reverse("survey:staff_create")).status_code == 404
        assert (
            client.post(reverse("survey:staff_open", args=[scene.survey.year])).status_code == 404
        )
        return
    for name, args in (
        ("staff_surveys", []),
        ("staff_survey", [scene.survey.year]),
        ("staff_create", []),
    ):
        assert client.get(reverse(f"survey:{name}", args=args)).status_code == 404
