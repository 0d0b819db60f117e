"""Who may do what to one object, where the answer depends on the object's state as well as on the
person's roles: a declaration version, a news item, an event, a library resource, a proposal.

Each predicate here was once written beside the code that needed it (news selectors, support
services, declaration selectors); they live here so that "who may ..." has one answer for the web,
the API, services and templates. Every function takes the person first and answers ``bool``; the
services turn a ``False`` into their own error with a message for the person.
"""

from __future__ import annotations

from members.models import Organisation, OrganisationQuerySet
from pact.access.querysets import user_organisations
from pact.access.roles import Perm, can, organisation_ids, partnership_ids
from pact.communications.models import NewsItem
from pact.support.models import Event, ExpressionOfInterest, FundingCall, Resource
from partnerships.models import DeclarationVersion, Partnership, PartnershipStatus

# --- organisations --------------------------------------------------------------------------------


def active_organisations(user) -> OrganisationQuerySet:
    """The person's own active (public) member organisations, whatever their role."""
    return user_organisations(user).public()


def belongs_to_active(user, organisation: Organisation) -> bool:
    """Any role in ``organisation`` while it is an active member: who may write on its behalf
    (contact requests)."""
    return organisation.is_active and organisation.pk in organisation_ids(user)


# --- declarations ---------------------------------------------------------------------------------


def can_read_version(user, version: DeclarationVersion) -> bool:
    """Published versions are public; drafts and versions under review only for the workspace
    and staff."""
    if version.is_published:
        return True
    return can(user, Perm.PS_VIEW, version.partnership)


def can_preview_draft(user, partnership: Partnership) -> bool:
    """The draft's PDF preview: its coordinator and the reviewers."""
    return can(user, Perm.PS_COORDINATE, partnership) or can(user, Perm.STAFF_REVIEW)


# --- news -----------------------------------------------------------------------------------------


def can_write_pact_news(user) -> bool:
    """Pact news (not tied to a partnership) is written by Commission staff."""
    return can(user, Perm.STAFF)


def can_write_partnership_news(user, partnership: Partnership) -> bool:
    """A coordinator writes their partnership's news once the partnership is active (approved)."""
    return partnership.status == PartnershipStatus.ACTIVE and can(
        user, Perm.PS_COORDINATE, partnership
    )


def news_partnerships(user):
    """Active partnerships whose news the person may write as their coordinator."""
    return Partnership.objects.filter(
        pk__in=partnership_ids(user, Perm.PS_COORDINATE), status=PartnershipStatus.ACTIVE
    ).order_by("name")


def can_write_news(user) -> bool:
    return can_write_pact_news(user) or news_partnerships(user).exists()


def can_edit_news(user, item: NewsItem) -> bool:
    if can_write_pact_news(user):
        return True
    return item.partnership is not None and can_write_partnership_news(user, item.partnership)


def can_view_news(user, item: NewsItem) -> bool:
    """Published items are public (if their partnership is); drafts only to their author and to
    those who can edit them."""
    if item.is_public:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if item.author_id == user.pk and not user.deleted_at:
        return True
    return can_edit_news(user, item) or (
        item.partnership is not None and can(user, Perm.PS_COORDINATE, item.partnership)
    )


# --- library, events, proposals -------------------------------------------------------------------


def can_publish(user, partnership: Partnership | None) -> bool:
    """Library resources and events: support services publish for the Pact; a coordinator
    publishes for their partnership."""
    if partnership is None:
        return can(user, Perm.STAFF_SUPPORT)
    return can(user, Perm.PS_COORDINATE, partnership) or can(user, Perm.STAFF_SUPPORT)


def can_organise(user, event: Event) -> bool:
    """The organiser of an event: who published it, the partnership's coordinator, support
    services."""
    if not getattr(user, "is_authenticated", False):
        return False
    return event.created_by_id == user.pk or can_publish(user, event.partnership)


def can_edit_call(user, call: FundingCall) -> bool:
    """Funding calls are support services' to publish, edit and translate."""
    return can(user, Perm.STAFF_SUPPORT)


def can_edit_resource(user, resource: Resource) -> bool:
    """A library resource: its publisher (support services, or its partnership's coordinator)
    edits and translates it."""
    if not getattr(user, "is_authenticated", False):
        return False
    return can_publish(user, resource.partnership)


def can_edit_eoi(user, eoi: ExpressionOfInterest) -> bool:
    """The proposer, or an administrator of the lead organisation, while the proposal is open."""
    if not eoi.is_open or not getattr(user, "is_authenticated", False):
        return False
    return eoi.proposer_id == user.pk or can(user, Perm.ORG_CHANGE, eoi.lead_organisation)
