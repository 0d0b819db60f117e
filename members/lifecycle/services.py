"""Suspension, withdrawal, reinstatement and administrator recovery.

What a suspended or withdrawn organisation may still do is decided by ``pact.access`` (it reads its
own pages, reports and drafts; it signs, reports and answers surveys no more); these services only
move the status, open the coordinator vacancies of the partnerships it coordinated, audit and mail.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.colleagues.services import invite
from members.common import MembershipError, absolute_url, people_of
from members.models import (
    AdminAppointment,
    Organisation,
    OrganisationMembership,
    OrganisationRole,
    OrganisationStatus,
)
from pact import access
from pact.access import Perm
from pact.kernel.assurance import Assurance
from pact.kernel.audit import log_action
from pact.kernel.outbox.queue import queue_email
from pact.models import User
from partnerships.models import VacancyReason
from partnerships.workspace import coordination


def _lock(organisation: Organisation) -> Organisation:
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _mail_status(organisation: Organisation, template: str, context: dict, key: str) -> None:
    """Tell the organisation's people and its main contact (once each, whatever the retries)."""
    context = {
        "organisation": organisation,
        "profile_url": absolute_url(reverse("members:profile", args=[organisation.slug])),
        **context,
    }
    addresses = set()
    for person in people_of(organisation):
        addresses.add(person.email.lower())
        queue_email(
            to=person,
            template=template,
            context=context,
            kind=template,
            dedupe_key=f"{key}:{person.pk}",
        )
    if organisation.contact_email and organisation.contact_email.lower() not in addresses:
        queue_email(
            to=organisation.contact_email,
            template=template,
            context=context,
            kind=template,
            dedupe_key=f"{key}:contact",
            language=organisation.preferred_language or None,
        )


def _change_status(organisation: Organisation, status: str, reason: str) -> None:
    organisation.status = status
    organisation.status_reason = reason
    organisation.status_changed_at = timezone.now()
    organisation.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])


@transaction.atomic
def suspend(
    organisation: Organisation, *, actor, reason: str, sign_in: Assurance | None = None
) -> Organisation:
    """Staff suspend an active member, giving the reason (mailed to its people and contact).

    Guarantees: only a reviewer or staff administrator with a second factor (``Refused``); only
    an active organisation; the partnerships it coordinates open a coordinator vacancy (staff
    appoint an interim coordinator); its validated reports stay counted. Audited."""
    organisation = _lock(organisation)
    access.lifecycle.require(
        access.lifecycle.may_suspend(actor, organisation, sign_in), Perm.STAFF_REVIEW
    )
    reason = reason.strip()
    if not reason:
        raise MembershipError(_("Give the reason: it is sent to the organisation."), "reason")
    _change_status(organisation, OrganisationStatus.SUSPENDED, reason)
    partnerships = coordination.open_vacancies_for(
        organisation, reason=VacancyReason.SUSPENDED, actor=actor
    )
    entry = log_action(
        "pact.organisation.suspended",
        organisation,
        actor,
        {"reason": reason, "coordinated_partnerships": partnerships},
    )
    _mail_status(organisation, "members_suspended", {"reason": reason}, f"suspended:{entry.pk}")
    return organisation


@transaction.atomic
def withdraw(
    organisation: Organisation,
    *,
    actor,
    confirmation: str,
    reason: str = "",
    sign_in: Assurance | None = None,
) -> Organisation:
    """An administrator takes the organisation out of the Pact, typing its name to confirm.

    Guarantees: only an administrator of an active or suspended organisation (``Refused``); the partnerships
    it coordinates open a coordinator vacancy; its reports and drafts stay readable to its people
    and staff, its validated reports stay counted. Audited and mailed."""
    organisation = _lock(organisation)
    access.lifecycle.require(
        access.lifecycle.may_withdraw(actor, organisation, sign_in), Perm.ORG_CHANGE
    )
    if confirmation.strip().casefold() != organisation.name.strip().casefold():
        raise MembershipError(
            _("Type the organisation's name exactly as shown to confirm."), "confirmation"
        )
    reason = reason.strip()
    _change_status(organisation, OrganisationStatus.WITHDRAWN, reason)
    partnerships = coordination.open_vacancies_for(
        organisation, reason=VacancyReason.WITHDRAWN, actor=actor
    )
    entry = log_action(
        "pact.organisation.withdrawn",
        organisation,
        actor,
        {"reason": reason, "coordinated_partnerships": partnerships},
    )
    _mail_status(organisation, "members_withdrawn", {"reason": reason}, f"withdrawn:{entry.pk}")
    return organisation


