"""What the declaration services share: their errors, links, the coordinating organisation,
mails to organisations' admins, and the partnership's status following its declaration."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from members.models import Organisation
from pact.kernel.outbox.queue import queue_email
from partnerships.common import (  # noqa: F401  (require_coordinator: drafting, signatures)
    organisation_admins,
    refresh_search_vector,
    require_coordinator,
)
from partnerships.models import (
    DeclarationStatus,
    Partnership,
    PartnershipMembership,
    PartnershipRole,
    PartnershipStatus,
)
from partnerships.workspace.stages import set_status_from_declaration

log = logging.getLogger(__name__)

S = DeclarationStatus


class DeclarationError(Exception):
    """A refused operation; the message is meant for the person who asked, in their language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class EditConflict(DeclarationError):
    """Somebody else saved the draft since this person read it: nothing was written."""


class NotEditable(DeclarationError):
    pass


class Incomplete(DeclarationError):
    def __init__(self, missing: list[tuple[str, str]]) -> None:
        super().__init__(_("The declaration is not complete yet."))
        self.missing = missing


class StaleRead(DeclarationError):
    pass


# --- helpers -------------------------------------------------------------------------------------


def partnership_url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(f"partnerships:{name}", args=args)


def actor_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def coordinator_organisation(partnership: Partnership) -> Organisation | None:
    membership = (
        PartnershipMembership.objects.filter(
            partnership=partnership, role=PartnershipRole.COORDINATOR
        )
        .select_related("organisation")
        .first()
    )
    return membership.organisation if membership else partnership.coordinator


def admins_of(organisation_ids: Iterable[int]):
    return organisation_admins(organisation_ids)


def notify_admins(
    organisation_ids: Iterable[int], template: str, context: dict, kind: str, key: str
):
    for user in admins_of(organisation_ids):
        queue_email(
            to=user, template=template, context=context, kind=kind, dedupe_key=f"{key}:{user.pk}"
        )


def follow_partnership_status(partnership: Partnership, declaration_status: str, actor) -> None:
    """The partnership's status follows its first declaration; an amendment leaves it active."""
    current = Partnership.objects.only("status").get(pk=partnership.pk).status
    target = None
    if declaration_status == S.SUBMITTED and current == PartnershipStatus.DRAFT:
        target = PartnershipStatus.UNDER_REVIEW
    elif declaration_status in (S.CHANGES_REQUESTED, S.REJECTED):
        if current == PartnershipStatus.UNDER_REVIEW:
            target = PartnershipStatus.DRAFT
    elif declaration_status == S.APPROVED and current != PartnershipStatus.ACTIVE:
        target = PartnershipStatus.ACTIVE
    if target:
        set_status_from_declaration(partnership, target, actor)
        partnership.refresh_from_db(fields=["status", "launched_on"])


def refresh_search(partnership: Partnership) -> None:
    refresh_search_vector([partnership.pk])
