"""Individual pledges are reviewed by staff before they become public, then shown on the
organisation's public profile; a changed pledge is reviewed again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from commitments.models import Commitment, Indicator
from commitments.pledges import services
from pact import access
from pact.models import AuditEntry

pytestmark = pytest.mark.django_db


def _pledge(world, title="Train 1,000,000 people") -> Commitment:
    return services.create_pledge(
        organisation=world.member_org,
        actor=world.member,
        title=title,
        description="",
        targets=[
            services.TargetInput(
                indicator=Indicator.objects.get(code="people-upskilled"),
                target_value=Decimal(1_000_000),
                target_date=dt.date(2030, 12, 31),
            )
        ],
    )


def test_a_new_pledge_waits_for_review_and_is_not_public(world, client):
    pledge = _pledge(world)
    assert pledge.review == "pending"
    assert pledge not in Commitment.objects.public()
    profile = client.get(reverse("members:profile", args=[world.member_org.slug])).text
    assert pledge.title not in profile


def test_staff_approve_it_and_it_shows_on_the_profile(world, login, client):
    pledge = _pledge(world)
    staff = login(world.reviewer)
    assert pledge.title in staff.get(reverse("commitments:pledge_review_queue")).text
    url = reverse("commitments:pledge_review", args=[pledge.pk])
    response = staff.post(
        url, {"decision": "approve", "note": "", "lock_version": pledge.lock_version}
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.review == "approved" and pledge.reviewed_by == world.reviewer
    assert pledge in Commitment.objects.public()
    assert AuditEntry.objects.filter(kind="pact.pledge.approved", actor=world.reviewer).exists()
    client.logout()
    profile = client.get(reverse("members:profile", args=[world.member_org.slug])).text
    assert pledge.title in profile


def test_a_refusal_says_why_and_a_change_is_reviewed_again(world, login):
    pledge = _pledge(world)
    staff = login(world.reviewer)
    url = reverse("commitments:pledge_review", args=[pledge.pk])
    no_reason = staff.post(url, {"decision": "reject", "lock_version": pledge.lock_version})
    assert no_reason.status_code == 400
    staff.post(
        url,
        {"decision": "reject", "note": "Not plausible.", "lock_version": pledge.lock_version},
    )
    pledge.refresh_from_db()
    assert pledge.review == "rejected" and pledge.review_note == "Not plausible."
    assert AuditEntry.objects.filter(kind="pact.pledge.rejected").exists()
    services.review_pledge(
        pledge, actor=world.reviewer, approve=True, lock_version=pledge.lock_version
    )
    services.update_pledge(
        pledge,
        actor=world.member,
        lock_version=pledge.lock_version,
        title="Train 1,000 people",
        description="",
        targets=[
            services.TargetInput(
                indicator=Indicator.objects.get(code="people-upskilled"),
                target_value=Decimal(1000),
                target_date=dt.date(2030, 12, 31),
                pk=pledge.targets.get().pk,
            )
        ],
    )
    pledge.refresh_from_db()
    assert pledge.review == "pending" and pledge not in Commitment.objects.public()


def test_only_staff_review_pledges(world, login):
    pledge = _pledge(world)
    url = reverse("commitments:pledge_review", args=[pledge.pk])
    for person in (world.member, world.outsider, world.support):
        client = login(person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"decision": "approve", "lock_version": 1}).status_code == 404
    with pytest.raises(access.Refused):
        services.review_pledge(pledge, actor=world.member, approve=True, lock_version=1)
    pledge.refresh_from_db()
    assert pledge.review == "pending"
