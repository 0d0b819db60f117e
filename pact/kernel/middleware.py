from __future__ import annotations

import io
import time

from django.conf import settings
from django.contrib.auth import logout
from django.core.handlers.wsgi import LimitedStream
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _


class RequestBodyLimitMiddleware:
    """Answer 413 to a request body over ``REQUEST_BODY_MAX_BYTES`` before anything reads it.

    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bounds form fields only: file parts were streamed whole, by the
    CSRF check as much as by the view. A declared length over the cap is refused unread; a chunked
    body (no length) is read up to the cap + 1 byte here, then handed on as an ordinary body.
    """

    CHUNK = 64 * 1024

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.REQUEST_BODY_MAX_BYTES
        declared = request.META.get("CONTENT_LENGTH") or ""
        if declared.strip():
            try:
                length = int(declared)
            except ValueError:
                return HttpResponseBadRequest()
            if length > limit:
                return self._too_large(limit)
        elif "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            body = self._read_chunked(request.environ["wsgi.input"], limit)
            if body is None:
                return self._too_large(limit)
            request.META["CONTENT_LENGTH"] = str(len(body))
            request._stream = LimitedStream(io.BytesIO(body), len(body))
        return self.get_response(request)

    def _read_chunked(self, stream, limit: int) -> bytes | None:
        buffer = io.BytesIO()
        while buffer.tell() <= limit:
            chunk = stream.read(min(self.CHUNK, limit + 1 - buffer.tell()) or 1)
            if not chunk:
                return buffer.getvalue()
            buffer.write(chunk)
        return None

    @staticmethod
    def _too_large(limit: int) -> HttpResponse:
        response = HttpResponse(
            _("The request is too large (at most %(size)s MB).") % {"size": limit // (1024 * 1024)},
            status=413,
            content_type="text/plain; charset=utf-8",
        )
        response["Connection"] = "close"
        return response


class IdleSessionMiddleware:
    """End a signed-in session after ``SESSION_IDLE_TIMEOUT`` seconds without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_seen")
            if last and now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
            elif not last or now - last > 60:  # write at most once a minute
                request.session["last_seen"] = now
        return self.get_response(request)


class UserLanguageMiddleware:
    """A ``?lang=`` URL's language first; then a signed-in person's saved language wins over the
    browser's, unless they chose in the switcher."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        asked = getattr(request, "content_language", None)
        if asked and asked in dict(settings.LANGUAGES):
            # ``?lang=`` (checked by LanguageParameterMiddleware): the URL's language wins.
            translation.activate(asked)
            request.LANGUAGE_CODE = asked
        elif (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.language
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """When PostgreSQL is down, answer 503 with a clear page instead of a stack trace."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DatabaseError | InterfaceError) and _is_connection_error(
            exception
        ):
            body = render_to_string("503.html", request=None)
            response = HttpResponse(body, status=503)
            response["Retry-After"] = "30"
            return response
        return None


def _is_connection_error(exception) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)
