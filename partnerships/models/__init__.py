"""Partnerships' models: ``partnership`` (partnerships, memberships, invitations, join requests,
notes, stage changes) and ``declaration`` (versions, signatures, review comments, PDFs).

Models only: they may import other apps' models and the kernel, never services, views, access or
the site."""

from .coordination import CoordinatorVacancy, VacancyReason
from .declaration import (
    TRANSLATED_FIELDS,
    DeclarationPdf,
    DeclarationStatus,
    DeclarationTranslation,
    DeclarationVersion,
    ReviewComment,
    Section,
    Signature,
    SignatureStatus,
)
from .partnership import (
    Ecosystem,
    InternalNote,
    JoinRequest,
    Partnership,
    PartnershipInvitation,
    PartnershipKind,
    PartnershipMembership,
    PartnershipRole,
    PartnershipStatus,
    RegionalShape,
    Stage,
    StageChange,
)

__all__ = [
    "TRANSLATED_FIELDS",
    "CoordinatorVacancy",
    "DeclarationPdf",
    "DeclarationStatus",
    "DeclarationTranslation",
    "DeclarationVersion",
    "Ecosystem",
    "InternalNote",
    "JoinRequest",
    "Partnership",
    "PartnershipInvitation",
    "PartnershipKind",
    "PartnershipMembership",
    "PartnershipRole",
    "PartnershipStatus",
    "RegionalShape",
    "ReviewComment",
    "Section",
    "Signature",
    "SignatureStatus",
    "Stage",
    "StageChange",
    "VacancyReason",
]
