"""Private pages answer 404 to outsiders: they cannot tell private from missing."""

import pytest
from django.urls import reverse

from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


def test_outsider_gets_404_on_another_organisations_private_page(client):
    applicant = make_user("applicant@example.org")
    pending = make_organisation("Pending Org", admin=applicant, status="applied")
    outsider = make_user("outsider2@example.org")
    make_organisation("Outsider Org", admin=outsider)

    client.force_login(outsider)
    assert client.get(reverse("members:profile", args=[pending.slug])).status_code == 404
    assert client.get(reverse("members:profile", args=["does-not-exist"])).status_code == 404

    client.force_login(applicant)
    assert client.get(reverse("members:profile", args=[pending.slug])).status_code == 200


def test_anonymous_visitor_gets_404_on_a_draft_partnership(client, world):
    assert (
        client.get(reverse("partnerships:detail", args=[world.partnership.slug])).status_code == 404
    )
    client.force_login(world.outsider)
    assert (
        client.get(reverse("partnerships:detail", args=[world.partnership.slug])).status_code == 404
    )
    client.force_login(world.member)
    assert (
        client.get(reverse("partnerships:detail", args=[world.partnership.slug])).status_code == 200
    )
