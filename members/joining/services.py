"""Joining the Pact: an organisation applies (accepting the Charter), staff approve or reject it,
and a person becomes (or stops being) a supporter. Every state change writes an audit row in the
same transaction; mail is recorded in the outbox and sent after commit.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.common import (
    MembershipError,
    absolute_url,
    duplicate_name_error,
    name_taken,
    people_of,
    private_slug,
    refresh_search_vectors,
    save_logo,
)
from members.duplicates.services import flag_organisation, require_resolved
from members.models import (
    DuplicateFlag,
    Organisation,
    OrganisationMembership,
    OrganisationRole,
    OrganisationStatus,
)
from members.profile.services import PROFILE_FIELDS
from pact import access
from pact.access import Perm
from pact.communications.newsletter import services as newsletter
from pact.kernel.assurance import Assurance
from pact.kernel.audit import log_action
from pact.kernel.outbox.queue import queue_email
from pact.kernel.uploads import CheckedFile
from pact.models import User

CHARTER_PRINCIPLES = (1, 2, 3, 4)


# --- applications --------------------------------------------------------------------------------


@transaction.atomic
def apply(
    user: User,
    data: dict,
    *,
    principles: Iterable[int],
    logo: CheckedFile | None = None,
) -> Organisation:
    """Register an organisation as an application waiting for staff approval.

    The applicant becomes its admin; the four Charter principles must all be accepted and are
    stored with the Charter version, the time and the applicant. Only an active organisation's
    name (public) is refused; one that looks like any other organisation's is accepted and flagged
    to staff (members.duplicates), and the slug never tells of another organisation.
    """
    accepted = sorted(set(principles))
    if accepted != list(CHARTER_PRINCIPLES):
        raise MembershipError(_("All four principles of the Pact Charter must be accepted."))
    if name_taken(data["name"], str(data["country"])):
        raise duplicate_name_error()
    now = timezone.now()
    organisation = Organisation(
        slug=private_slug(data["name"]),
        status=OrganisationStatus.APPLIED,
        applied_at=now,
        applied_by=user,
        charter_version=settings.CHARTER_VERSION,
        charter_accepted_at=now,
        charter_accepted_by=user,
        charter_principles=accepted,
        **{f: data.get(f) or ("" if f != "nuts_region" else None) for f in PROFILE_FIELDS},
    )
    save_logo(organisation, logo, remove=False)
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        raise duplicate_name_error() from None
    OrganisationMembership.objects.create(
        organisation=organisation, user=user, role=OrganisationRole.ADMIN
    )
    access.forget(user)
    refresh_search_vectors([organisation.pk])
    flag_organisation(organisation, DuplicateFlag.Source.APPLICATION)
    log_action(
        "pact.organisation.applied",
        organisation,
        user,
        {"charter_version": settings.CHARTER_VERSION, "principles": accepted},
    )
    queue_email(
        to=user,
        template="members_application_received",
        context={
            "organisation": organisation,
            "manage_url": absolute_url(reverse("members:manage", args=[organisation.slug])),
        },
        kind="members.application_received",
        dedupe_key=f"members.application_received.{organisation.pk}",
    )
    return organisation


@transaction.atomic
def decide(
    organisation: Organisation,
    actor: User,
    *,
    approve: bool,
    reason: str = "",
    sign_in: Assurance | None = None,
) -> None:
    """Approve or reject a waiting application (a reason is required to reject) and tell its people.

    Only Commission reviewers with a multi-factor sign-in decide (``access.Refused`` for anyone
    else, whoever calls). Decided by compare-and-set on the status, so two reviewers cannot both
    decide. Approval waits while a possible duplicate is open (members.duplicates); an active
    organisation of the same name in the same country refuses it.
    """
    access.require_to_act(actor, Perm.STAFF_REVIEW, sign_in=sign_in)
    reason = reason.strip()
    if not approve and not reason:
        raise MembershipError(_("Give a reason for the rejection."), field="reason")
    if approve:
        require_resolved(organisation)
    new_status = OrganisationStatus.ACTIVE if approve else OrganisationStatus.REJECTED
    now = timezone.now()
    try:
        with transaction.atomic():
            changed = Organisation.objects.filter(
                pk=organisation.pk, status=OrganisationStatus.APPLIED
            ).update(
                status=new_status,
                decided_at=now,
                decided_by=actor,
                decision_reason=reason,
                updated_at=now,
            )
    except IntegrityError:  # the public-name index: an active one has this name here
        raise duplicate_name_error() from None
    if not changed:
        raise MembershipError(_("This application has already been decided."))
    organisation.refresh_from_db()
    log_action(
        "pact.organisation.approved" if approve else "pact.organisation.rejected",
        organisation,
        actor,
        {"reason": reason},
    )
    _tell_decision(organisation, approve=approve, reason=reason)


def _tell_decision(organisation: Organisation, *, approve: bool, reason: str) -> None:
    template = "members_application_approved" if approve else "members_application_rejected"
    kind = f"members.application_{'approved' if approve else 'rejected'}"
    context = {
        "organisation": organisation,
        "reason": reason,
        "manage_url": absolute_url(reverse("members:manage", args=[organisation.slug])),
        "profile_url": absolute_url(reverse("members:profile", args=[organisation.slug])),
    }
    people = people_of(organisation)
    for person in people:
        queue_email(
            to=person,
            template=template,
            context=context,
            kind=kind,
            dedupe_key=f"{kind}.{organisation.pk}.{person.pk}",
        )
    if people:
        return
    # Brought in by an umbrella: nobody acts for it yet. Tell the umbrella's applicant, and on
    # approval invite the main contact to become the organisation's admin.
    if organisation.applied_by_id and organisation.applied_by:
        queue_email(
            to=organisation.applied_by,
            template=template,
            context=context,
            kind=kind,
            dedupe_key=f"{kind}.{organisation.pk}.{organisation.applied_by_id}",
        )
    if approve and organisation.contact_email:
        from members.colleagues.services import invite

        # An open invitation to the contact may exist already; then there is nothing to add.
        with contextlib.suppress(MembershipError):
            invite(
                organisation,
                organisation.applied_by,
                organisation.contact_email,
                OrganisationRole.ADMIN,
                check_permission=False,
            )


# --- supporters ----------------------------------------------------------------------------------


@transaction.atomic
def become_supporter(user: User) -> bool:
    """Follow the Pact's news as a supporter, which brings the newsletter by default (one click in
    any newsletter, or on the supporter page, stops it). Returns False if the person already was
    one."""
    changed = User.objects.filter(pk=user.pk, is_supporter=False).update(
        is_supporter=True, supporter_since=timezone.now()
    )
    user.refresh_from_db(fields=["is_supporter", "supporter_since"])
    if changed:
        log_action("pact.supporter.joined", user, user)
        newsletter.subscribe_supporter(user)
    return bool(changed)


@transaction.atomic
def stop_supporting(user: User) -> bool:
    """Stop following the Pact as a supporter. The newsletter that came with the support stops
    with it; one the person asked for themselves goes on (``newsletter.stop_supporter_subscription``).
    Returns False if the person was no supporter."""
    changed = User.objects.filter(pk=user.pk, is_supporter=True).update(
        is_supporter=False, supporter_since=None
    )
    user.refresh_from_db(fields=["is_supporter", "supporter_since"])
    if changed:
        log_action("pact.supporter.left", user, user)
        newsletter.stop_supporter_subscription(user)
    return bool(changed)
