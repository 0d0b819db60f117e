"""Querysets of what a person may see: public objects plus their own, everything for staff.

"Public" itself is defined once per model, as ``public()`` on the model's queryset beside the model
(``Partnership.objects.public()``, ``ProgressReport.objects.public()``...); this module only adds
what a person sees besides it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum

from commitments.models import (
    Commitment,
    CommitmentQuerySet,
    ProgressReport,
    ProgressReportQuerySet,
    PublicCount,
    ReportStatus,
    Target,
)
from members.models import Organisation, OrganisationQuerySet
from pact.access.roles import Perm, can, is_staff, organisation_ids, partnership_ids
from pact.support.models import Event, ExpressionOfInterest, FundingCall, Resource
from partnerships.models.partnership import Partnership, PartnershipQuerySet


def public_partnerships(qs: PartnershipQuerySet | None = None) -> PartnershipQuerySet:
    return (Partnership.objects.all() if qs is None else qs).public()


def partnerships_visible_to(user, qs: PartnershipQuerySet | None = None) -> PartnershipQuerySet:
    """Public partnerships, plus the workspaces the user belongs to, plus everything for staff."""
    qs = Partnership.objects.all() if qs is None else qs
    if is_staff(user):
        return qs
    return qs.public() | qs.filter(pk__in=partnership_ids(user))


def public_organisations(qs: OrganisationQuerySet | None = None) -> OrganisationQuerySet:
    return (Organisation.objects.all() if qs is None else qs).public()


def organisations_visible_to(user, qs: OrganisationQuerySet | None = None) -> OrganisationQuerySet:
    qs = Organisation.objects.all() if qs is None else qs
    if is_staff(user):
        return qs
    return qs.public() | qs.filter(pk__in=organisation_ids(user))


def organisation_profiles_visible_to(
    user, qs: OrganisationQuerySet | None = None
) -> OrganisationQuerySet:
    """Profiles a person may open: those of ``organisations_visible_to`` plus suspended and
    withdrawn members (``public_profiles()``), whose page shows their status."""
    qs = Organisation.objects.all() if qs is None else qs
    return organisations_visible_to(user, qs) | qs.public_profiles()


def _own_commitments(user) -> Q:
    """One's organisations' pledges and partnerships' commitments: two indexed columns."""
    return Q(organisation_id__in=organisation_ids(user)) | Q(
        partnership_id__in=partnership_ids(user)
    )


def _own_reports(user) -> Q:
    """Reports of one's organisations and on the targets of one's partnerships' commitments (the
    targets listed first, so both conditions are on the report's own indexed columns)."""
    return Q(organisation_id__in=organisation_ids(user)) | Q(
        target_id__in=_partnership_targets(user)
    )


def _partnership_targets(user) -> list[int]:
    """Targets of one's partnerships' commitments, read once a request (the list and its count
    both ask; ``roles.forget`` drops them with the roles)."""
    partnerships = partnership_ids(user)
    if not partnerships:
        return []
    cached = getattr(user, "_pact_ps_targets", None)
    if cached is None or cached[0] != partnerships:
        targets = Target.objects.filter(commitment__partnership_id__in=partnerships)
        cached = (partnerships, list(targets.values_list("pk", flat=True)))
        user._pact_ps_targets = cached
    return cached[1]


def commitments_visible_to(user, qs: CommitmentQuerySet | None = None) -> CommitmentQuerySet:
    """Public commitments (``Commitment.objects.public()``), plus one's organisations' pledges and
    partnerships' commitments, plus everything for staff."""
    qs = Commitment.objects.all() if qs is None else qs
    if is_staff(user):
        return qs
    return qs.public() | qs.filter(_own_commitments(user))


def reports_visible_to(
    user, qs: ProgressReportQuerySet | None = None, *, status: str = ""
) -> ProgressReportQuerySet:
    """Public reports (``ProgressReport.objects.public()``); the rest only to those concerned.

    Of one ``status`` if given: public reports are validated ones, so for any other status only
    one's own reports are looked at, through their indexes (not every report in key order)."""
    qs = ProgressReport.objects.all() if qs is None else qs
    if status:
        qs = qs.filter(status=status)
    if is_staff(user):
        return qs
    if status and status != ReportStatus.VALIDATED:
        return qs.filter(_own_reports(user))
    return qs.public() | qs.filter(_own_reports(user))


