"""The portal's own sign-in pages (namespace ``sso``), under /accounts/."""

from django.urls import path
from django.views.generic import RedirectView

from pact.sso import views

app_name = "sso"

urlpatterns = [
    path("sign-in-methods/", views.methods, name="methods"),
    path("sign-in-methods/password/remove/", views.remove_password, name="remove_password"),
    path("sign-in-methods/<int:pk>/unlink/", views.unlink, name="unlink"),
    path("sign-in-methods/confirm-link/", views.confirm_link, name="confirm_link"),
    path("second-factor/", views.second_factor, name="second_factor"),
    # allauth's page of linked accounts: the portal has one place for sign-in methods.
    path(
        "3rdparty/",
        RedirectView.as_view(pattern_name="sso:methods", permanent=False),
        name="connections",
    ),
]
