"""What every declaration action shares: fetching the version (404 to whoever may not act), running
a service and answering with the version read back."""

from __future__ import annotations

from django.db import transaction
from django.db.models import ProtectedError
from drf_spectacular.utils import OpenApiExample
from rest_framework import exceptions
from rest_framework.response import Response

from pact import access
from pact.access import Perm
from pact.kernel.api.plumbing import Conflict
from pact.kernel.audit import log_action
from pact.models import ApiToken
from partnerships.declarations import selectors
from partnerships.declarations.api import DETAIL_EXAMPLE, DeclarationDetailSerializer
from partnerships.declarations.common import DeclarationError, Incomplete
from partnerships.models import DeclarationVersion


def version_or_404(request, slug: str, number: int) -> DeclarationVersion:
    partnership = selectors.get_partnership_for_declaration(request.user, slug)
    version = selectors.get_version_or_404(request.user, partnership, number)
    return version


def coordinated_or_404(request, slug: str, number: int) -> DeclarationVersion:
    version = version_or_404(request, slug, number)
    if not access.can(request.user, Perm.PS_COORDINATE, version.partnership):
        raise exceptions.NotFound()
    return version


def reviewed_or_404(request, slug: str, number: int) -> DeclarationVersion:
    version = version_or_404(request, slug, number)
    if not access.can(request.user, Perm.STAFF_REVIEW):
        raise exceptions.NotFound()
    return version


def run_service(call):
    """Run a service, turning its refusals into API errors (400 incomplete, 409 otherwise)."""
    try:
        with transaction.atomic():
            return call()
    except Incomplete as exc:
        raise exceptions.ValidationError(
            {"missing": [f"{section}: {label}" for section, label in exc.missing]}
        ) from None
    except DeclarationError as exc:
        raise Conflict(exc.message) from None
    except ProtectedError:  # a commitment whose targets already have progress reports
        raise Conflict("It has progress reports, so it stays; change it instead.") from None


def example_after(status: str = "200") -> OpenApiExample:
    """The response example of every action: the version as it is after the action."""
    return OpenApiExample(
        "The version afterwards", value=DETAIL_EXAMPLE, response_only=True, status_codes=[status]
    )


def answer_with(request, version: DeclarationVersion, status: int = 200) -> Response:
    version = DeclarationVersion.objects.select_related("partnership").get(pk=version.pk)
    data = DeclarationDetailSerializer(version, context={"request": request}).data
    response = Response(data, status=status)
    response["ETag"] = f'"{version.pk}-{version.lock_version}"'
    return response


def audit_token_use(request, version: DeclarationVersion, action: str) -> None:
    """Decisions taken with a token name the token in the audit trail (DESIGN.md §9)."""
    if isinstance(request.auth, ApiToken):
        log_action(
            "pact.api_token.used",
            request.auth,
            request.user,
            {"action": action, "version_id": version.pk, "number": version.number},
        )
