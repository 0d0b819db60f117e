"""The KPI catalogue, commitments with targets, reporting cycles and progress reports.

Modules: ``catalogue`` (indicators and their units), ``commitments`` (commitments, pledges and their
targets), ``reporting`` (cycles, extensions, progress reports, delegations, notice texts,
reminders), ``jobs`` (imports and exports of reports, the public counts the API's lists read). The
summary tables (``commitments.summaries``) are imported here so Django counts them in this app.
"""

from __future__ import annotations

from commitments.models.catalogue import Aggregation, Indicator, IndicatorKind, Unit
from commitments.models.commitments import Commitment, CommitmentQuerySet, PledgeReview, Target
from commitments.models.jobs import ExportJob, PublicCount, ReportImport
from commitments.models.reporting import (
    CycleExtension,
    NoticeKind,
    NoticeText,
    ProgressReport,
    ProgressReportQuerySet,
    ReminderDispatch,
    ReminderKind,
    ReportingCycle,
    ReportingDelegation,
    ReportStatus,
)

# The summary tables live in their own package; imported here so Django counts them in this app.
from commitments.summaries.models import (
    CycleOrganisationStatus,
    CyclePartnershipStatus,
    CycleStatusTotal,
    DutyTotal,
    ResultRollup,
    ResultTotal,
    TargetTotal,
)

__all__ = [
    "Aggregation",
    "Commitment",
    "CommitmentQuerySet",
    "CycleExtension",
    "CycleOrganisationStatus",
    "CyclePartnershipStatus",
    "CycleStatusTotal",
    "DutyTotal",
    "ExportJob",
    "Indicator",
    "IndicatorKind",
    "NoticeKind",
    "NoticeText",
    "PledgeReview",
    "ProgressReport",
    "ProgressReportQuerySet",
    "PublicCount",
    "ReminderDispatch",
    "ReminderKind",
    "ReportImport",
    "ReportStatus",
    "ReportingCycle",
    "ReportingDelegation",
    "ResultRollup",
    "ResultTotal",
    "Target",
    "TargetTotal",
    "Unit",
]
