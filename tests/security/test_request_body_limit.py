"""The whole request body is capped in the application: 413 before anything reads it.

A 100 MB body used to be read whole by the language switcher and by the CSRF check of the sign-in
page (``DATA_UPLOAD_MAX_MEMORY_SIZE`` bounds form fields, not file parts or chunked bodies). The
bodies here are produced lazily and their reads counted: what is measured is the bytes read.
"""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db

HUNDRED_MB = 100 * 1024 * 1024


class EndlessBody:
    """A request body of ``size`` bytes that exists only as far as it is read."""

    def __init__(self, size: int) -> None:
        self.left = size
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = self.left
        size = min(size, self.left)
        self.left -= size
        self.read_bytes += size
        return b"a" * size

    def readline(self, size: int = -1) -> bytes:
        return self.read(1 if size is None or size < 0 else min(size, 1))


URLS = [reverse("set_language"), reverse("account_login")]


@pytest.mark.parametrize("url", URLS)
def test_a_declared_100_mb_body_is_refused_unread(client, url):
    body = EndlessBody(HUNDRED_MB)
    answer = client.generic(
        "POST",
        url,
        b"",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(HUNDRED_MB),
        **{"wsgi.input": body},
    )
    assert answer.status_code == 413
    assert body.read_bytes == 0


@pytest.mark.parametrize("url", URLS)
def test_a_chunked_body_is_read_only_up_to_the_cap(client, url):
    body = EndlessBody(HUNDRED_MB)
    answer = client.generic(
        "POST",
        url,
        b"",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": body},
    )
    assert answer.status_code == 413
    assert body.read_bytes <= settings.REQUEST_BODY_MAX_BYTES + 1


def test_a_small_chunked_body_is_handed_on_as_an_ordinary_one(client):
    data = b"language=fr&next=/"
    answer = client.generic(
        "POST",
        reverse("set_language"),
        b"",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        CONTENT_TYPE="application/x-www-form-urlencoded",
        **{"wsgi.input": io.BytesIO(data)},
    )
    assert answer.status_code == 302
    assert answer.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


def test_file_parts_count_towards_the_cap(client, settings):
    settings.REQUEST_BODY_MAX_BYTES = 4096
    answer = client.post(
        reverse("account_login"),
        {"login": "someone@example.org", "file": SimpleUploadedFile("a.bin", b"\0" * 8192)},
    )
    assert answer.status_code == 413
    assert "too large" in answer.text
    within = client.post(reverse("account_login"), {"login": "someone@example.org"})
    assert within.status_code != 413
