"""Querysets of what a person may see: public objects plus their own, everything for staff.

"Public" itself is defined once per model, as ``public()`` on the model's queryset beside the model
(``Partnership.objects.public()``, ``ProgressReport.objects.public()``...); this module only adds
what a person sees besides it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from commitments.models import (
    Commitment,
    CommitmentQuerySet,
    ProgressReport,
    ProgressReportQuerySet,
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


def commitments_visible_to(user, qs: CommitmentQuerySet | None = None) -> CommitmentQuerySet:
    """Public commitments (``Commitment.objects.public()``), plus one's organisations' pledges and
    partnerships' commitments, plus everything for staff."""
    qs = Commitment.objects.all() if qs is None else qs
    if is_staff(user):
        return qs
    own = Q(organisation_id__in=organisation_ids(user)) | Q(
        partnership_id__in=partnership_ids(user)
    )
    return qs.public() | qs.filter(own)


def reports_visible_to(user, qs: ProgressReportQuerySet | None = None) -> ProgressReportQuerySet:
    """Public reports (``ProgressReport.objects.public()``); the rest only to those concerned."""
    qs = ProgressReport.objects.all() if qs is None else qs
    if is_staff(user):
        return qs
    own = Q(organisation_id__in=organisation_ids(user)) | Q(
        target__commitment__partnership_id__in=partnership_ids(user)
    )
    return qs.public() | qs.filter(own)


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
