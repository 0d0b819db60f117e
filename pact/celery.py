"""The Celery application. Tasks only execute: what must happen is recorded in PostgreSQL first."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pact.settings")

app = Celery("pact")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
