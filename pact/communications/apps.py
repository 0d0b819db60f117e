from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationsConfig(AppConfig):
    name = "pact.communications"
    label = "communications"
    verbose_name = _("News, notifications and newsletter")
    default_auto_field = "django.db.models.BigAutoField"