@transaction.atomic
def reinstate(
    organisation: Organisation, *, actor, note: str = "", sign_in: Assurance | None = None
) -> Organisation:
    """Staff make a suspended or withdrawn organisation an active member again.

    Guarantees: only a reviewer or staff administrator with a second factor, only from suspended
    or withdrawn (``Refused``); coordinator vacancies its suspension or withdrawal opened, where it
    is still the coordinator, close. Audited and mailed."""
    organisation = _lock(organisation)
    access.lifecycle.require(
        access.lifecycle.may_reinstate(actor, organisation, sign_in), Perm.STAFF_REVIEW
    )
    previous = organisation.status
    _change_status(organisation, OrganisationStatus.ACTIVE, "")
    closed = coordination.close_on_reinstatement(organisation, actor=actor)
    entry = log_action(
        "pact.organisation.reinstated",
        organisation,
        actor,
        {"previous_status": previous, "note": note.strip(), "vacancies_closed": closed},
    )
    _mail_status(
        organisation, "members_reinstated", {"note": note.strip()}, f"reinstated:{entry.pk}"
    )
    return organisation


def active_admins(organisation: Organisation) -> list[User]:
    return [
        m.user
        for m in organisation.memberships.select_related("user").filter(
            role=OrganisationRole.ADMIN, user__is_active=True, user__deleted_at__isnull=True
        )
    ]


@transaction.atomic
def appoint_admin(
    organisation: Organisation,
    *,
    actor,
    email: str,
    check_performed: str,
    sign_in: Assurance | None = None,
) -> AdminAppointment:
    """Staff give an organisation a new administrator after a documented check (the last one left
    or lost access).

    Guarantees: only a reviewer or staff administrator with a second factor (``Refused``); the
    check is described; a person with an account becomes administrator at once (a colleague is
    promoted), anyone else is invited as administrator. Audited (the check with the appointment,
    the person by key), mailed to the new administrator and the organisation's main contact."""
    organisation = _lock(organisation)
    access.lifecycle.require(
        access.lifecycle.may_appoint_admin(actor, organisation, sign_in), Perm.STAFF_REVIEW
    )
    check_performed = check_performed.strip()
    if len(check_performed) < 20:
        raise MembershipError(
            _("Describe the check you performed (who confirmed, with which document)."),
            "check_performed",
        )
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email, deleted_at__isnull=True).first()
    appointment = AdminAppointment(
        organisation=organisation, check_performed=check_performed, appointed_by=actor
    )
    if user is not None:
        membership, created = OrganisationMembership.objects.get_or_create(
            organisation=organisation, user=user, defaults={"role": OrganisationRole.ADMIN}
        )
        if not created and membership.role == OrganisationRole.ADMIN:
            raise MembershipError(
                _("%(email)s is already an administrator of this organisation.") % {"email": email},
                "email",
            )
        if not created:
            membership.role = OrganisationRole.ADMIN
            membership.save(update_fields=["role"])
        appointment.user = user
        access.forget(user)
    else:
        appointment.invitation = invite(
            organisation, actor, email, OrganisationRole.ADMIN, check_permission=False
        )
    appointment.save()
    entry = log_action(
        "pact.organisation.admin_appointed",
        organisation,
        actor,
        {
            "appointment": appointment.pk,
            "user": user.pk if user else None,
            "invitation": appointment.invitation_id,
        },
    )
    context = {
        "organisation": organisation,
        "manage_url": absolute_url(reverse("members:manage", args=[organisation.slug])),
        "invited": user is None,
    }
    if user is not None:
        queue_email(
            to=user,
            template="members_admin_appointed",
            context=context,
            kind="members_admin_appointed",
            dedupe_key=f"admin-appointed:{entry.pk}:new",
        )
    if organisation.contact_email and organisation.contact_email.lower() != email:
        queue_email(
            to=organisation.contact_email,
            template="members_admin_appointed_contact",
            context=context,
            kind="members_admin_appointed",
            dedupe_key=f"admin-appointed:{entry.pk}:contact",
            language=organisation.preferred_language or None,
        )
    return appointment
