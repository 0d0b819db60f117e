"""Policy over an organisation's life: who may suspend, withdraw, reinstate, appoint a partnership's
next coordinator or an organisation's new administrator, review pledges; which organisations act;
whose profile stays visible while suspended or withdrawn.

Services ask these (with the acting person and the sign-in's assurance) and refuse with
``Refused``; pages ask them to decide which buttons to show.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from members.models import Organisation, OrganisationStatus
from pact.access.roles import ACTING_STATUSES, Perm, Refused, can
from pact.kernel.assurance import Assurance

WITHDRAWABLE = frozenset({OrganisationStatus.ACTIVE, OrganisationStatus.SUSPENDED})
# Statuses from which staff bring an organisation back to active membership.
REINSTATABLE = frozenset({OrganisationStatus.SUSPENDED, OrganisationStatus.WITHDRAWN})


def acts(organisation: Organisation) -> bool:
    """Whether the organisation may sign, report, answer surveys and coordinate."""
    return organisation.status in ACTING_STATUSES


def not_acting_reason(organisation: Organisation) -> str | None:
    """Why the organisation may not sign, report or answer surveys now, for the person who tried;
    ``None`` when it may."""
    if acts(organisation):
        return None
    name = organisation.name
    if organisation.status == OrganisationStatus.SUSPENDED:
        return _(
            "%(name)s is suspended by the Commission: it cannot sign, report or answer surveys "
            "until it is reinstated. Its drafts stay readable."
        ) % {"name": name}
    if organisation.status == OrganisationStatus.WITHDRAWN:
        return _(
            "%(name)s withdrew from the Pact: it cannot sign, report or answer surveys unless the "
            "Commission reinstates it. Its drafts stay readable."
        ) % {"name": name}
    return _("%(name)s is not an active Pact member: it cannot sign, report or answer surveys.") % {
        "name": name
    }


def profile_visible(user, organisation: Organisation) -> bool:
    """A profile is visible to all while the organisation is public, suspended or withdrawn (the
    page shows its status); otherwise only to its people and staff."""
    return organisation.has_public_profile or can(user, Perm.ORG_VIEW, organisation)


def may_suspend(user, organisation: Organisation, sign_in: Assurance | None = None) -> bool:
    return organisation.status == OrganisationStatus.ACTIVE and can(
        user, Perm.STAFF_REVIEW, sign_in=sign_in
    )


def may_withdraw(user, organisation: Organisation, sign_in: Assurance | None = None) -> bool:
    """An administrator of an active (or suspended) organisation takes it out of the Pact: so the
    last administrator can always leave (account deletion asks them to withdraw it)."""
    return organisation.status in WITHDRAWABLE and can(
        user, Perm.ORG_CHANGE, organisation, sign_in=sign_in
    )


def may_reinstate(user, organisation: Organisation, sign_in: Assurance | None = None) -> bool:
    return organisation.status in REINSTATABLE and can(user, Perm.STAFF_REVIEW, sign_in=sign_in)


def may_appoint_coordinator(user, sign_in: Assurance | None = None) -> bool:
    return can(user, Perm.STAFF_REVIEW, sign_in=sign_in)


def may_appoint_admin(user, organisation: Organisation, sign_in: Assurance | None = None) -> bool:
    """Staff recover an organisation's administration (active, suspended or withdrawn)."""
    return organisation.has_public_profile and can(user, Perm.STAFF_REVIEW, sign_in=sign_in)


def may_review_pledges(user, sign_in: Assurance | None = None) -> bool:
    return can(user, Perm.STAFF_REVIEW, sign_in=sign_in)


def require(allowed: bool, perm: str) -> None:
    """Refuse (``Refused``) unless a ``may_*`` answer above was yes."""
    if not allowed:
        raise Refused(perm)
