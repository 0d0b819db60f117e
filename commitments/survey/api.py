"""REST API of the members' survey: surveys and questions (public), totals (public), and an
organisation's own answers (read and write, with a token or a session).

Answers are written only by the organisation's people, naming the version they read (``If-Match``
or ``lock_version``); a retried POST with the same ``X-Idempotency-Key`` is not applied twice. The
rules are the service's (``commitments.survey.services``): an answer refused there is a 400 whose
``errors`` name the question (``q<id>``) or its part (``q<id>_women``, ``q<id>_ecosystem``, ...).
"""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, routers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from commitments.reporting.api_fields import ReportingOrganisationField
from commitments.survey import selectors, services
from commitments.survey.models import (
    Breakdown,
    FigureStatus,
    Survey,
    SurveyQuestion,
    SurveyResponse,
)
from members.models import Organisation
from pact import access
from pact.access import Perm
from pact.kernel.api.auth import ReadOnlyTokenScope
from pact.kernel.api.plumbing import Conflict, IdempotentCreateMixin, check_if_match, etag_for
from pact.kernel.texts import LocalisedText

# --- examples for the documentation (checked against the schema by tests/api) ----------------------------

TITLE = {
    "text": "Pact for Skills members' survey 2025",
    "language": "en",
    "original_language": "en",
    "texts": {
        "de": "Mitgliederumfrage 2025 des Kompetenzpakts",
        "en": "Pact for Skills members' survey 2025",
        "fr": "Enquête 2025 auprès des membres du Pacte pour les compétences",
    },
}
QUESTION_EXAMPLE = {
    "id": 12,
    "position": 0,
    "kind": "headline",
    "indicator": "people-upskilled",
    "text": {
        "text": "People up- or reskilled",
        "language": "en",
        "original_language": "en",
        "texts": {"en": "People up- or reskilled", "fr": "Personnes formées"},
    },
    "help": None,
    "unit": "persons",
    "options": [],
    "breakdowns": ["women", "country"],
    "required": False,
}
SURVEY_EXAMPLE = {
    "year": 2025,
    "source": "collected",
    "title": TITLE,
    "introduction": None,
    "status": "open",
    "provisional": True,
    "opens_on": "2026-02-02",
    "deadline": "2026-03-31",
    "closes_on": "2026-04-30",
    "reminder_days": [14, 3],
    "source_note": None,
    "source_url": "",
    "published_respondents": None,
    "questions": [QUESTION_EXAMPLE],
}
ANSWER_EXAMPLE = {
    "question": 12,
    "number": "120.00",
    "women": "70.00",
    "fewer_opportunities": None,
    "by_ecosystem": {},
    "by_country": {"BE": "120.00"},
    "choice": "",
    "text": "",
}
RESPONSE_EXAMPLE = {
    "id": 7,
    "survey": 2025,
    "organisation": "earlall",
    "status": "draft",
    "is_late": False,
    "return_reason": "",
    "lock_version": 2,
    "submitted_at": None,
    "validated_at": None,
    "answers": [ANSWER_EXAMPLE],
}
TOTAL_EXAMPLE = {
    "year": 2023,
    "indicator": "people-upskilled",
    "unit": "persons",
    "total": "3500000.00",
    "answers": None,
    "respondents": 745,
    "invited": None,
    "status": "published",
    "source": "Totals of the 2023 members' survey as published by the European Commission.",
}


def _shown(name: str, value) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True)


def _sent(name: str, value) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True)


# --- texts per language ---------------------------------------------------------------------------------


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(
        help_text="In the language asked for (Accept-Language), else the original."
    )
    language = serializers.CharField(help_text="The language ``text`` is in.")
    original_language = serializers.CharField()
    texts = serializers.DictField(
        child=serializers.CharField(), help_text="The original and every translation, by language."
    )


@extend_schema_field(TextSerializer(allow_null=True))
class LocalisedTextField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: LocalisedText):
        found = value.get()
        return {
            "text": found.text,
            "language": found.language,
            "original_language": value.language,
            "texts": value.texts,
        }


# --- surveys and questions --------------------------------------------------------------------------------


class OptionSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="What an answer gives as ``choice``.")
    label = serializers.CharField()  # type: ignore[assignment]


