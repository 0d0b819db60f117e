"""OpenAPI description of the REST API: the token scheme, shared error bodies, examples.

``AutoSchema`` adds the portal's error answers to every operation so clients (and the schema
tests) know that a 404 body, a 429 body or a 412 body looks like ``{"detail", "code"}``.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import permissions, serializers

from pact.kernel.api.auth import ReadOnlyTokenScope
from pact.kernel.api.examples import EXAMPLES

ERROR_DESCRIPTIONS = {
    "400": "Invalid input: `errors` maps each field (or `non_field_errors`) to its messages.",
    "401": "No valid credentials: the token is unknown, revoked or malformed, or none was sent.",
    "403": "Not allowed: a read-only token tried to write, or a browser write lacked the CSRF token.",
    "404": "Not found, or not visible to you (private objects look exactly like missing ones).",
    "409": "Conflict: someone else changed the object, or the idempotency key is in use.",
    "412": "If-Match does not match the object's current ETag: reload and apply your change again.",
    "428": "A write must say which version it read: send If-Match or `lock_version`.",
    "429": "Too many requests: slow down and retry after the number of seconds in Retry-After.",
}

ERROR_EXAMPLES = {
    "400": {
        "detail": "Invalid input.",
        "code": "invalid",
        "errors": {"value": ["A valid number is required."]},
    },
    "401": {"detail": "Invalid or revoked token.", "code": "authentication_failed"},
    "403": {
        "detail": "This token is read-only; create a read-write token to make changes.",
        "code": "permission_denied",
    },
    "404": {"detail": "Not found.", "code": "not_found"},
    "409": {
        "detail": "The object was changed by someone else; reload it and apply your change again.",
        "code": "conflict",
    },
    "412": {
        "detail": "If-Match does not match the current version; reload and retry.",
        "code": "precondition_failed",
    },
    "428": {
        "detail": "Send If-Match with the object's ETag (or lock_version in the body) to change it.",
        "code": "precondition_required",
    },
    "429": {
        "detail": "Request was throttled. Expected available in 42 seconds.",
        "code": "throttled",
    },
}

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer (component ``Error``)."""

    detail = serializers.CharField(help_text="A sentence saying what went wrong.")
    code = serializers.CharField(help_text="A stable machine-readable code.")
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.JSONField(),
        required=False,
        help_text=(
            "Only for 400: the messages for each field, as a list of strings; for a list or "
            "nested field, the same shape keyed by position or sub-field."
        ),
    )


def error_response(code: str, description: str | None = None) -> OpenApiResponse:
    return OpenApiResponse(
        response=ErrorSerializer,
        description=description or ERROR_DESCRIPTIONS[code],
        examples=[
            OpenApiExample(
                f"Error {code}",
                value=ERROR_EXAMPLES[code],
                response_only=True,
                status_codes=[code],
            )
        ],
    )


class AutoSchema(BaseAutoSchema):
    """drf-spectacular's schema plus the portal's error answers and anonymous reads."""

    def _error_codes(self) -> list[str]:
        # Filters, ordering and paging parameters are validated (400); a bad page is a 404.
        codes = ["400", "401", "404", "429"]
        if self.method in WRITE_METHODS:
            codes += ["403", "409", "412", "428"]
        return sorted(codes)

    def _get_response_bodies(self, direction: Any = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    error_response(code), code, direction=direction
                )
        return responses

    def get_examples(self) -> list:
        """Examples of the operation: its own (``@extend_schema``), else ``examples``."""
        examples = super().get_examples()
        if examples:
            return examples

        return list(EXAMPLES.get(self.get_operation_id(), []))

    def get_auth(self) -> list[dict]:
        auths = super().get_auth()
        perms = [type(p) for p in self.view.get_permissions()]

        if (
            ReadOnlyTokenScope in perms
            and permissions.IsAuthenticated not in perms
            and self.method in permissions.SAFE_METHODS
            and {} not in auths
        ):
            auths.append({})
        return auths


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "pact.kernel.api.auth.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "pact_…",
            "description": (
                "A personal API token created at /accounts/tokens/. Send it as "
                "`Authorization: Bearer pact_…`. Read-only tokens may only use GET."
            ),
        }
