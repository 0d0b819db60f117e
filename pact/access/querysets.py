"""Querysets of what a person may see: public objects plus their own, everything for staff."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from commitments.models import ProgressReport, ReportStatus
from members.models import Organisation, OrganisationStatus
from pact.access.roles import Perm, is_staff, organisation_ids, partnership_ids
from partnerships.models import Partnership, PartnershipStatus


def public_partnerships(qs: QuerySet | None = None) -> QuerySet:
    qs = Partnership.objects.all() if qs is None else qs
    return qs.filter(status__in=[PartnershipStatus.ACTIVE, PartnershipStatus.CLOSED])


def partnerships_visible_to(user, qs: QuerySet | None = None) -> QuerySet:
    """Public partnerships, plus the workspaces the user belongs to, plus everything for staff."""
    qs = Partnership.objects.all() if qs is None else qs
    if is_staff(user):
        return qs
    return qs.filter(
        Q(status__in=[PartnershipStatus.ACTIVE, PartnershipStatus.CLOSED])
        | Q(pk__in=partnership_ids(user))
    )


def public_organisations(qs: QuerySet | None = None) -> QuerySet:
    qs = Organisation.objects.all() if qs is None else qs
    return qs.filter(status=OrganisationStatus.ACTIVE)


def organisations_visible_to(user, qs: QuerySet | None = None) -> QuerySet:
    qs = Organisation.objects.all() if qs is None else qs
    if is_staff(user):
        return qs
    return qs.filter(Q(status=OrganisationStatus.ACTIVE) | Q(pk__in=organisation_ids(user)))


def reports_visible_to(user, qs: QuerySet | None = None) -> QuerySet:
    """Validated reports of public partnerships and pledges are public; the rest only to those concerned."""
    qs = ProgressReport.objects.all() if qs is None else qs
    if is_staff(user):
        return qs
    public = Q(status=ReportStatus.VALIDATED) & (
        Q(target__commitment__partnership__isnull=True)
        | Q(target__commitment__partnership__status__in=["active", "closed"])
    )
    own = Q(organisation_id__in=organisation_ids(user)) | Q(
        target__commitment__partnership_id__in=partnership_ids(user)
    )
    return qs.filter(public | own)


def user_organisations(user, perm: str = Perm.ORG_VIEW) -> QuerySet:
    return Organisation.objects.filter(pk__in=organisation_ids(user, perm))
