"""Logs as JSON lines, each with the id of the request that wrote it.

``RequestIdMiddleware`` (first in ``MIDDLEWARE``) takes the reverse proxy's ``X-Request-ID`` when
it is a plain token, or makes one, keeps it for the request's duration and returns it in the
response's ``X-Request-ID``; ``JsonFormatter`` writes each record as one JSON object with it.
With Sentry on (``SENTRY_DSN``), the id is a tag of each event, so a report and its log lines meet.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.core.signals import request_finished
from django.dispatch import receiver

request_id: ContextVar[str] = ContextVar("request_id", default="")

_ACCEPTED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
HEADER = "X-Request-ID"


def _incoming(value: str | None) -> str:
    if value and _ACCEPTED.match(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = _incoming(request.headers.get(HEADER))
        request.request_id = rid
        # Kept until the response is closed (request_finished): Django logs an error answer
        # (django.request) after the middleware returned it.
        request_id.set(rid)
        _tag_sentry(rid)
        response = self.get_response(request)
        response[HEADER] = rid
        return response


@receiver(request_finished)
def _forget_request_id(sender, **kwargs) -> None:
    request_id.set("")


def _tag_sentry(rid: str) -> None:
    try:
        import sentry_sdk
    except ImportError:  # pragma: no cover - a dependency, but error reporting stays optional
        return
    if sentry_sdk.get_client().is_active():
        sentry_sdk.get_isolation_scope().set_tag("request_id", rid)


class ConsoleHandler(logging.StreamHandler):
    """Standard error as the process started with it: a Celery worker replaces ``sys.stderr`` with
    a proxy that logs what is written to it, and a handler writing there would lose every line."""

    def __init__(self) -> None:
        super().__init__(sys.__stderr__)


class RequestIdFilter(logging.Filter):
    """Gives every record a ``request_id`` (empty outside a request: tasks, commands)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_id.get()
        return True


# Attributes every LogRecord has; anything else was passed with ``extra=`` and is kept.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or request_id.get(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)
