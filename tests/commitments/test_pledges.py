"""Individual pledges: an organisation's own commitments with targets, reported on like the others."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commitments.models import Commitment
from commitments.reporting import selectors
from pact.models import AuditEntry

pytestmark = pytest.mark.django_db


def pledge_data(**extra):
    data = {
        "title": "Train 200 welders",
        "description": "Our own commitment",
        "lock_version": 0,
        "targets-TOTAL_FORMS": 2,
        "targets-INITIAL_FORMS": 0,
        "targets-MIN_NUM_FORMS": 0,
        "targets-MAX_NUM_FORMS": 20,
        "targets-0-indicator": "",
        "targets-0-target_value": "200",
        "targets-0-target_date": "2027-12-31",
        "targets-0-description": "Welders certified",
    }
    data.update(extra)
    return data


def test_it_creates_a_pledge_that_must_then_be_reported(world, login):
    from commitments.models import Indicator

    people = Indicator.objects.get(code="people-upskilled")
    client = login(world.contributor)
    url = reverse("commitments:pledge_create", kwargs={"org": world.member_org.slug})
    missing = client.post(url, pledge_data())
    assert missing.status_code == 400 and "Train 200 welders" in missing.text
    created = client.post(url, pledge_data(**{"targets-0-indicator": people.pk}))
    assert created.status_code == 302
    pledge = Commitment.objects.get(organisation=world.member_org)
    assert pledge.is_current and pledge.partnership is None
    target = pledge.targets.get()
    assert target.unit == "persons" and target.target_value == 200
    assert list(selectors.targets_due_from(world.member_org)) == [target]
    assert AuditEntry.objects.filter(kind="pact.pledge.created").exists()
    listing = client.get(reverse("commitments:pledges"))
    assert "Train 200 welders" in listing.text


def test_it_refuses_a_pledge_without_targets_and_a_stale_edit(world, login):
    from commitments.models import Indicator

    people = Indicator.objects.get(code="people-upskilled")
    client = login(world.member)
    url = reverse("commitments:pledge_create", kwargs={"org": world.member_org.slug})
    empty = client.post(
        url,
        pledge_data(
            **{
                "targets-0-target_value": "",
                "targets-0-target_date": "",
                "targets-0-description": "",
            }
        ),
    )
    assert empty.status_code == 400 and "at least one measurable target" in empty.text
    client.post(url, pledge_data(**{"targets-0-indicator": people.pk}))
    pledge = Commitment.objects.get()
    edit = reverse(
        "commitments:pledge_edit", kwargs={"org": world.member_org.slug, "pk": pledge.pk}
    )
    target = pledge.targets.get()
    edited = {
        **pledge_data(**{"targets-0-indicator": people.pk, "targets-0-target_id": target.pk}),
        "title": "Train 250 welders",
        "lock_version": 1,
        "targets-INITIAL_FORMS": 1,
        "targets-0-target_value": "250",
    }
    assert client.post(edit, edited).status_code == 302
    stale = client.post(edit, {**edited, "title": "Stale title"})
    assert stale.status_code == 409 and "Someone else changed this pledge" in stale.text
    assert "Stale title" in stale.text
    pledge.refresh_from_db()
    assert pledge.title == "Train 250 welders" and pledge.targets.get().target_value == 250
    assert AuditEntry.objects.filter(kind="pact.pledge.updated").count() == 1


def test_it_keeps_pledges_to_their_organisation(world, login):
    from commitments.models import Commitment

    pledge = Commitment.objects.create(organisation=world.member_org, title="Ours", is_current=True)
    outsider = login(world.outsider)
    edit = reverse(
        "commitments:pledge_edit", kwargs={"org": world.member_org.slug, "pk": pledge.pk}
    )
    assert outsider.get(edit).status_code == 404
    # an organisation's own page cannot reach another organisation's pledge either
    own = reverse(
        "commitments:pledge_edit", kwargs={"org": world.outsider_org.slug, "pk": pledge.pk}
    )
    assert outsider.get(own).status_code == 404
