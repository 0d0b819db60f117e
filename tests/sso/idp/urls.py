from django.urls import include, path

from tests.sso.idp import views

urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("login/", views.sign_in, name="login"),
    path("whoami/", views.whoami, name="whoami"),
    path("control/person/", views.control_person),
    path("control/client/", views.control_client),
    path("control/fault/", views.control_fault),
]
