"""An organisation's admin or contributor answers: saved as they go, conflicts caught, submitted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from commitments.survey import services
from commitments.survey.models import ResponseStatus, SurveyAnswer, SurveyResponse
from pact.models import AuditEntry


def url(scene) -> str:
    return reverse("survey:answer", args=[scene.survey.year, scene.world.member_org.slug])


def form_data(scene, lock_version=0, **values) -> dict:
    data = {"lock_version": str(lock_version)}
    for question in scene.survey.questions.all():
        data.setdefault(f"q{question.pk}", "")
    data.update({k: str(v) for k, v in values.items()})
    return data


def test_a_contributor_saves_answers_with_breakdowns_and_submits(scene, login):
    client = login(scene.world.contributor)
    p = scene.people.pk
    page = client.get(url(scene))
    assert page.status_code == 200
    html = page.content.decode()
    assert "People up- or reskilled" in html and "Of whom women" in html
    assert "data-autosave" in html and f'name="q{p}_country_1"' in html
    saved = client.post(
        url(scene),
        form_data(
            scene,
            **{
                f"q{p}": 120,
                f"q{p}_women": 70,
                f"q{p}_ecosystem_tourism": 100,
                f"q{p}_country_1": "IT",
                f"q{p}_country_1_value": 80,
                f"q{p}_country_2": "AT",
                f"q{p}_country_2_value": 40,
                f"q{scene.choice.pk}": "1",
                f"q{scene.text.pk}": "Courses for guides",
            },
        ),
    )
    assert saved.status_code == 302
    response = SurveyResponse.objects.get(survey=scene.survey, organisation=scene.world.member_org)
    answer = SurveyAnswer.objects.get(response=response, question=scene.people)
    assert (answer.number, answer.women) == (Decimal(120), Decimal(70))
    assert answer.by_ecosystem == {"tourism": "100"}
    assert answer.by_country == {"AT": "40", "IT": "80"}
    assert response.status == ResponseStatus.DRAFT
    submitted = client.post(
        url(scene),
        {
            **form_data(scene, response.lock_version, **{f"q{p}": 120, f"q{scene.choice.pk}": "1"}),
            "action": "submit",
        },
    )
    assert submitted.status_code == 302
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED and not response.is_late
    assert response.submitted_by == scene.world.contributor
    # Once submitted the page shows the answers, read-only.
    page = client.get(url(scene)).content.decode()
    assert "waiting for the Commission" in page and "data-autosave" not in page
    kinds = set(
        AuditEntry.objects.filter(target_id=str(response.pk)).values_list("kind", flat=True)
    )
    assert {"pact.survey.answers_saved", "pact.survey.response_submitted"} <= kinds


def test_bad_figures_get_clear_errors_and_the_form_keeps_what_was_typed(scene, login):
    client = login(scene.world.member)
    p = scene.people.pk
    page = client.post(
        url(scene),
        form_data(
            scene,
            **{
                f"q{p}": "12.5",
                f"q{p}_women": 30,
                f"q{scene.money.pk}": "10.555",
                f"q{scene.text.pk}": "Kept text",
            },
        ),
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "Counts of people or things must be whole numbers." in html
    assert "Amounts in euro have at most two decimals." in html
    assert "Kept text" in html and 'value="12.5"' in html
    page = client.post(url(scene), form_data(scene, **{f"q{p}": 10, f"q{p}_women": 30}))
    assert "The breakdown adds up to more than the total (10)." in page.content.decode()
    page = client.post(url(scene), form_data(scene, **{f"q{p}_country_1_value": 5}))
    assert "Choose the country of this figure." in page.content.decode()
    submitted = client.post(url(scene), {**form_data(scene, **{f"q{p}": 5}), "action": "submit"})
    assert "Answer this question before submitting." in submitted.content.decode()  # the choice
    assert not SurveyResponse.objects.filter(status=ResponseStatus.SUBMITTED).exists()


def test_autosave_answers_with_the_new_version_and_a_second_writer_is_told_not_overwritten(
    scene, login
):
    client = login(scene.world.member)
    p = scene.people.pk
    fragment = client.post(url(scene), form_data(scene, **{f"q{p}": 7}), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert '<input type="hidden" name="lock_version" value="1">' in fragment.content.decode()
    # The contributor had opened the page before the autosave (version 0) and saves now.
    other = login(scene.world.contributor)
    page = other.post(url(scene), form_data(scene, 0, **{f"q{p}": 9}))
    assert page.status_code == 409
    html = page.content.decode()
    assert "Nothing was" in html and 'value="9"' in html  # kept, and the saved answer shown
    assert SurveyAnswer.objects.get(question=scene.people).number == Decimal(7)
    # Having seen both, a second save is theirs to make.
    assert other.post(url(scene), form_data(scene, 1, **{f"q{p}": 9})).status_code == 302
    assert SurveyAnswer.objects.get(question=scene.people).number == Decimal(9)


def test_answers_after_the_deadline_are_flagged_late_and_none_after_the_closing_day(
    scene, login, clock
):
    client = login(scene.world.member)
    clock.set(scene.survey.deadline + dt.timedelta(days=1), 10)
    page = client.get(url(scene)).content.decode()
    assert "will be marked late" in page
    data = {
        **form_data(scene, **{f"q{scene.people.pk}": 3, f"q{scene.choice.pk}": "2"}),
        "action": "submit",
    }
    assert client.post(url(scene), data).status_code == 302
    assert SurveyResponse.objects.get(survey=scene.survey).is_late
    clock.set(scene.survey.closes_on + dt.timedelta(days=1), 0, 0, 1)
    other = login(scene.world.outsider)
    outsider_url = reverse("survey:answer", args=[scene.survey.year, scene.world.outsider_org.slug])
    assert "closed" in other.get(outsider_url).content.decode()
    refused = other.post(outsider_url, form_data(scene, **{f"q{scene.people.pk}": 3}))
    assert refused.status_code == 409
    assert not SurveyResponse.objects.filter(organisation=scene.world.outsider_org).exists()


@pytest.mark.parametrize("persona", ["outsider", "coordinator"])
def test_other_organisations_people_get_404(scene, login, persona):
    client = login(getattr(scene.world, persona))
    assert client.get(url(scene)).status_code == 404
    assert client.post(url(scene), form_data(scene)).status_code == 404


def test_staff_see_the_answers_but_cannot_answer(scene, login):
    services.save_answers(
        survey=scene.survey,
        organisation=scene.world.member_org,
        actor=scene.world.member,
        lock_version=0,
        answers={scene.people.pk: services.AnswerInput(number=Decimal(4))},
    )
    client = login(scene.world.reviewer)
    page = client.get(url(scene))
    assert page.status_code == 200 and "data-autosave" not in page.content.decode()
    assert client.post(url(scene), form_data(scene, 1)).status_code == 404
    with pytest.raises(services.SurveyError, match="You may not"):
        services.save_answers(
            survey=scene.survey,
            organisation=scene.world.member_org,
            actor=scene.world.reviewer,
            lock_version=1,
            answers={},
        )


def test_the_dashboard_names_the_survey_to_answer(scene, login):
    page = login(scene.world.contributor).get(reverse("dashboard")).content.decode()
    assert "survey-task-heading" in page and url(scene) in page
    assert (
        "Members' survey to answer"
        not in login(scene.world.reviewer).get(reverse("dashboard")).content.decode()
    )


def test_a_persons_data_export_holds_the_survey_answers_they_wrote(scene):
    from pact.site.personal_data.services import export_personal_data

    services.save_answers(
        survey=scene.survey,
        organisation=scene.world.member_org,
        actor=scene.world.contributor,
        lock_version=0,
        answers={scene.people.pk: services.AnswerInput(number=Decimal(12))},
    )
    written = export_personal_data(scene.world.contributor)["written_by_you"]["survey_answers"]
    assert written == [
        {
            "organisation": "Member College",
            "year": 2026,
            "status": "draft",
            "answers": {"People up- or reskilled": Decimal("12.00")},
            "submitted_at": None,
        }
    ]
    assert export_personal_data(scene.world.member)["written_by_you"]["survey_answers"] == []
