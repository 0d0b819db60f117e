"""Demo people for every role. Passwords and the staff TOTP secret are documented in the README."""

from __future__ import annotations

from django.db import transaction

from pact.models import StaffRole, User

DEMO_PASSWORD = "Pact-Demo-2026!"
# Base32 secret shared by the demo staff accounts: `python manage.py demo_totp` prints the current code.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# email, full name, staff role, language
DEMO_USERS: list[tuple[str, str, str, str]] = [
    ("admin@pact-portal.example", "Ada Admin", StaffRole.ADMIN, "en"),
    ("reviewer@pact-portal.example", "Rita Reviewer", StaffRole.REVIEWER, "en"),
    ("support@pact-portal.example", "Sam Support", StaffRole.SUPPORT, "fr"),
    ("coordinator@earlall.example", "Clara Coordinator", StaffRole.NONE, "en"),
    ("coordinator@lombardia.example", "Luca Coordinatore", StaffRole.NONE, "en"),
    ("coordinator@creative-lsp.example", "Eva Creative", StaffRole.NONE, "en"),
    ("member@catalunya.example", "Marta Member", StaffRole.NONE, "en"),
    ("contributor@catalunya.example", "Carles Contributor", StaffRole.NONE, "fr"),
    ("member@creative-region.example", "Anna Oberhuber", StaffRole.NONE, "de"),
    ("outsider@outsider.example", "Otto Outsider", StaffRole.NONE, "de"),
    ("applicant@newcomer.example", "Nina Newcomer", StaffRole.NONE, "en"),
    ("supporter@pact-portal.example", "Paul Supporter", StaffRole.NONE, "en"),
]


@transaction.atomic
def seed_users() -> dict[str, User]:
    """Create or refresh the demo people, their verified emails and the staff members' TOTP."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    users: dict[str, User] = {}
    for email, name, role, language in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": name, "staff_role": role, "language": language}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_superuser = role == StaffRole.ADMIN
            if email.startswith("supporter@"):
                from django.utils import timezone

                user.is_supporter = True
                user.supporter_since = timezone.now()
            user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if (
            role
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            TOTP.activate(user, DEMO_TOTP_SECRET)
            RecoveryCodes.activate(user)
        users[email] = user
    return users
