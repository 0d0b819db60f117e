from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "pact.support"
    label = "support"
    verbose_name = _("Pact Support Services")
    default_auto_field = "django.db.models.BigAutoField"
