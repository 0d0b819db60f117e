from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation


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
    """A signed-in person's saved language wins over the browser's, unless they chose in the switcher."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
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