class QuestionSerializer(serializers.ModelSerializer):
    indicator: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    text = LocalisedTextField()
    help = LocalisedTextField()
    unit = serializers.SerializerMethodField()
    options = serializers.SerializerMethodField()
    breakdowns = serializers.ListField(
        child=serializers.ChoiceField(choices=Breakdown.choices), read_only=True
    )

    class Meta:
        model = SurveyQuestion
        fields = [
            "id",
            "position",
            "kind",
            "indicator",
            "text",
            "help",
            "unit",
            "options",
            "breakdowns",
            "required",
        ]

    def get_unit(self, obj: SurveyQuestion) -> str | None:
        return obj.number_unit if obj.is_number else None

    @extend_schema_field(OptionSerializer(many=True))
    def get_options(self, obj: SurveyQuestion) -> list[dict]:
        return [
            {"key": key, "label": label.text}
            for key, label in zip(obj.option_keys(), obj.option_lines(), strict=False)
        ]


class SurveySerializer(serializers.ModelSerializer):
    title = LocalisedTextField()
    introduction = LocalisedTextField()
    source_note = LocalisedTextField()
    provisional = serializers.BooleanField(source="is_provisional", read_only=True)
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Survey
        fields = [
            "year",
            "source",
            "title",
            "introduction",
            "status",
            "provisional",
            "opens_on",
            "deadline",
            "closes_on",
            "reminder_days",
            "source_note",
            "source_url",
            "published_respondents",
            "questions",
        ]


@extend_schema_view(
    list=extend_schema(examples=[_shown("The open survey", SURVEY_EXAMPLE)]),
    retrieve=extend_schema(examples=[_shown("The open survey", SURVEY_EXAMPLE)]),
)
class SurveyViewSet(viewsets.ReadOnlyModelViewSet):
    """Annual members' surveys, each with its questions; years before the portal have published
    totals and no questions (``source`` = ``published``)."""

    public_page = True  # anonymous answers are stored whole (pact.page_cache)

    queryset = Survey.objects.prefetch_related("questions__indicator")
    serializer_class = SurveySerializer
    lookup_field = "year"
    lookup_value_regex = r"\d{4}"
    filterset_fields = ["status", "source"]
    ordering_fields = ["year"]
    ordering = ["-year"]


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

    def retrieve(self, request, *args, **kwargs):
        found = self.get_object()
        response = Response(self.get_serializer(found).data)
        response["ETag"] = etag_for(found)
        return response

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


# --- totals -------------------------------------------------------------------------------------------------


class SurveyTotalSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    indicator = serializers.CharField()
    unit = serializers.CharField()
    total = serializers.DecimalField(max_digits=20, decimal_places=2)
    answers = serializers.IntegerField(
        allow_null=True, help_text="Validated answers summed; null for published totals."
    )
    respondents = serializers.IntegerField()
    invited = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(
        choices=FigureStatus.choices,
        help_text="published: the Commission's totals from before the portal; provisional: the "
        "survey is still open.",
    )
    source = serializers.CharField(allow_blank=True)  # type: ignore[assignment]


class TotalsQuery(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    indicator = serializers.SlugField(required=False, max_length=60)

    def to_internal_value(self, data):
        repeated = [k for k in self.fields if hasattr(data, "getlist") and len(data.getlist(k)) > 1]
        if repeated:
            raise serializers.ValidationError({k: ["Give this parameter once."] for k in repeated})
        return super().to_internal_value(data.dict() if hasattr(data, "dict") else data)


class SurveyTotalsView(APIView):
    """The members' survey totals per year and headline indicator: validated answers only,
    provisional while a survey is open, and the published totals of the years before the portal."""

    public_page = True  # anonymous answers are stored whole (pact.page_cache)
    query_parameters = ("year", "indicator")  # TotalsQuery (pact.kernel.api.parameters)

    @extend_schema(
        parameters=[TotalsQuery],
        responses=SurveyTotalSerializer(many=True),
        examples=[_shown("A published year", TOTAL_EXAMPLE)],
    )
    def get(self, request):
        query = TotalsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        _columns, rows = selectors.open_data_rows()
        data = [
            row
            for row in rows
            if (not params.get("year") or row["year"] == params["year"])
            and (not params.get("indicator") or row["indicator"] == params["indicator"])
        ]
        return Response(SurveyTotalSerializer(data, many=True).data)


router = routers.SimpleRouter()
router.register("surveys", SurveyViewSet, basename="survey")
router.register("survey-responses", SurveyResponseViewSet, basename="survey-response")

urlpatterns = [
    path("survey-totals/", SurveyTotalsView.as_view(), name="api_survey_totals"),
    path("", include(router.urls)),
]
