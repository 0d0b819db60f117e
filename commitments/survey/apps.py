from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyConfig(AppConfig):
    """The annual members' survey: the Pact's own yearly figures, collected and published."""

    name = "commitments.survey"
    label = "survey"
    verbose_name = _("Annual members' survey")
    default_auto_field = "django.db.models.BigAutoField"
