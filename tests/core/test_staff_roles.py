"""Staff roles are granted and revoked in the portal by staff administrators, audited and listed
for review; an administrator resets another staff member's second factor after a recorded check."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from pact import access
from pact.models import AuditEntry, SecondFactorReset, StaffRoleGrant, User
from pact.site.staff import services
from tests.factories import make_user

pytestmark = pytest.mark.django_db

CHECK = "Video call on 6 December; recognised her and her office number matched."


def test_an_administrator_grants_a_role_which_is_audited_and_listed_for_review(world, login):
    newcomer = make_user("new.reviewer@example.org", full_name="Nina Newcomer")
    client = login(world.admin)
    response = client.post(
        reverse("staff_roles"), {"email": "NEW.REVIEWER@example.org", "role": "reviewer"}
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.staff_role == "reviewer"
    grant = StaffRoleGrant.objects.get(user=newcomer, revoked_at__isnull=True)
    assert grant.granted_by == world.admin and grant.role == "reviewer"
    entry = AuditEntry.objects.get(kind="pact.staff_role.granted", target_id=str(newcomer.pk))
    assert entry.actor == world.admin and entry.data == {"role": "reviewer", "previous": ""}
    assert "Nina" not in entry.target_label
    page = client.get(reverse("staff_roles")).content.decode()
    assert "Nina Newcomer" in page and "Reviewer" in page
    assert world.admin.display_name in page  # granted by


def test_revoking_closes_the_grant_and_takes_staff_pages_away(world, login):
    services.grant_role(world.admin, make_user("s@example.org", mfa=True), "support")
    support = User.objects.get(email="s@example.org")
    client = login(world.admin)
    assert client.post(reverse("staff_role_revoke", args=[support.pk])).status_code == 302
    support.refresh_from_db()
    assert support.staff_role == "" and not access.is_staff(support)
    grant = StaffRoleGrant.objects.get(user=support)
    assert grant.revoked_by == world.admin and grant.revoked_at is not None
    assert AuditEntry.objects.filter(
        kind="pact.staff_role.revoked", target_id=str(support.pk), actor=world.admin
    ).exists()


def test_nobody_changes_their_own_role_and_only_administrators_change_anyones(world):
    with pytest.raises(services.StaffChangeRefused):
        services.revoke_role(world.admin, world.admin)
    with pytest.raises(access.Refused):
        services.grant_role(world.reviewer, world.contributor, "admin")
    admin_without_mfa = make_user("nomfa@example.org", staff_role="admin", mfa=False)
    with pytest.raises(access.Refused):
        services.grant_role(admin_without_mfa, world.contributor, "admin")
    world.contributor.refresh_from_db()
    assert world.contributor.staff_role == ""


def test_a_second_factor_is_reset_only_after_a_recorded_check(world, login, client):
    reviewer = world.reviewer
    theirs = Client()
    theirs.force_login(reviewer)
    assert theirs.get(reverse("dashboard")).status_code == 200
    assert Authenticator.objects.filter(user=reviewer).exists()
    client = login(world.admin)
    url = reverse("staff_second_factor_reset", args=[reviewer.pk])
    assert client.get(url).status_code == 200
    short = client.post(url, {"check_note": "trust me", "confirmed": "on"})
    assert short.status_code == 200 and Authenticator.objects.filter(user=reviewer).exists()
    done = client.post(url, {"check_note": CHECK, "confirmed": "on"})
    assert done.status_code == 302
    assert not Authenticator.objects.filter(user=reviewer).exists()
    assert theirs.get(reverse("dashboard")).status_code == 302  # signed out
    reset = SecondFactorReset.objects.get(user=reviewer)
    assert reset.reset_by == world.admin and reset.check_note == CHECK
    entry = AuditEntry.objects.get(kind="pact.staff.second_factor_reset")
    assert entry.data["reset"] == reset.pk and CHECK not in str(entry.data)


def test_the_pages_are_404_to_everyone_but_administrators_with_a_second_factor(
    world, login, client
):
    urls = [
        reverse("staff_roles"),
        reverse("staff_second_factor_reset", args=[world.reviewer.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
    admin_without_mfa = make_user("nomfa@example.org", staff_role="admin", mfa=False)
    for person in (world.outsider, world.reviewer, world.support, admin_without_mfa):
        browser = login(person)
        for url in urls:
            assert browser.get(url).status_code == 404, (person, url)
        revoke = reverse("staff_role_revoke", args=[world.reviewer.pk])
        assert browser.post(revoke).status_code == 404
    world.reviewer.refresh_from_db()
    assert world.reviewer.staff_role == "reviewer"
