"""An organisation's own answers: read and write, with a token or a session, naming the version
read (``If-Match`` or ``lock_version``); a retried POST with the same ``X-Idempotency-Key`` is not
applied twice."""

from __future__ import annotations

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from commitments.reporting.api_fields import ReportingOrganisationField
from commitments.survey import services
from commitments.survey.api.examples import ANSWER_EXAMPLE, RESPONSE_EXAMPLE, _sent, _shown
from commitments.survey.models import (
    Survey,
    SurveyResponse,
)
from members.models import Organisation
from pact import access
from pact.access import Perm
from pact.kernel.api.auth import ReadOnlyTokenScope
from pact.kernel.api.plumbing import (
    Conflict,
    ETagMixin,
    IdempotentCreateMixin,
    check_if_match,
    etag_for,
)

# --- answers ----------------------------------------------------------------------------------------------


def _amount(**kwargs) -> serializers.DecimalField:
    # Two decimals at most (euro); the service refuses decimals for people and counts.
    return serializers.DecimalField(
        max_digits=16, decimal_places=2, coerce_to_string=True, **kwargs
    )


class AnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question_id", help_text="The question's id.")
    number = _amount(required=False, allow_null=True)
    women = _amount(required=False, allow_null=True)
    fewer_opportunities = _amount(required=False, allow_null=True)
    by_ecosystem = serializers.DictField(
        child=_amount(),
        required=False,
        help_text="Figures by industrial ecosystem code.",
    )
    by_country = serializers.DictField(
        child=_amount(),
        required=False,
        help_text="Figures by ISO 3166 country code.",
    )
    choice = serializers.CharField(required=False, allow_blank=True, max_length=8)
    text = serializers.CharField(required=False, allow_blank=True, max_length=services.TEXT_MAX)


class ResponseSerializer(serializers.ModelSerializer):
    survey = serializers.SlugRelatedField(slug_field="year", queryset=Survey.objects.all())
    # Unknown or not theirs (a pending organisation's slug included): the same 404.
    organisation = ReportingOrganisationField(
        slug_field="slug", queryset=Organisation.objects.all()
    )
    answers = AnswerSerializer(many=True, required=False)
    submit = serializers.BooleanField(
        write_only=True, required=False, default=False, help_text="Submit after saving."
    )

    class Meta:
        model = SurveyResponse
        fields = [
            "id",
            "survey",
            "organisation",
            "status",
            "is_late",
            "return_reason",
            "lock_version",
            "submitted_at",
            "validated_at",
            "answers",
            "submit",
        ]
        read_only_fields = [
            "status",
            "is_late",
            "return_reason",
            "lock_version",
            "submitted_at",
            "validated_at",
        ]
        # One response per organisation and survey is the service's business (409 on a second).
        validators: list = []


def _inputs(answers: list[dict]) -> dict[int, services.AnswerInput]:
    inputs: dict[int, services.AnswerInput] = {}
    for item in answers:
        pk = item["question_id"]
        if pk in inputs:
            raise exceptions.ValidationError({"answers": [f"Question {pk} is given twice."]})
        inputs[pk] = services.AnswerInput(
            number=item.get("number"),
            women=item.get("women"),
            fewer_opportunities=item.get("fewer_opportunities"),
            by_ecosystem=dict(item.get("by_ecosystem") or {}),
            by_country=dict(item.get("by_country") or {}),
            choice=item.get("choice") or "",
            text=item.get("text") or "",
        )
    return inputs


def _write(call):
    """Run a service write, turning its refusals into API errors."""
    try:
        return call()
    except services.AnswersRejected as exc:
        raise exceptions.ValidationError(exc.errors) from None
    except services.SurveyError as exc:
        if exc.errors:
            raise exceptions.ValidationError(exc.errors) from None
        raise Conflict(exc.message) from None


