"""Surveys and their questions, public and read-only; texts per language as the API shows them."""

from __future__ import annotations

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets

from commitments.survey.api.examples import SURVEY_EXAMPLE, _shown
from commitments.survey.models import (
    Breakdown,
    Survey,
    SurveyQuestion,
)
from pact.kernel.texts import LocalisedText

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
