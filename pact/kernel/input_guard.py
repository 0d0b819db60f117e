"""NUL characters are refused where input enters: paths (404), query strings and text fields (400).

PostgreSQL text cannot hold NUL, so a NUL that reached a lookup was a 500 (``/media/%00``, an
invitation key ending in ``%00``, a JSON string with ``\\u0000``). No page names anything with a NUL
in its path, and no text field takes one, so they are turned away before any view runs: in the
middleware for paths, query strings and form fields, in the API's parsers for JSON and form bodies.
File parts are not looked at (files legitimately hold NUL bytes). Nothing here catches exceptions:
a bug elsewhere is still a 500, seen and fixed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import BadRequest
from django.http import Http404, JsonResponse
from rest_framework import parsers
from rest_framework.exceptions import ParseError

NUL = "\x00"
NUL_REFUSED = "NUL characters (\\u0000) are not accepted in text."
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_nul(value: Any) -> bool:
    """Whether a string, or any key or string inside lists and dicts, holds a NUL character."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(item) for item in value)
    return False


def _lists_have_nul(pairs: Iterable[tuple[str, list]]) -> bool:
    return any(has_nul(key) or has_nul(values) for key, values in pairs)


class InputGuardMiddleware:
    """404 for a path with a NUL; 400 for a NUL in the query string or a form's text fields."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path_info or NUL in request.path:
            raise Http404
        if _lists_have_nul(request.GET.lists()):
            return self._refused(request)
        content_type = request.META.get("CONTENT_TYPE", "")
        if (
            request.method == "POST"
            and content_type.startswith(_FORM_TYPES)
            and _lists_have_nul(request.POST.lists())
        ):
            return self._refused(request)
        return self.get_response(request)

    @staticmethod
    def _refused(request):
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": NUL_REFUSED, "code": "invalid"}, status=400)
        raise BadRequest(NUL_REFUSED)


# --- the API's parsers: the same rule for bodies the middleware does not read --------------------


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if has_nul(data):
            raise ParseError(NUL_REFUSED)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if _lists_have_nul(data.lists()):
            raise ParseError(NUL_REFUSED)
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        if _lists_have_nul(parsed.data.lists()):  # text fields only: files may hold NUL bytes
            raise ParseError(NUL_REFUSED)
        return parsed