@extend_schema_view(
    list=extend_schema(examples=[_shown("An organisation's draft", RESPONSE_EXAMPLE)]),
    retrieve=extend_schema(examples=[_shown("An organisation's draft", RESPONSE_EXAMPLE)]),
    create=extend_schema(
        examples=[
            _sent(
                "Answer two questions",
                {
                    "survey": 2025,
                    "organisation": "earlall",
                    "answers": [{"question": 12, "number": "120", "by_country": {"BE": "120"}}],
                },
            ),
            _shown("The answers, saved", {**RESPONSE_EXAMPLE, "lock_version": 1}),
        ]
    ),
    partial_update=extend_schema(
        examples=[
            _sent(
                "Correct one answer (send If-Match too)",
                {"answers": [{"question": 12, "number": "125"}]},
            ),
            _shown(
                "The answers, saved",
                {
                    **RESPONSE_EXAMPLE,
                    "lock_version": 3,
                    "answers": [{**ANSWER_EXAMPLE, "number": "125.00"}],
                },
            ),
        ]
    ),
)
class SurveyResponseViewSet(
    ETagMixin,
    IdempotentCreateMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Your organisations' answers to the members' survey (staff see all).

    POST creates an organisation's answers (or fails with 409 if they exist); PATCH changes the
    answers it names and ``/submit/`` submits, both with ``If-Match`` (the ETag) or
    ``lock_version``.
    """

    serializer_class = ResponseSerializer
    permission_classes = [IsAuthenticated, ReadOnlyTokenScope]
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["status"]
    ordering_fields = ["id"]
    ordering = ["id"]

    def get_queryset(self):
        qs = SurveyResponse.objects.select_related("survey", "organisation").prefetch_related(
            "answers"
        )
        if access.is_staff(self.request.user):
            return qs
        return qs.filter(organisation_id__in=access.organisation_ids(self.request.user))

    def _writable(self, found: SurveyResponse) -> None:
        if not access.can(self.request.user, Perm.ORG_REPORT, found.organisation):
            raise exceptions.NotFound()

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        if response.status_code == status.HTTP_201_CREATED and isinstance(response.data, dict):
            response["ETag"] = f'"{response.data.get("id")}-{response.data.get("lock_version")}"'
        return response

    def perform_create(self, serializer) -> None:
        data = serializer.validated_data
        organisation, survey = data["organisation"], data["survey"]
        if not access.can(self.request.user, Perm.ORG_REPORT, organisation):
            raise exceptions.NotFound()
        serializer.instance = _write(
            lambda: services.save_answers(
                survey=survey,
                organisation=organisation,
                actor=self.request.user,
                lock_version=0,
                answers=_inputs(data.get("answers", [])),
                submit=data.get("submit", False),
                via="api",
            )
        )

    def update(self, request, *args, **kwargs):
        found = self.get_object()
        self._writable(found)
        version = check_if_match(request, found)
        serializer = self.get_serializer(found, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        for fixed in ("organisation", "survey"):
            if fixed in data and data[fixed] != getattr(found, fixed):
                raise exceptions.ValidationError({fixed: ["Cannot be changed."]})
        saved = _write(
            lambda: services.save_answers(
                survey=found.survey,
                organisation=found.organisation,
                actor=request.user,
                lock_version=version,
                answers=_inputs(data.get("answers", [])),
                submit=data.get("submit", False),
                via="api",
            )
        )
        response = Response(self.get_serializer(saved).data)
        response["ETag"] = etag_for(saved)
        return response

    @extend_schema(
        request=None,
        responses=ResponseSerializer,
        examples=[
            _shown(
                "The answers, submitted",
                {
                    **RESPONSE_EXAMPLE,
                    "status": "submitted",
                    "lock_version": 3,
                    "submitted_at": "2026-03-20T10:15:00+01:00",
                },
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit draft or returned answers (needs If-Match)."""
        found = self.get_object()
        self._writable(found)
        version = check_if_match(request, found)
        saved = _write(
            lambda: services.save_answers(
                survey=found.survey,
                organisation=found.organisation,
                actor=request.user,
                lock_version=version,
                answers={},
                submit=True,
                via="api",
            )
        )
        response = Response(self.get_serializer(saved).data)
        response["ETag"] = etag_for(saved)
        return response
