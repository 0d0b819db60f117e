"""The Celery application. Tasks only execute: what must happen is recorded in PostgreSQL first.

A composition root: each installed app's ``tasks`` module is found by autodiscovery, and the
project's own task modules (the kernel's outbox, the site's housekeeping) are named here."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pact.settings")

app = Celery("pact")
app.set_default()  # what the kernel sees as celery.current_app, in every thread
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["pact.kernel.outbox", "pact.site"])
