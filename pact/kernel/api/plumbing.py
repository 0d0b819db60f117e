"""API plumbing shared by every app: tokens, scopes, errors, concurrency, idempotency (pagination:
``pact.kernel.api.pagination``)."""

from __future__ import annotations

import datetime
import hashlib
import json

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django_filters import BooleanFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from pact.models import IdempotentRequest


class FilterBackend(DjangoFilterBackend):
    """django-filter, but strict: ``?kind=`` or ``?headline=maybe`` is a 400, not silently ignored."""

    TRUE_FALSE = {"true", "false", "1", "0"}

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        errors: dict[str, list[str]] = {}
        for name, declared in filterset.filters.items():
            values = request.query_params.getlist(name)
            if len(values) > 1:
                errors[name] = ["Give this parameter once."]
                continue
            for raw in values:
                if raw == "":
                    errors[name] = ["Give a value, or leave the parameter out."]
                elif isinstance(declared, BooleanFilter) and raw.lower() not in self.TRUE_FALSE:
                    errors[name] = ["Must be true or false."]
        if errors:
            raise exceptions.ValidationError(errors)
        return filterset

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid() and self.raise_exception:
            raise exceptions.ValidationError(filterset.errors)
        # PostgreSQL refuses offsets beyond +-15:59 that Python accepts ("+19:24"): compare in UTC.
        cleaned = filterset.form.cleaned_data
        for name, value in list(cleaned.items()):
            if isinstance(value, datetime.datetime) and value.tzinfo is not None:
                try:
                    cleaned[name] = value.astimezone(datetime.UTC)
                except OverflowError:
                    raise exceptions.ValidationError({name: ["Date out of range."]}) from None
        return filterset.qs


def exception_handler(exc, context):
    """Consistent error bodies: ``{"detail": reason, "code": ..., "errors": {field: [...]}}``."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Not found.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        response.data = {"detail": "Invalid input.", "code": "invalid", "errors": errors}
    elif isinstance(data, dict) and "detail" in data:
        code = getattr(data["detail"], "code", None) or getattr(exc, "default_code", "error")
        response.data = {"detail": str(data["detail"]), "code": code}
    return response


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = (
        "The object was changed by someone else; reload it and apply your change again."
    )
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "If-Match does not match the current version; reload and retry."
    default_code = "precondition_failed"


def etag_for(obj, field: str = "lock_version") -> str:
    return f'"{obj.pk}-{getattr(obj, field)}"'


def check_if_match(request, obj, field: str = "lock_version") -> int:
    """Return the version the client read: from If-Match, else from a ``lock_version`` in the body.

    A write without either is refused with 428 so no client can overwrite blindly.
    """
    header = request.headers.get("If-Match")
    if header:
        if header.strip() != etag_for(obj, field):
            raise PreconditionFailed()
        return getattr(obj, field)
    body_version = request.data.get(field) if hasattr(request.data, "get") else None
    if body_version is None:
        raise PreconditionRequired()
    try:
        return int(body_version)
    except (TypeError, ValueError):
        raise exceptions.ValidationError({field: ["Must be an integer."]}) from None


def save_if_version(obj, read_version: int, fields: dict, field: str = "lock_version") -> None:
    """Compare-and-set: apply ``fields`` only if nobody saved ``obj`` since ``read_version``.

    Raises ``Conflict`` (409) when another write came first; nothing is overwritten. On success
    ``obj`` holds the new values and the incremented version.
    """
    model = type(obj)
    updated = model._default_manager.filter(pk=obj.pk, **{field: read_version}).update(
        **fields, **{field: F(field) + 1}
    )
    if not updated:
        raise Conflict()
    for name, value in fields.items():
        setattr(obj, name, value)
    setattr(obj, field, read_version + 1)


class ETagMixin:
    """Send the object's ETag (built from ``lock_version``) with detail answers and changes."""

    etag_field = "lock_version"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        obj = getattr(self, "_etag_object", None)
        if obj is not None and response.status_code < 300 and not response.has_header("ETag"):
            response["ETag"] = etag_for(obj, self.etag_field)
        return response

    def get_object(self):
        obj = super().get_object()  # type: ignore[misc]
        self._etag_object = obj
        return obj


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = (
        "Send If-Match with the object's ETag (or lock_version in the body) to change it."
    )
    default_code = "precondition_required"


def request_fingerprint(request) -> str:
    """A digest of what a POST asks for (its parsed data, files by content), not of its bytes:
    the same request retried with its keys in another order is the same request."""
    data = request.data
    if hasattr(data, "lists"):  # a form: every value of every field
        data = dict(data.lists())

    def describe(value):
        if hasattr(value, "chunks"):  # an uploaded file
            digest = hashlib.sha256()
            for chunk in value.chunks():
                digest.update(chunk)
            value.seek(0)
            return f"file:{digest.hexdigest()}"
        return str(value)

    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=describe)
    return hashlib.sha256(text.encode()).hexdigest()


class IdempotentCreateMixin:
    """Honour ``X-Idempotency-Key`` on POST: the first response is stored and replayed on retries.

    A key belongs to one request: reused on another path, or with another body, it answers 409
    with the reason (replaying the first answer would tell the client its second request was done).
    """

    def create(self, request, *args, **kwargs):
        key = request.headers.get("X-Idempotency-Key")
        if not key or not request.user.is_authenticated:
            return super().create(request, *args, **kwargs)  # type: ignore[misc]
        if len(key) > 128:
            raise exceptions.ValidationError({"X-Idempotency-Key": ["At most 128 characters."]})
        fingerprint = request_fingerprint(request)
        try:
            with transaction.atomic():
                record = IdempotentRequest.objects.create(
                    user=request.user,
                    key=key,
                    method=request.method,
                    path=request.path,
                    body_hash=fingerprint,
                )
        except IntegrityError:
            record = IdempotentRequest.objects.get(user=request.user, key=key)
            if record.path != request.path:
                raise Conflict("This idempotency key was used for another request.") from None
            # Keys stored before bodies were compared have no digest: they replay as before.
            if record.body_hash and record.body_hash != fingerprint:
                raise Conflict(
                    "This idempotency key was used for a request with another body; "
                    "use a new key for a new request."
                ) from None
            if record.status_code is None:
                raise Conflict(
                    "A request with this idempotency key is still being processed."
                ) from None
            response = Response(record.response_body, status=record.status_code)
            response["Idempotent-Replayed"] = "true"
            return response
        try:
            response = super().create(request, *args, **kwargs)  # type: ignore[misc]
        except Exception:
            record.delete()
            raise
        if response.status_code < 500:
            IdempotentRequest.objects.filter(pk=record.pk).update(
                status_code=response.status_code, response_body=response.data
            )
        else:
            record.delete()
        return response
