"""Querysets of what a person may see: public objects plus their own, everything for staff.

"Public" itself is defined once per model, as ``public()`` on the model's queryset beside the model
(``Partnership.objects.public()``, ``ProgressReport.objects.public()``...); this module only adds
what a person sees besides it.
"""

from __future__ import annotations

from django.db.models import Q

from commitments.models import (
    Commitment,
    CommitmentQuerySet,
    ProgressReport,
    ProgressReportQuerySet,
)
from members.models import Organisation, OrganisationQuerySet
from pact.access.roles import Perm, is_staff, organisation_ids, partnership_ids
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
