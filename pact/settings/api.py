"""The REST framework and its documentation (drf-spectacular)."""

from __future__ import annotations

import os

from pact.settings.security import TRUSTED_PROXY_COUNT

# --- REST framework ----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "pact.kernel.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["pact.kernel.api.auth.ReadOnlyTokenScope"],
    "DEFAULT_FILTER_BACKENDS": [
        "pact.kernel.api.plumbing.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "pact.kernel.api.pagination.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "pact.kernel.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "pact.kernel.api.plumbing.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "pact.kernel.api.auth.AnonRateThrottle",
        "pact.kernel.api.auth.UserRateThrottle",
    ],
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # NUL characters in text are refused with 400 (pact.kernel.input_guard).
    "DEFAULT_PARSER_CLASSES": [
        "pact.kernel.input_guard.JSONParser",
        "pact.kernel.input_guard.FormParser",
        "pact.kernel.input_guard.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "120/min"),
        "user": os.environ.get("API_THROTTLE_USER", "600/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Pact Portal API",
    "DESCRIPTION": "Partnerships, declarations, commitments and progress of the EU Pact for Skills.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # The documentation page ships its own copy of Swagger UI: no CDN, works offline and under CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status": name each choice set so the schema stays readable.
    "ENUM_NAME_OVERRIDES": {
        "PartnershipStatusEnum": "partnerships.models.PartnershipStatus",
        "OrganisationStatusEnum": "members.models.OrganisationStatus",
        "ReportStatusEnum": "commitments.models.ReportStatus",
        "EcosystemEnum": "pact.kernel.vocabulary.Ecosystem",
        "FundingCallStatusEnum": "pact.support.models.CallStatus",
        "PartnershipKindEnum": "partnerships.models.PartnershipKind",
        "ResourceKindEnum": "pact.support.models.ResourceKind",
        "EventKindEnum": "pact.support.models.EventKind",
        "WindowStatusEnum": "pact.kernel.schedule.WindowStatus",
        "SurveyFigureStatusEnum": "commitments.survey.models.FigureStatus",
        "DeclarationStatusEnum": "partnerships.models.DeclarationStatus",
        # Every content-language field (declarations, summaries, news, events, ...): one name.
        "ContentLanguageEnum": "pact.kernel.texts.languages.content_language_choices",
    },
}
