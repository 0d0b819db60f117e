from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PactConfig(AppConfig):
    name = "pact"
    verbose_name = _("Pact Portal core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks as django_checks
        from django.db.models.signals import post_migrate

        from pact.kernel import checks, signals  # noqa: F401
        from pact.kernel.cache import data_version

        # After every migrate (all apps' tables exist by then): triggers on new tables too.
        post_migrate.connect(data_version.install, sender=self, dispatch_uid="pact_data_version")
        django_checks.register(checks.allowed_hosts_are_named, *checks.TAGS)
