"""The apps' models and services the demo loaders use, imported here and nowhere else.

The management layer sits above the apps and may call any of them; keeping the imports in one
module means that when an app moves a module, only these lines change.
"""

from commitments.catalogue import sync_catalogue
from commitments.models import (
    Commitment,
    Indicator,
    IndicatorKind,
    ProgressReport,
    ReportingCycle,
    ReportStatus,
    Target,
    Unit,
)
from commitments.reporting import selectors as commitment_selectors
from members.common import refresh_search_vectors as refresh_organisation_search
from members.models import Organisation, OrganisationMembership, OrganisationStatus
from pact.communications.models import (
    NewsItem,
    Newsletter,
    NewsletterSubscription,
    NewsStatus,
    Notification,
    SubscriptionStatus,
)
from pact.kernel.audit import log_action
from pact.models import Region, StaffRole, User
from pact.support.common import refresh_search_vectors as refresh_content_search
from pact.support.mapping.statements import SKILLS_STATEMENTS
from pact.support.models import (
    AgreementSurvey,
    CallBookmark,
    ContactRequest,
    EoiEvent,
    Event,
    ExpressionOfInterest,
    FundingCall,
    ProposedPartner,
    Registration,
    Resource,
    Stakeholder,
)
from partnerships.common import refresh_search_vector as refresh_partnership_search
from partnerships.declarations import common as declaration_common
from partnerships.declarations import drafting as declaration_drafting
from partnerships.declarations import publication as declaration_publication
from partnerships.declarations import translations as declaration_translations
from partnerships.models import (
    DeclarationStatus,
    DeclarationVersion,
    InternalNote,
    Partnership,
    PartnershipMembership,
    PartnershipRole,
    Signature,
    SignatureStatus,
    Stage,
    StageChange,
)

__all__ = [
    "SKILLS_STATEMENTS",
    "AgreementSurvey",
    "CallBookmark",
    "Commitment",
    "ContactRequest",
    "DeclarationStatus",
    "DeclarationVersion",
    "EoiEvent",
    "Event",
    "ExpressionOfInterest",
    "FundingCall",
    "Indicator",
    "IndicatorKind",
    "InternalNote",
    "NewsItem",
    "NewsStatus",
    "Newsletter",
    "NewsletterSubscription",
    "Notification",
    "Organisation",
    "OrganisationMembership",
    "OrganisationStatus",
    "Partnership",
    "PartnershipMembership",
    "PartnershipRole",
    "ProgressReport",
    "ProposedPartner",
    "Region",
    "Registration",
    "ReportStatus",
    "ReportingCycle",
    "Resource",
    "Signature",
    "SignatureStatus",
    "StaffRole",
    "Stage",
    "StageChange",
    "Stakeholder",
    "SubscriptionStatus",
    "Target",
    "Unit",
    "User",
    "commitment_selectors",
    "declaration_common",
    "declaration_drafting",
    "declaration_publication",
    "declaration_translations",
    "log_action",
    "refresh_content_search",
    "refresh_organisation_search",
    "refresh_partnership_search",
    "sync_catalogue",
]
