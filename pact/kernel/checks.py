"""System checks of the deployment settings, reported by ``manage.py check`` (and ``--deploy``).

Registered in ``PactConfig.ready``; a check that fails is an error, so migrate and the checklist stop.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags


def allowed_hosts_are_named(app_configs=None, **kwargs) -> list[Error]:
    """In production every host is named: a wildcard lets any ``Host`` header in, and with it links
    to another site in pages and mails (the page cache would even keep them for others)."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    wildcards = [host for host in settings.ALLOWED_HOSTS if "*" in host]
    if not wildcards:
        return []
    return [
        Error(
            f"ALLOWED_HOSTS holds a wildcard ({', '.join(wildcards)}) in production.",
            hint="Name the host names the portal answers on, e.g. ALLOWED_HOSTS=pact.example.eu.",
            id="pact.E001",
        )
    ]


TAGS = (Tags.security,)
