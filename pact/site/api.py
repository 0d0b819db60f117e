"""API endpoints of the portal itself (who am I) and the offline API documentation page."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from members.models import OrganisationMembership
from pact.models import ApiToken, User
from partnerships.models import PartnershipMembership


class MembershipSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    role = serializers.CharField(help_text="admin or contributor / coordinator or member")


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    language = serializers.CharField()
    staff_role = serializers.CharField(help_text="reviewer, support, admin, or empty")
    organisations = MembershipSerializer(many=True)
    partnerships = MembershipSerializer(many=True)
    token = inline_serializer(
        "MeToken",
        fields={"name": serializers.CharField(), "scope": serializers.CharField()},
        allow_null=True,
        help_text="The token this request was made with; null for a browser session.",
    )


ME_EXAMPLE = {
    "email": "cora@example.org",
    "full_name": "Cora Coordinator",
    "language": "en",
    "staff_role": "",
    "organisations": [
        {"slug": "metropolitan-city-of-bari", "name": "Metropolitan City of Bari", "role": "admin"}
    ],
    "partnerships": [
        {"slug": "bari-metropolitan-rsp", "name": "Bari Metropolitan RSP", "role": "coordinator"}
    ],
    "token": {"name": "reporting script", "scope": "read"},
}


class MeView(APIView):
    """The person behind the token or session, with their organisations and partnerships."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="me_retrieve",
        summary="Who am I",
        description=(
            "Returns the signed-in person (or the owner of the token) and the organisations and "
            "partnerships they act for. Use it to check that a token works."
        ),
        tags=["me"],
        responses={200: MeSerializer},
        examples=[OpenApiExample("A coordinator using a read token", value=ME_EXAMPLE)],
    )
    def get(self, request: Request) -> Response:
        user = cast(User, request.user)  # IsAuthenticated
        org_rows = list(
            OrganisationMembership.objects.filter(user=user)
            .select_related("organisation")
            .order_by("organisation__name")
        )
        ps_rows = (
            PartnershipMembership.objects.filter(
                organisation_id__in=[row.organisation_id for row in org_rows]
            )
            .select_related("partnership")
            .order_by("partnership__name")
        )
        token = request.auth if isinstance(request.auth, ApiToken) else None
        data = {
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "staff_role": user.staff_role,
            "organisations": [
                {"slug": r.organisation.slug, "name": r.organisation.name, "role": r.role}
                for r in org_rows
            ],
            "partnerships": [
                {"slug": r.partnership.slug, "name": r.partnership.name, "role": r.role}
                for r in ps_rows
            ],
            "token": {"name": token.name, "scope": token.scope} if token else None,
        }
        return Response(MeSerializer(data).data)


def api_docs(request: HttpRequest) -> HttpResponse:
    """Interactive API documentation (Swagger UI shipped with the portal: no CDN, no inline script)."""
    return render(request, "api/docs.html")