# --- counts of what a person sees, without counting every public row --------------------------------
# The public rows are counted by database triggers (``PublicCount``); to them is added what a
# person sees besides: their own rows that are not public, found through indexes.


def _public_count(kind: str, cycle_id: int | None = None) -> int:
    rows = PublicCount.objects.filter(kind=kind)
    if cycle_id is not None:
        rows = rows.filter(cycle_id=cycle_id)
    return rows.aggregate(n=Sum("n"))["n"] or 0


def count_reports_visible_to(user, *, cycle_id: int | None = None, status: str = "") -> int | None:
    """How many reports ``reports_visible_to(user)`` holds, of one cycle and status if given;
    None for staff (everything: no cheaper than counting)."""
    if is_staff(user):
        return None
    own = ProgressReport.objects.filter(_own_reports(user)).not_public()
    if cycle_id is not None:
        own = own.filter(cycle_id=cycle_id)
    if status:
        own = own.filter(status=status)
    counted = (
        0 if status and status != ReportStatus.VALIDATED else _public_count("reports", cycle_id)
    )
    return counted + own.count()


def count_commitments_visible_to(user) -> int | None:
    if is_staff(user):
        return None
    public = Commitment.objects.public().filter(pk=OuterRef("pk"))
    own = Commitment.objects.filter(_own_commitments(user)).filter(~Exists(public))
    return _public_count("commitments") + own.count()


def count_targets_visible_to(user) -> int | None:
    if is_staff(user):
        return None
    public = Commitment.objects.public().filter(pk=OuterRef("pk"))
    own = Commitment.objects.filter(_own_commitments(user)).filter(~Exists(public))
    return _public_count("targets") + Target.objects.filter(commitment__in=own).count()


def user_organisations(user, perm: str = Perm.ORG_VIEW) -> OrganisationQuerySet:
    return Organisation.objects.filter(pk__in=organisation_ids(user, perm))


# --- support services' content ---------------------------------------------------------------------


def resources_visible_to(user) -> QuerySet[Resource]:
    """Published library resources (``Resource.objects.public()``); a workspace's published ones
    to its members; drafts to support services and to their partnership's coordinator (or, for
    Pact-wide drafts, their author)."""
    qs = Resource.objects.all()
    if can(user, Perm.STAFF_SUPPORT):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.public()
    return qs.public() | qs.filter(
        Q(partnership_id__in=partnership_ids(user), is_published=True)
        | Q(partnership_id__in=partnership_ids(user, Perm.PS_COORDINATE))
        | Q(partnership__isnull=True, created_by=user)
    )


def events_visible_to(user) -> QuerySet[Event]:
    """Public events (``Event.objects.public()``); a workspace's own events to its members and
    their organiser; everything to staff."""
    qs = Event.objects.all()
    if is_staff(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.public()
    return qs.public() | qs.filter(Q(partnership_id__in=partnership_ids(user)) | Q(created_by=user))


def calls_visible_to(user) -> QuerySet[FundingCall]:
    """Funding calls: all to staff and Pact members (people of an active member organisation);
    the members-only ones hidden from everyone else."""
    qs = FundingCall.objects.all()
    if is_staff(user) or is_pact_member(user):
        return qs
    return qs.filter(members_only=False)


def eois_visible_to(user) -> QuerySet[ExpressionOfInterest]:
    """Support services see every proposal; others their own and their organisations' ones."""
    qs = ExpressionOfInterest.objects.all()
    if can(user, Perm.STAFF_SUPPORT):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(
        Q(proposer=user) | Q(lead_organisation_id__in=organisation_ids(user, Perm.ORG_CHANGE))
    )


def is_pact_member(user) -> bool:
    """A Pact member: somebody who belongs to an active member organisation, whatever their role
    (remembered on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_pact_is_member", None)
    if cached is None:
        cached = user_organisations(user).public().exists()
        user._pact_is_member = cached
    return cached
