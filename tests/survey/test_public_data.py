"""Drafts and submissions of the survey leave the public pages' cache alone; validation moves it."""

from __future__ import annotations

from decimal import Decimal

from commitments.survey import selectors, services
from commitments.survey.models import ResponseStatus, SurveyResponse
from pact.kernel.cache import data_version


def test_only_validated_answers_move_the_public_data_version(scene):
    before = data_version.current()
    response = services.save_answers(
        survey=scene.survey,
        organisation=scene.world.member_org,
        actor=scene.world.member,
        lock_version=0,
        answers={
            scene.people.pk: services.AnswerInput(number=Decimal(3)),
            scene.choice.pk: services.AnswerInput(choice="1"),
        },
    )
    response = services.save_answers(
        survey=scene.survey,
        organisation=scene.world.member_org,
        actor=scene.world.member,
        lock_version=response.lock_version,
        answers={scene.people.pk: services.AnswerInput(number=Decimal(4))},
        submit=True,
    )
    assert data_version.current() == before
    services.validate_response(response, scene.world.reviewer)
    validated = data_version.current()
    assert validated > before
    # "Public" is defined once: what the triggers count is what the results sum.
    assert list(selectors.public_responses()) == [response]
    assert set(SurveyResponse.objects.values_list("status", flat=True)) == {
        ResponseStatus.VALIDATED
    }
