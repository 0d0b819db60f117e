"""REST API of the members' survey: surveys and questions (public), totals (public), and an
organisation's own answers (read and write, with a token or a session).

Answers are written only by the organisation's people, naming the version they read (``If-Match``
or ``lock_version``); a retried POST with the same ``X-Idempotency-Key`` is not applied twice. The
rules are the service's (``commitments.survey.services``): an answer refused there is a 400 whose
``errors`` name the question (``q<id>``) or its part (``q<id>_women``, ``q<id>_ecosystem``, ...).

Modules: ``surveys`` (surveys and questions), ``responses`` (answers), ``totals``, ``examples``
(for the documentation).
"""

from __future__ import annotations

from django.urls import include, path
from rest_framework import routers

from commitments.survey.api.responses import SurveyResponseViewSet
from commitments.survey.api.surveys import SurveyViewSet
from commitments.survey.api.totals import SurveyTotalsView

router = routers.SimpleRouter()
router.register("surveys", SurveyViewSet, basename="survey")
router.register("survey-responses", SurveyResponseViewSet, basename="survey-response")

urlpatterns = [
    path("survey-totals/", SurveyTotalsView.as_view(), name="api_survey_totals"),
    path("", include(router.urls)),
]
