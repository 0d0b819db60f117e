"""Who governs staff roles: staff administrators, with a multi-factor sign-in, over other people.

Granting and revoking staff roles, the list for their periodic review and resetting another staff
member's second factor are for staff administrators only (``Perm.STAFF_ADMIN``, which needs a
multi-factor sign-in); nobody changes their own role or resets their own second factor, so an
administrator cannot lock themselves out or raise their own access unseen.
"""

from __future__ import annotations

from pact.access.roles import Perm, can
from pact.kernel import assurance


def may_govern_staff(user, sign_in: assurance.Assurance | None = None) -> bool:
    """Whether ``user`` may open the staff roles pages and act there."""
    return can(user, Perm.STAFF_ADMIN, sign_in=sign_in)


def may_change_staff_member(actor, person, sign_in: assurance.Assurance | None = None) -> bool:
    """Whether ``actor`` may grant or revoke ``person``'s staff role or reset their second factor:
    a staff administrator acting on someone else whose account is not erased."""
    return (
        may_govern_staff(actor, sign_in)
        and person.pk != actor.pk
        and person.deleted_at is None
        and person.is_active
    )
