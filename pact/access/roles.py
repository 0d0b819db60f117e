"""Who may see and change what. The one place that decides; views and the API only ask.

Permissions are named strings. A person gets them from three sources:

* their role in an organisation (admin, contributor) -> ``organisation.*`` on that organisation;
* their organisation's role in a partnership (coordinator, member) -> ``partnership.*``;
* their global staff role (reviewer, support, admin) -> ``staff.*`` and read access everywhere,
  but only while their current sign-in is multi-factor (``pact.kernel.assurance``).

Every question takes an optional ``assurance``: the sign-in the person acts through, as a service
is given it (``assurance.of(request)``). Left out, it is the sign-in the user object came with (the
request, through ``AssuranceMiddleware``), or for a user from no sign-in (a task, an API token, the
shell) whether the account has a second factor. Services ask ``require_to_act``, which refuses with
``Refused``, so the web, the API, admin actions and tasks get the same answer.

Queryset filters are in ``pact.access.querysets``, fetch-or-404 helpers in ``pact.access.fetch``.
"""

from __future__ import annotations

from collections.abc import Iterable

from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from members.models import Organisation, OrganisationMembership, OrganisationStatus
from pact.kernel import assurance
from pact.models import StaffRole
from partnerships.models import Partnership, PartnershipMembership


class Perm:
    # organisation scope
    ORG_VIEW = "organisation.view"  # private profile, people, pledges, unvalidated reports
    ORG_CHANGE = "organisation.change"  # edit profile, invite and remove colleagues, import members
    ORG_REPORT = "organisation.report"  # write progress reports and pledges
    ORG_SIGN = "organisation.sign"  # sign or decline declarations on the organisation's behalf
    # partnership scope
    PS_VIEW = "partnership.view"  # the workspace: members, drafts, notes, unpublished progress
    PS_CONTRIBUTE = "partnership.contribute"  # internal notes
    PS_COORDINATE = "partnership.coordinate"  # invite, remove, write and submit the declaration
    PS_SUPPORT_NOTES = "partnership.support_notes"  # read support notes
    # global staff
    STAFF = "staff.any"
    STAFF_REVIEW = (
        "staff.review"  # declarations, membership applications, report validation, cycles
    )
    STAFF_SUPPORT = "staff.support"  # life-cycle stage, support notes, expressions of interest
    STAFF_ADMIN = "staff.admin"  # audit log, everything above


ORGANISATION_ROLE_PERMS: dict[str, frozenset[str]] = {
    "admin": frozenset({Perm.ORG_VIEW, Perm.ORG_CHANGE, Perm.ORG_REPORT, Perm.ORG_SIGN}),
    "contributor": frozenset({Perm.ORG_VIEW, Perm.ORG_REPORT}),
}

PARTNERSHIP_ROLE_PERMS: dict[str, frozenset[str]] = {
    "coordinator": frozenset(
        {Perm.PS_VIEW, Perm.PS_CONTRIBUTE, Perm.PS_COORDINATE, Perm.PS_SUPPORT_NOTES}
    ),
    "member": frozenset({Perm.PS_VIEW, Perm.PS_CONTRIBUTE}),
}

STAFF_ROLE_PERMS: dict[str, frozenset[str]] = {
    StaffRole.REVIEWER: frozenset({Perm.STAFF, Perm.STAFF_REVIEW}),
    StaffRole.SUPPORT: frozenset({Perm.STAFF, Perm.STAFF_SUPPORT}),
    StaffRole.ADMIN: frozenset(
        {Perm.STAFF, Perm.STAFF_REVIEW, Perm.STAFF_SUPPORT, Perm.STAFF_ADMIN}
    ),
}

# Only these organisations act (sign, report, answer surveys, coordinate): a suspended or withdrawn
# member keeps reading its own partnerships' workspaces, nothing more (pact.access.lifecycle).
ACTING_STATUSES = frozenset({OrganisationStatus.ACTIVE})
INACTIVE_MEMBER = "inactive"
INACTIVE_MEMBER_PERMS = frozenset({Perm.PS_VIEW})

# What any staff member (with MFA) may do inside an organisation or partnership: read, and the
# support notes for support services.
STAFF_ORGANISATION_PERMS = frozenset({Perm.ORG_VIEW})
STAFF_PARTNERSHIP_PERMS = frozenset({Perm.PS_VIEW, Perm.PS_SUPPORT_NOTES})


def _authenticated(user) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and not getattr(user, "deleted_at", None)
    )


def has_mfa(user) -> bool:
    cached = getattr(user, "_pact_has_mfa", None)
    if cached is None:
        cached = is_mfa_enabled(user)
        user._pact_has_mfa = cached
    return cached


def multi_factor(user, sign_in: assurance.Assurance | None = None) -> bool:
    """Whether the sign-in ``user`` acts through is multi-factor: ``sign_in`` when given, else the
    one the user object came with. A user from no sign-in (a task, an API token, the shell) falls
    back on whether the account has MFA turned on."""
    if sign_in is None:
        sign_in = assurance.bound(user)
    return sign_in.is_multi_factor if sign_in is not None else has_mfa(user)


def is_staff_without_mfa(user) -> bool:
    return _authenticated(user) and bool(user.staff_role) and not multi_factor(user)


