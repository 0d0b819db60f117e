"""The portal's project package: settings, the URL configuration and the Celery application (the
composition roots), the portal's own models (people, the audit log, the outbox, API tokens,
NUTS regions), the development services, and beneath it:

- ``kernel/``: what every part may use; imports no app, not access, not the site;
- ``access/``: who may see and change what;
- ``site/``: the pages that gather every app;
- ``communications/`` and ``support/``: two apps;
- ``management/``: commands above the apps.

The layers and what each may import are in ``pyproject.toml`` (import-linter, run by ``make test``).
"""

from .celery import app as celery_app

__all__ = ["celery_app"]
