"""REST API: the KPI catalogue, commitments and targets, reporting cycles, progress reports, results.

Reports are read through ``access.reports_visible_to`` (outsiders get 404 on unvalidated ones) and
written only by the responsible organisation's people, naming the version they read (``If-Match``
or ``lock_version``); a retried POST with the same ``X-Idempotency-Key`` is not applied twice.

Modules: ``catalogue``, ``commitments`` (commitments and targets), ``reports`` (cycles and
reports).
"""

from __future__ import annotations

from django.urls import include, path
from rest_framework import routers

from commitments.api.catalogue import IndicatorViewSet
from commitments.api.commitments import CommitmentViewSet, TargetViewSet
from commitments.api.reports import ReportingCycleViewSet, ReportViewSet
from commitments.results import api as results_api

router = routers.SimpleRouter()
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("commitments", CommitmentViewSet, basename="commitment")
router.register("targets", TargetViewSet, basename="target")
router.register("reporting-cycles", ReportingCycleViewSet, basename="reporting-cycle")
router.register("reports", ReportViewSet, basename="report")

urlpatterns = [
    path("results/", results_api.ResultsView.as_view(), name="api_results"),
    path("", include(router.urls)),
]
