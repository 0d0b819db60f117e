"""Pact Support Services' models, one module per topic: expressions of interest, stakeholder
mapping, matchmaking, funding calls, the resource library and events.

Everything is importable from ``pact.support.models`` (Django's app registry and the migrations,
which name ``pact.support.models.resource_file_path``, look here). Models only: they may import
other apps' models and the kernel, never services, views, access or the site.
"""

from pact.support.models.eoi import EoiEvent, EoiStatus, ExpressionOfInterest, ProposedPartner
from pact.support.models.events import Event, EventKind, Registration
from pact.support.models.funding import CallBookmark, CallStatus, FundingCall
from pact.support.models.library import Resource, ResourceKind, resource_file_path
from pact.support.models.mapping import (
    SCORE_VALIDATORS,
    AgreementSurvey,
    Influence,
    Stakeholder,
    StakeholderImport,
    StakeholderType,
)
from pact.support.models.matchmaking import ContactRequest
from pact.support.models.translations import (
    EventTranslation,
    FundingCallTranslation,
    ResourceTranslation,
)

__all__ = [
    "SCORE_VALIDATORS",
    "AgreementSurvey",
    "CallBookmark",
    "CallStatus",
    "ContactRequest",
    "EoiEvent",
    "EoiStatus",
    "Event",
    "EventKind",
    "EventTranslation",
    "ExpressionOfInterest",
    "FundingCall",
    "FundingCallTranslation",
    "Influence",
    "ProposedPartner",
    "Registration",
    "Resource",
    "ResourceKind",
    "ResourceTranslation",
    "Stakeholder",
    "StakeholderImport",
    "StakeholderType",
    "resource_file_path",
]
