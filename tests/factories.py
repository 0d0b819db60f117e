"""Small builders for tests: people, organisations and partnerships in a known state."""

from __future__ import annotations

import itertools

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from members.models import Organisation, OrganisationMembership
from pact.models import User
from partnerships.models import Partnership, PartnershipMembership, PartnershipStatus

PASSWORD = "correct-horse-battery-staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_seq = itertools.count(1)


def make_user(
    email: str | None = None, *, staff_role: str = "", mfa: bool | None = None, **extra
) -> User:
    email = email or f"person{next(_seq)}@example.org"
    user = User.objects.create_user(email=email, password=PASSWORD, staff_role=staff_role, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if mfa if mfa is not None else bool(staff_role):
        from allauth.mfa.totp.internal.auth import TOTP

        TOTP.activate(user, TOTP_SECRET)
    return user


def make_organisation(
    name: str | None = None,
    *,
    admin: User | None = None,
    contributor: User | None = None,
    status: str = "active",
    **extra,
) -> Organisation:
    name = name or f"Organisation {next(_seq)}"
    defaults = {
        "type": "sme",
        "country": "BE",
        "contact_name": "Contact",
        "contact_email": "contact@example.org",
        "charter_version": settings.CHARTER_VERSION,
        "charter_accepted_at": timezone.now(),
    }
    defaults.update(extra)
    organisation = Organisation.objects.create(
        name=name, slug=slugify(name)[:100] + f"-{next(_seq)}", status=status, **defaults
    )
    if admin:
        OrganisationMembership.objects.create(organisation=organisation, user=admin, role="admin")
    if contributor:
        OrganisationMembership.objects.create(
            organisation=organisation, user=contributor, role="contributor"
        )
    return organisation


def make_partnership(
    coordinator: Organisation,
    *,
    members: tuple[Organisation, ...] = (),
    status: str = PartnershipStatus.ACTIVE,
    **extra,
) -> Partnership:
    name = extra.pop("name", None) or f"Partnership {next(_seq)}"
    defaults = {"kind": "rsp", "shape": "single_region", "countries": ["BE"]}
    defaults.update(extra)
    partnership = Partnership.objects.create(
        name=name,
        slug=slugify(name)[:100] + f"-{next(_seq)}",
        status=status,
        coordinator=coordinator,
        **defaults,
    )
    PartnershipMembership.objects.create(
        partnership=partnership, organisation=coordinator, role="coordinator"
    )
    for member in members:
        PartnershipMembership.objects.create(
            partnership=partnership, organisation=member, role="member"
        )
    partnership.member_count = 1 + len(members)
    partnership.save(update_fields=["member_count"])
    return partnership
