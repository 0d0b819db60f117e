"""Examples for the API documentation (checked against the schema by tests/api)."""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiExample,
)

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
