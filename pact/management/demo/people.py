"""Demo people for every role (``data/people.yaml``). Passwords and the staff TOTP secret are
documented in the README."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction
from django.utils import timezone

from pact.management.demo.refs import StaffRole, User
from pact.management.demo.source import choice, read

DEMO_PASSWORD: str = read("people.yaml")["password"]
# Base32 secret shared by the demo staff accounts: `python manage.py demo_totp` prints the current code.
DEMO_TOTP_SECRET: str = read("people.yaml")["totp_secret"]


@transaction.atomic
def seed_users() -> dict[str, User]:
    """Create the demo people once; refresh their verified emails and the staff members' TOTP."""
    users: dict[str, User] = {}
    for row in read("people.yaml")["people"]:
        email = row["email"]
        role = row.get("staff_role", "none")
        role = "" if role == "none" else choice(User, "staff_role", role, f"people.yaml {email}")
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"full_name": row["name"], "staff_role": role, "language": row["language"]},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_superuser = role == StaffRole.ADMIN
            if row.get("supporter"):
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
