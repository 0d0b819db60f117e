"""The provider's sign-in and callback routes, under /accounts/ (allauth's own include finds them
here because the provider class lives in this package)."""

from allauth.socialaccount import app_settings
from django.urls import include, path, re_path

from pact.sso import provider

urlpatterns = [
    re_path(
        r"^(?P<provider_id>[^/]+)/",
        include(
            [
                path("login/", provider.login, name="openid_connect_login"),
                path("login/callback/", provider.callback, name="openid_connect_callback"),
            ]
        ),
    )
]

if app_settings.OPENID_CONNECT_URL_PREFIX:
    urlpatterns = [path(f"{app_settings.OPENID_CONNECT_URL_PREFIX}/", include(urlpatterns))]
