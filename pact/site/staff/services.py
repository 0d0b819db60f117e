"""Granting and revoking staff roles and resetting a staff member's second factor.

Each operation checks the actor itself (``pact.access.staff``) with the sign-in it acts through,
takes the person's row ``FOR UPDATE`` (two administrators acting at once: the second sees the first
one's result), keeps ``StaffRoleGrant`` in step with ``User.staff_role`` and writes the audit log
(people by key: the log holds no personal data).
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pact import access
from pact.kernel.assurance import Assurance
from pact.kernel.audit import log_action
from pact.models import SecondFactorReset, StaffRole, StaffRoleGrant, User
from pact.site.personal_data.erasure import delete_sessions

MIN_CHECK_LENGTH = 20


class StaffChangeRefused(Exception):
    """The change cannot be made; the message says why, in the actor's language."""


def _lock(actor: User, person: User, sign_in: Assurance | None) -> User:
    if not access.may_govern_staff(actor, sign_in):
        raise access.Refused(access.Perm.STAFF_ADMIN)
    person = User.objects.select_for_update().get(pk=person.pk)
    if not access.may_change_staff_member(actor, person, sign_in):
        raise StaffChangeRefused(
            _("You cannot change your own staff access or that of a closed account.")
        )
    return person


def _close_open_grant(person: User, actor: User) -> None:
    StaffRoleGrant.objects.filter(user=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=actor
    )


@transaction.atomic
def grant_role(
    actor: User, person: User, role: str, *, sign_in: Assurance | None = None
) -> StaffRoleGrant:
    """Give ``person`` the staff ``role`` (replacing another one). Audited as
    ``pact.staff_role.granted`` with the role before and after."""
    if role not in StaffRole.values or not role:
        raise StaffChangeRefused(_("Choose a staff role."))
    person = _lock(actor, person, sign_in)
    previous = person.staff_role
    if previous == role:
        raise StaffChangeRefused(_("This person already has that role."))
    _close_open_grant(person, actor)
    person.staff_role = role
    person.save(update_fields=["staff_role"])
    access.forget(person)
    grant = StaffRoleGrant.objects.create(user=person, role=role, granted_by=actor)
    log_action("pact.staff_role.granted", person, actor, {"role": role, "previous": previous})
    return grant


@transaction.atomic
def revoke_role(actor: User, person: User, *, sign_in: Assurance | None = None) -> None:
    """Take ``person``'s staff role away. Audited as ``pact.staff_role.revoked``."""
    person = _lock(actor, person, sign_in)
    previous = person.staff_role
    if not previous:
        raise StaffChangeRefused(_("This person has no staff role."))
    _close_open_grant(person, actor)
    person.staff_role = StaffRole.NONE
    person.is_superuser = False  # the Django admin follows the staff role
    person.save(update_fields=["staff_role", "is_superuser"])
    access.forget(person)
    log_action("pact.staff_role.revoked", person, actor, {"previous": previous})


@transaction.atomic
def reset_second_factor(
    actor: User, person: User, *, check: str, sign_in: Assurance | None = None
) -> SecondFactorReset:
    """Remove every second factor of the staff member ``person`` (they set a new one up at their
    next sign-in to a staff page, their open sessions ended), after the check the actor describes. The check is recorded with
    the reset (where erasure reaches it); the audit row refers to that record."""
    person = _lock(actor, person, sign_in)
    if not person.staff_role:
        raise StaffChangeRefused(_("Only a staff member's second factor is reset here."))
    check = check.strip()
    if len(check) < MIN_CHECK_LENGTH:
        raise StaffChangeRefused(
            _("Describe how you made sure it is the person asking (at least %(n)s characters).")
            % {"n": MIN_CHECK_LENGTH}
        )
    removed, _by_model = Authenticator.objects.filter(user=person).delete()
    # Their open sessions carried the old factor's assurance: they sign in again.
    delete_sessions(person.pk)
    reset = SecondFactorReset.objects.create(
        user=person, reset_by=actor, check_note=check, authenticators_removed=removed
    )
    access.forget(person)
    log_action(
        "pact.staff.second_factor_reset",
        person,
        actor,
        {"reset": reset.pk, "authenticators_removed": removed},
    )
    return reset


def review_list() -> list[dict]:
    """Everyone with a staff role: the role, since when and granted by whom (their open grant;
    a role set outside the portal shows no grant), and when their second factor was last reset."""
    people = list(
        User.objects.exclude(staff_role="")
        .filter(deleted_at__isnull=True)
        .order_by("staff_role", "email")
    )
    grants = {
        g.user_id: g
        for g in StaffRoleGrant.objects.filter(
            user__in=people, revoked_at__isnull=True
        ).select_related("granted_by")
    }
    with_mfa = set(Authenticator.objects.filter(user__in=people).values_list("user_id", flat=True))
    return [
        {"person": p, "grant": grants.get(p.pk), "has_second_factor": p.pk in with_mfa}
        for p in people
    ]


def recent_changes(limit: int = 50) -> list[StaffRoleGrant]:
    """The latest grants, revoked ones included, for the review."""
    return list(StaffRoleGrant.objects.select_related("user", "granted_by", "revoked_by")[:limit])
