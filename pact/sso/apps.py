from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "pact.sso"
    label = "sso"
    verbose_name = _("Sign-in through an identity provider")

    def ready(self) -> None:
        from pact.sso import signals  # noqa: F401
