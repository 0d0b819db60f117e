"""The survey's maintained totals (``SurveyTotal``) equal the validated answers after every change:
answers validated, returned, changed in bulk, deleted, a question moved to another indicator."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commitments.models import Indicator
from commitments.summaries import recompute
from commitments.survey import selectors
from commitments.survey.models import SurveyAnswer, SurveyQuestion, SurveyResponse, SurveyTotal
from commitments.survey.services import review
from tests.factories import make_organisation
from tests.survey.conftest import answered

pytestmark = pytest.mark.django_db


def _year(scene):
    return next(y for y in selectors.survey_years() if y.year == scene.survey.year)


def test_validated_answers_are_summed_and_kept_equal_to_the_answers(scene, world):
    answered(scene.survey, world.member_org, {scene.people: "120", scene.money: "5000"})
    other = make_organisation("Answering Academy", country="FR")
    submitted = answered(scene.survey, other, {scene.people: "30"}, status="submitted")
    assert recompute.differences() == {}
    assert _year(scene).totals[scene.people.indicator_id] == Decimal(120)

    review.validate_response(submitted, world.reviewer)
    assert recompute.differences() == {}
    year = _year(scene)
    assert year.totals[scene.people.indicator_id] == Decimal(150)
    assert year.answers[scene.people.indicator_id] == 2

    SurveyAnswer.objects.filter(response__survey=scene.survey).update(number=Decimal(10))
    assert recompute.differences() == {}
    SurveyResponse.objects.filter(pk=submitted.pk).update(status="returned")
    assert recompute.differences() == {}
    assert _year(scene).totals[scene.people.indicator_id] == Decimal(10)

    unused = Indicator.objects.exclude(pk__in=scene.survey.questions.values("indicator")).first()
    SurveyQuestion.objects.filter(pk=scene.money.pk).update(indicator=unused)
    assert recompute.differences() == {}
    SurveyAnswer.objects.filter(response__organisation=world.member_org).delete()
    assert recompute.differences() == {}
    assert not SurveyTotal.objects.filter(survey=scene.survey).exists()
