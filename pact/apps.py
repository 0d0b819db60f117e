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
        count_allauth_limits_in_the_counters_redis()


def count_allauth_limits_in_the_counters_redis() -> None:
    """allauth keeps its rate-limit counts and the second-factor codes already used (refused if
    sent again) in ``django.core.cache.cache``: the page cache, which evicts under memory
    pressure, so a limit or a used code could be forgotten. It has no setting for another cache:
    those two modules' cache is the counters' one, in the Redis that never evicts."""
    from allauth.core.internal import ratelimit
    from allauth.mfa.totp.internal import auth as totp

    from pact.kernel.counters import COUNTERS

    ratelimit.cache = COUNTERS  # type: ignore[assignment]
    totp.cache = COUNTERS  # type: ignore[assignment]
