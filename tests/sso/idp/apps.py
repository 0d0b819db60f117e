from django.apps import AppConfig


class IdpConfig(AppConfig):
    name = "tests.sso.idp"
    label = "idp"
    default_auto_field = "django.db.models.BigAutoField"