def staff_perms(user, sign_in: assurance.Assurance | None = None) -> frozenset[str]:
    """Global staff permissions; empty unless the sign-in is multi-factor."""
    if not _authenticated(user) or not user.staff_role or not multi_factor(user, sign_in):
        return frozenset()
    return STAFF_ROLE_PERMS.get(user.staff_role, frozenset())


def is_staff(user, sign_in: assurance.Assurance | None = None) -> bool:
    return Perm.STAFF in staff_perms(user, sign_in)


def organisation_perms(
    user, organisation: Organisation, sign_in: assurance.Assurance | None = None
) -> frozenset[str]:
    if not _authenticated(user):
        return frozenset()
    perms: set[str] = set()
    if is_staff(user, sign_in):
        perms |= STAFF_ORGANISATION_PERMS
    role = _organisation_roles(user).get(organisation.pk)
    if role:
        perms |= ORGANISATION_ROLE_PERMS[role]
    return frozenset(perms)


def partnership_perms(
    user, partnership: Partnership, sign_in: assurance.Assurance | None = None
) -> frozenset[str]:
    if not _authenticated(user):
        return frozenset()
    perms: set[str] = set()
    if is_staff(user, sign_in):
        perms |= STAFF_PARTNERSHIP_PERMS
    for role in _partnership_roles(user).get(partnership.pk, ()):
        perms |= _role_perms(role)
    return frozenset(perms)


class _System(AnonymousUser):
    """The portal itself acting, for a loader that writes what nobody in it could (the demo's
    declarations of partnerships that have no coordinator): it holds every permission. Never a
    request's user; it signs nothing in the audit log (it is not authenticated)."""

    def __str__(self) -> str:
        return "system"


SYSTEM = _System()


def can(user, perm: str, obj=None, *, sign_in: assurance.Assurance | None = None) -> bool:
    """The single question views, the API and services ask."""
    if user is SYSTEM:
        return True
    if perm.startswith("staff."):
        return perm in staff_perms(user, sign_in)
    if obj is None:
        return False
    if perm.startswith("organisation."):
        return perm in organisation_perms(user, obj, sign_in)
    if perm.startswith("partnership."):
        return perm in partnership_perms(user, obj, sign_in)
    raise ValueError(f"Unknown permission {perm!r}")


def require(user, perm: str, obj=None) -> None:
    """Raise 404 unless the user holds ``perm``: outsiders cannot tell private from missing."""
    if not can(user, perm, obj):
        raise Http404


class Refused(PermissionDenied):
    """A service refused to act: the person lacks the permission (with this sign-in)."""

    def __init__(self, perm: str) -> None:
        super().__init__(perm)
        self.perm = perm


def require_to_act(
    actor, perm: str, obj=None, *, sign_in: assurance.Assurance | None = None
) -> None:
    """What a service asks before it writes: refuse (``Refused``) unless ``actor``, signed in with
    ``sign_in`` (or the sign-in it came with), holds ``perm`` on ``obj``."""
    if not can(actor, perm, obj, sign_in=sign_in):
        raise Refused(perm)


# --- cached role lookups (one query each per request/user object) ---------------------------------


def _organisation_roles(user) -> dict[int, str]:
    cached = getattr(user, "_pact_org_roles", None)
    if cached is None:
        cached = dict(
            OrganisationMembership.objects.filter(user=user).values_list("organisation_id", "role")
        )
        user._pact_org_roles = cached
    return cached


def _role_perms(role: str) -> frozenset[str]:
    return PARTNERSHIP_ROLE_PERMS.get(role, INACTIVE_MEMBER_PERMS)


def _partnership_roles(user) -> dict[int, set[str]]:
    cached = getattr(user, "_pact_ps_roles", None)
    if cached is None:
        cached = {}
        rows = PartnershipMembership.objects.filter(
            organisation_id__in=list(_organisation_roles(user))
        ).values_list("partnership_id", "role", "organisation__status")
        for partnership_id, role, status in rows:
            acting = status in ACTING_STATUSES
            cached.setdefault(partnership_id, set()).add(role if acting else INACTIVE_MEMBER)
        user._pact_ps_roles = cached
    return cached


def forget(user) -> None:
    """Drop cached roles after a change of membership within the same request."""
    for attr in (
        "_pact_org_roles",
        "_pact_ps_roles",
        "_pact_has_mfa",
        "_pact_is_member",
        "_pact_ps_targets",
    ):
        if hasattr(user, attr):
            delattr(user, attr)


def organisation_ids(user, perm: str = Perm.ORG_VIEW) -> list[int]:
    """Organisations where the user holds ``perm`` through their own role (not through staff)."""
    if not _authenticated(user):
        return []
    return [
        oid
        for oid, role in _organisation_roles(user).items()
        if perm in ORGANISATION_ROLE_PERMS[role]
    ]


def partnership_ids(user, perm: str = Perm.PS_VIEW) -> list[int]:
    if not _authenticated(user):
        return []
    return [
        pid
        for pid, roles in _partnership_roles(user).items()
        if any(perm in _role_perms(r) for r in roles)
    ]


def can_translate_declaration(user, partnership, *, sign_in=None) -> bool:
    """Who writes the translations of a partnership's published declaration: its coordinator,
    and reviewing staff (translations are not signed, so no signatory is asked)."""
    return can(user, Perm.PS_COORDINATE, partnership, sign_in=sign_in) or can(
        user, Perm.STAFF_REVIEW, sign_in=sign_in
    )


def any_of(user, perm: str, objects: Iterable) -> bool:
    return any(can(user, perm, obj) for obj in objects)
