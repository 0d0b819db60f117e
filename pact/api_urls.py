"""Every app's API routes under /api/v1/."""

from django.urls import include, path

urlpatterns = [
    path("", include("members.api")),
    path("", include("partnerships.api")),
    path("", include("commitments.api")),
]
