"""Translations of a published version, by the coordinator and reviewing staff."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.views import APIView

from pact import access
from partnerships.declarations import translations
from partnerships.declarations.api import DeclarationDetailSerializer
from partnerships.declarations.api_actions.common import answer_with, example_after, version_or_404
from partnerships.declarations.common import DeclarationError

# --- translations (the coordinator and reviewing staff) ------------------------------------------------


class TranslationInput(serializers.Serializer):
    language = serializers.CharField(
        max_length=8,
        help_text="A content language other than the original's, not translated yet (`it`, "
        "`sq`, `uk`, ...).",
    )
    challenges = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    objectives = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    ambition = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    governance_coordination = serializers.CharField(
        required=False, allow_blank=True, max_length=20000
    )
    governance_decision_making = serializers.CharField(
        required=False, allow_blank=True, max_length=20000
    )
    governance_monitoring = serializers.CharField(
        required=False, allow_blank=True, max_length=20000
    )


class TranslationAdd(APIView):
    """Add a translation of a published version: a separate, unsigned document with its own
    content hash and PDF; the signed original is unchanged. Every section the original has must
    be translated. An unknown language, the original's or one already translated is a 400 saying
    so (under ``language``)."""

    @extend_schema(
        request=TranslationInput,
        responses={201: DeclarationDetailSerializer},
        examples=[
            example_after("201"),
            OpenApiExample(
                "Italian",
                value={
                    "language": "it",
                    "challenges": "Carenza di competenze nelle industrie creative.",
                    "objectives": "- Formare le persone",
                    "ambition": "Una regione in cui le industrie creative prosperano.",
                },
                request_only=True,
            ),
        ],
    )
    def post(self, request, slug: str, number: int):
        version = version_or_404(request, slug, number)
        if not access.can_translate_declaration(request.user, version.partnership):
            raise exceptions.NotFound()
        body = TranslationInput(data=request.data)
        body.is_valid(raise_exception=True)
        texts = dict(body.validated_data)
        language = texts.pop("language")
        try:
            with transaction.atomic():
                translations.save_translation(
                    version, language=language, texts=texts, actor=request.user
                )
        except translations.LanguageRefused as exc:
            raise exceptions.ValidationError({"language": [exc.message]}) from None
        except DeclarationError as exc:
            raise exceptions.ValidationError({"non_field_errors": [exc.message]}) from None
        return answer_with(request, version, status=201)
