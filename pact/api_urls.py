"""Every app's API routes under /api/v1/."""

from django.urls import include, path

from pact import api_views

urlpatterns = [
    path("me/", api_views.MeView.as_view(), name="api_me"),
    path("", include("members.api")),
    path("", include("partnerships.api")),
    path("", include("commitments.api")),
    path("", include("commitments.survey.api")),
    path("", include("pact.communications.api")),
    path("", include("pact.support.api")),
]
