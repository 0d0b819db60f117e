"""Who may report for an organisation: its own people, and the coordinators of a partnership the
organisation delegated its reporting to (``ReportingDelegation``), on that partnership's targets
only and only while the organisation is still a member of it.

``reporting_scope`` answers for pages (what to show), ``require_to_report`` for services (refuse
or say whether the write is delegated), ``may_report`` and ``may_report_for`` for the API (the same
rule, as a yes or no); ``get_reporting_organisation_or_404`` fetches for a view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.http import Http404

from commitments.models import ReportingDelegation
from members.models import Organisation
from pact.access.roles import Perm, Refused, can, partnership_ids
from pact.kernel import assurance
from partnerships.models import PartnershipMembership


@dataclass(frozen=True)
class ReportingScope:
    """What a person may do with an organisation's reports.

    ``own``: they read its reports (its people, staff); ``writes_own``: they report for it;
    ``delegated``: the partnerships on whose targets they report for it as coordinators, looked
    up (``find_delegated``) the first time something asks, which the organisation's own
    reporters' questions never do.
    """

    own: bool
    writes_own: bool
    find_delegated: Callable[[], frozenset[int]] = field(repr=False, compare=False)

    @cached_property
    def delegated(self) -> frozenset[int]:
        return self.find_delegated()

    @property
    def any(self) -> bool:
        return self.own or bool(self.delegated)

    def may_read(self, partnership_id: int | None) -> bool:
        return self.own or partnership_id in self.delegated

    def may_write(self, partnership_id: int | None) -> bool:
        return self.writes_own or partnership_id in self.delegated

    def is_delegated(self, partnership_id: int | None) -> bool:
        """A write that goes through the delegation (the organisation's own people never do)."""
        return not self.writes_own and partnership_id in self.delegated


def delegated_partnership_ids(user, organisation: Organisation) -> frozenset[int]:
    """Partnerships that ``user``'s organisation coordinates and ``organisation`` (still one of
    their members) has delegated its reporting to."""
    coordinated = partnership_ids(user, Perm.PS_COORDINATE)
    if not coordinated:
        return frozenset()
    members = PartnershipMembership.objects.filter(
        organisation=organisation, partnership_id__in=coordinated
    ).values("partnership_id")
    return frozenset(
        ReportingDelegation.objects.filter(
            organisation=organisation, partnership_id__in=members
        ).values_list("partnership_id", flat=True)
    )


def reporting_scope(
    user, organisation: Organisation, *, sign_in: assurance.Assurance | None = None
) -> ReportingScope:
    return ReportingScope(
        own=can(user, Perm.ORG_VIEW, organisation, sign_in=sign_in),
        writes_own=can(user, Perm.ORG_REPORT, organisation, sign_in=sign_in),
        find_delegated=lambda: delegated_partnership_ids(user, organisation),
    )


def require_to_report(
    actor,
    organisation: Organisation,
    partnership_id: int | None,
    *,
    sign_in: assurance.Assurance | None = None,
) -> bool:
    """What a reporting service asks before it writes a report on a target of ``partnership_id``
    (``None``: a pledge): refuse unless ``actor`` reports for the organisation or holds its
    delegation for that partnership. Returns whether the write is delegated."""
    if can(actor, Perm.ORG_REPORT, organisation, sign_in=sign_in):
        return False
    if partnership_id is not None and partnership_id in delegated_partnership_ids(
        actor, organisation
    ):
        return True
    raise Refused(Perm.ORG_REPORT)


def may_report(
    actor,
    organisation: Organisation,
    partnership_id: int | None,
    *,
    sign_in: assurance.Assurance | None = None,
) -> bool:
    """Whether ``require_to_report`` lets ``actor`` write the organisation's report on a target of
    ``partnership_id`` (``None``: a pledge): the same rule, answered instead of raised."""
    try:
        require_to_report(actor, organisation, partnership_id, sign_in=sign_in)
    except Refused:
        return False
    return True


def may_report_for(
    actor, organisation: Organisation, *, sign_in: assurance.Assurance | None = None
) -> bool:
    """Whether ``actor`` may report for the organisation on some target: its own reporting right
    or a delegation still in force (which targets: ``may_report``)."""
    return can(actor, Perm.ORG_REPORT, organisation, sign_in=sign_in) or bool(
        delegated_partnership_ids(actor, organisation)
    )


def get_reporting_organisation_or_404(
    user, *, fields: tuple[str, ...] = (), **lookup
) -> tuple[Organisation, ReportingScope]:
    """The organisation and what ``user`` may do with its reports; 404 to anyone with neither
    its own access nor a delegation. ``fields``: only these columns (a page that shows a few of
    its many), any other loaded when read."""
    organisations = Organisation.objects.only(*fields) if fields else Organisation.objects.all()
    try:
        organisation = organisations.get(**lookup)
    except Organisation.DoesNotExist:
        raise Http404 from None
    scope = reporting_scope(user, organisation)
    if not scope.any:
        raise Http404
    return organisation, scope
