"""Logs are JSON lines carrying the request's id; errors go to Sentry when a DSN is configured."""

import io
import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings

from pact.kernel.logs import JsonFormatter, RequestIdFilter, request_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


def test_each_response_names_its_request_and_each_log_line_carries_it(client, json_log):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="edge-1234abcd")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "edge-1234abcd"
    lines = json_log()
    assert lines, "django.request logs a 404"
    assert lines[-1]["request_id"] == "edge-1234abcd"
    assert lines[-1]["level"] == "WARNING" and "Not Found" in lines[-1]["message"]
    assert request_id.get() == ""  # nothing left over once the request is answered


def test_an_unusable_incoming_id_is_replaced():
    from django.test import Client

    for bad in ("short", "x" * 200, "has space in it", "semi;colon;id"):
        response = Client().get("/healthz/live", HTTP_X_REQUEST_ID=bad)
        rid = response["X-Request-ID"]
        assert rid != bad and len(rid) == 32
    first = Client().get("/healthz/live")["X-Request-ID"]
    assert first != Client().get("/healthz/live")["X-Request-ID"]


def test_the_formatter_writes_one_json_object_with_extras_and_the_exception():
    formatter = JsonFormatter()
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("pact.test").makeRecord(
            "pact.test",
            logging.ERROR,
            __file__,
            1,
            "failed %s",
            ("x",),
            sys.exc_info(),
            extra={"pdf": 7},
        )
    token = request_id.set("req-00000001")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    entry = json.loads(formatter.format(record))
    assert entry["message"] == "failed x" and entry["level"] == "ERROR"
    assert entry["request_id"] == "req-00000001" and entry["pdf"] == 7
    assert "ValueError: boom" in entry["exception"]


def test_the_console_handler_writes_json_by_default():
    handler = settings.LOGGING["handlers"]["console"]
    assert settings.LOGGING["formatters"][handler["formatter"]]["()"].endswith("JsonFormatter")
    assert "request_id" in handler["filters"]
    assert settings.MIDDLEWARE[0] == "pact.kernel.logs.RequestIdMiddleware"


SENTRY_ACTIVE = (
    "import django, sentry_sdk; django.setup(); print(sentry_sdk.get_client().is_active())"
)


@pytest.mark.parametrize("dsn, active", [("", "False"), ("https://key@sentry.invalid/1", "True")])
def test_sentry_reports_errors_only_when_a_dsn_is_configured(dsn, active):
    env = dict(os.environ, SENTRY_DSN=dsn, DJANGO_SETTINGS_MODULE="pact.settings")
    result = subprocess.run(
        [sys.executable, "-c", SENTRY_ACTIVE], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == active
