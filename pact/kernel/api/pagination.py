"""The API's one pagination: numbered pages (the envelope DESIGN.md §9 fixes), and an optional
``cursor`` for walking long lists in ``id`` order at the cost of the first page.

A view may tell the paginator two things about its list:

- ``known_count(request)``: how many rows the list holds without counting them (a number, or None
  to count): lists of a million public rows are counted by triggers, not by ``COUNT(*)``;
- ``walks_index(request)``: True when the list, as asked, is dense in primary-key order (no filter
  that leaves few rows), so a page deep in it is read by walking the key's index rather than by
  sorting every visible row. PostgreSQL prices the per-row visibility checks of such lists far
  above what they cost and, past a few hundred rows of offset, sorts the whole visible set
  (1.3 s instead of 38 ms for page 20 of the reports at scale 0.2); sorting is switched off for
  that one query.
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import urlencode

from django.core.paginator import Paginator as DjangoPaginator
from django.db import connection
from rest_framework import exceptions, pagination
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

CURSOR_ORDERINGS = ("id", "-id")


class Pagination(pagination.PageNumberPagination):
    """Numbered pages of 25 (``page_size`` 1-100); a malformed ``page_size`` is a 400, not ignored.

    With ``cursor`` (empty for the first page, then the token of ``next`` or ``previous``) the
    same envelope is walked by key: ``next`` and ``previous`` carry cursors, and a page deep in a
    long list costs what the first one does. Cursors need the list in ``id`` or ``-id`` order."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    cursor_query_param = "cursor"
    _known_count: int | None = None

    def django_paginator_class(self, object_list, per_page):
        paginator = DjangoPaginator(object_list, per_page)
        if self._known_count is not None:
            paginator.__dict__["count"] = self._known_count  # fills the cached_property
        return paginator

    def get_page_size(self, request):
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        try:
            size = int(values[0]) if len(values) == 1 else 0
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        f"Must be a whole number from 1 to {self.max_page_size}."
                    ]
                }
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        self._cursor_mode = self.cursor_query_param in request.query_params
        if self._cursor_mode:
            return self._paginate_by_cursor(queryset, request, view)
        values = request.query_params.getlist(self.page_query_param)
        if values and (len(values) > 1 or not values[0].isdigit() or int(values[0]) < 1):
            raise exceptions.ValidationError(
                {self.page_query_param: ["Must be a whole number from 1."]}
            )
        known = getattr(view, "known_count", None)
        self._known_count = known(request) if known is not None else None
        walks = getattr(view, "walks_index", None)
        if walks is None or not walks(request):
            return super().paginate_queryset(queryset, request, view)
        with connection.cursor() as cursor:
            cursor.execute("SET enable_sort = off")
            try:
                return super().paginate_queryset(queryset, request, view)
            finally:
                cursor.execute("RESET enable_sort")

    # --- cursor --------------------------------------------------------------------------------

    def _paginate_by_cursor(self, queryset, request, view):
        if request.query_params.get(self.page_query_param):
            raise exceptions.ValidationError(
                {self.cursor_query_param: ["Use either cursor or page, not both."]}
            )
        order = _ordering(queryset, request, view)
        if order not in CURSOR_ORDERINGS:
            raise exceptions.ValidationError(
                {
                    self.cursor_query_param: [
                        "A cursor walks the list by id: use ordering=id or -id."
                    ]
                }
            )
        backwards, position = _decode(request.query_params.get(self.cursor_query_param, ""))
        size = self.get_page_size(request)
        descending = order == "-id"
        # Walking back from a "previous" cursor reads the other way, then turns the rows round.
        reads_down = descending != backwards
        rows = queryset.order_by("-id" if reads_down else "id")
        if position is not None:
            rows = rows.filter(**{"id__lt" if reads_down else "id__gt": position})
        page = list(rows[: size + 1])
        more = len(page) > size
        page = page[:size]
        if backwards:
            page.reverse()
        known = getattr(view, "known_count", None)
        count = known(request) if known is not None else None
        self._cursor_count = queryset.count() if count is None else count
        self.request = request
        first_id, last_id = (page[0].pk, page[-1].pk) if page else (position, position)
        self._next = (
            self._cursor_link(request, False, last_id)
            if (more if not backwards else position is not None) and last_id is not None
            else None
        )
        self._previous = (
            self._cursor_link(request, True, first_id)
            if (position is not None if not backwards else more) and first_id is not None
            else None
        )
        return page

    def _cursor_link(self, request, backwards: bool, position: int) -> str:
        token = base64.urlsafe_b64encode(
            urlencode({"r": int(backwards), "p": position}).encode()
        ).decode()
        url = remove_query_param(request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, token)

    def get_paginated_response(self, data):
        if getattr(self, "_cursor_mode", False):
            return Response(
                {
                    "count": self._cursor_count,
                    "next": self._next,
                    "previous": self._previous,
                    "results": data,
                }
            )
        return super().get_paginated_response(data)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
                parameter["description"] = (
                    f"Results per page, 1 to {self.max_page_size} (default {self.page_size})."
                )
        parameters.append(
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "Walk the list by key instead of by page number: send it empty for the first "
                    "page, then follow `next` and `previous`, which carry the cursor. Needs "
                    "`ordering=id` or `-id` (the default of most lists); not with `page`. A deep "
                    "page costs what the first one does."
                ),
                "schema": {"type": "string"},
            }
        )
        return parameters


def _ordering(queryset, request, view) -> str:
    """The list's order as the ordering filter applied it: ``?ordering=`` or the view's default."""
    fields = OrderingFilter().get_ordering(request, queryset, view) or []
    return fields[0] if len(fields) == 1 else ""


def _decode(token: str) -> tuple[bool, int | None]:
    """``(backwards, position)`` of a cursor; an empty one is the first page."""
    if token == "":
        return False, None
    try:
        text = base64.urlsafe_b64decode(token.encode("ascii")).decode("ascii")
        fields = dict(part.split("=", 1) for part in text.split("&"))
        backwards, position = fields["r"], int(fields["p"])
        if backwards not in {"0", "1"} or position < 0:
            raise ValueError(token)
    except (ValueError, KeyError, UnicodeError, binascii.Error):
        raise exceptions.ValidationError(
            {"cursor": ["Not a cursor of this list: use the next or previous link as given."]}
        ) from None
    return backwards == "1", position
