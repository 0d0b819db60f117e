"""The member badge: a public SVG for active members, copied by their admins."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


def test_an_active_member_has_a_public_svg_badge(client, world):
    response = client.get(reverse("communications:badge_svg", args=[world.member_org.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "Member College" in root.findtext("{http://www.w3.org/2000/svg}title")
    assert b"<script" not in response.content


@pytest.mark.parametrize("status", ["applied", "rejected", "suspended", "withdrawn"])
def test_there_is_no_badge_for_an_organisation_that_is_not_active(client, status):
    organisation = make_organisation(f"Not active {status}", status=status)
    assert (
        client.get(reverse("communications:badge_svg", args=[organisation.slug])).status_code == 404
    )
    assert client.get(reverse("communications:badge_svg", args=["missing"])).status_code == 404


def test_a_name_with_markup_is_escaped_in_the_svg(client):
    organisation = make_organisation('Evil <script>alert("x")</script> & Co')
    response = client.get(reverse("communications:badge_svg", args=[organisation.slug]))
    assert b"<script>" not in response.content
    ET.fromstring(response.content)


def test_an_admin_copies_the_snippet_linking_to_the_public_profile(login, world):
    make_organisation("Pending Org", admin=world.member, status="applied")
    response = login(world.member).get(reverse("communications:badges"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["organisation"] for r in rows] == [world.member_org]
    snippet = rows[0]["snippet"]
    assert f'/members/{world.member_org.slug}/"' in snippet
    assert f"/badge/{world.member_org.slug}.svg" in snippet
    assert 'alt="Pact for Skills member: Member College"' in snippet
    dashboard = login(world.member).get(reverse("dashboard"))
    assert reverse("communications:badges").encode() in dashboard.content


def test_contributors_and_outsiders_get_no_badge_to_copy(login, world):
    for person in (world.contributor, make_user()):
        response = login(person).get(reverse("communications:badges"))
        assert response.status_code == 200 and response.context["rows"] == []
