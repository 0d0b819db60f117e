"""Unverified accounts and unanswered invitations are purged after the periods the privacy notice states."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from members.models import OrganisationInvitation
from pact.kernel.audit import log_action
from pact.models import AuditEntry, User
from pact.site.housekeeping import purge_stale_accounts
from pact.site.tasks import purge_stale_accounts as purge_task
from partnerships.models import PartnershipInvitation
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db
DAYS = settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS


def unverified(email, *, days_ago, audited=False):
    user = User.objects.create_user(email=email, password="x" * 12)
    EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=days_ago))
    if audited:
        log_action("pact.user.signed_up", user, user)  # what a real sign-up writes
    return user


def run():
    return purge_stale_accounts(
        unverified_days=settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS,
        invitation_days=settings.INVITATION_VALIDITY_DAYS,
    )


def test_it_deletes_accounts_never_verified_after_the_period():
    old = unverified("old@example.org", days_ago=DAYS + 1)
    recent = unverified("recent@example.org", days_ago=DAYS - 1)
    verified = make_user("verified@example.org")
    User.objects.filter(pk=verified.pk).update(date_joined=timezone.now() - timedelta(days=400))
    result = run()
    assert result["users"] == 1
    assert not User.objects.filter(pk=old.pk).exists()
    assert User.objects.filter(pk__in=[recent.pk, verified.pk]).count() == 2


def test_an_unverified_account_with_an_audit_trail_is_anonymised_not_deleted():
    audited = unverified("signed-up@example.org", days_ago=DAYS + 5, audited=True)
    plain = unverified("plain@example.org", days_ago=DAYS + 5)
    result = run()
    assert result["users"] == 2
    assert not User.objects.filter(pk=plain.pk).exists()
    audited.refresh_from_db()
    assert audited.deleted_at and audited.email == f"deleted-{audited.pk}@invalid"
    assert AuditEntry.objects.filter(actor=audited, kind="pact.user.signed_up").exists()
    # A second run finds nothing left to do.
    assert run()["users"] == 0


def test_people_acting_for_an_organisation_and_staff_are_kept():
    member = unverified("member@example.org", days_ago=DAYS + 5)
    make_organisation(admin=member, status="applied")
    staff = unverified("staff@example.org", days_ago=DAYS + 5)
    User.objects.filter(pk=staff.pk).update(staff_role="reviewer")
    run()
    assert User.objects.filter(pk__in=[member.pk, staff.pk]).count() == 2


def test_it_expires_unanswered_invitations_after_the_period(world):
    old = timezone.now() - timedelta(days=settings.INVITATION_VALIDITY_DAYS + 1)
    stale_org = OrganisationInvitation.objects.create(
        organisation=world.member_org, email="late@example.org", created_at=old
    )
    fresh_org = OrganisationInvitation.objects.create(
        organisation=world.member_org, email="fresh@example.org"
    )
    stale_ps = PartnershipInvitation.objects.create(
        partnership=world.partnership, email="late@example.org", created_at=old
    )
    result = purge_task.apply().get()
    assert result["organisation_invitations"] == 1 and result["partnership_invitations"] == 1
    stale_org.refresh_from_db()
    fresh_org.refresh_from_db()
    stale_ps.refresh_from_db()
    assert stale_org.revoked_at is not None and fresh_org.revoked_at is None
    assert stale_ps.status == "revoked"


def test_the_privacy_notice_states_the_periods_the_settings_enforce(client, settings):
    settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS = 45
    settings.INVITATION_VALIDITY_DAYS = 21
    page = client.get(reverse("privacy")).content.decode()
    assert "deleted after 45 days" in page
    assert "expire after 21 days" in page
    assert "no analytics, tracking or advertising cookies" in page


def test_the_purge_erases_like_a_deletion_and_writes_the_ledger():
    from pact.kernel.outbox import queue
    from pact.kernel.signin_limits import address_key
    from pact.models import Erasure, OutboundEmail

    audited = unverified("never.came@example.org", days_ago=DAYS + 5, audited=True)
    User.objects.filter(pk=audited.pk).update(full_name="Nevil Camebackson")
    queue.queue_email(
        to=make_user("other@example.org"),
        template="test_message",
        context={"name": "Nevil Camebackson asked"},
        kind="x.y",
    )
    run()
    assert Erasure.objects.filter(
        user_id=audited.pk, address_hash=address_key("never.came@example.org")
    ).exists()
    assert not OutboundEmail.objects.filter(body_text__icontains="Nevil").exists()
    deleted = AuditEntry.objects.get(kind="pact.user.deleted", target_id=str(audited.pk))
    assert deleted.actor is None and deleted.data["reason"] == "never verified"
