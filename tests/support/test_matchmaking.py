"""Matchmaking: members find partners by place, ecosystem, type and the words of their commitments,
and ask them through the portal to get in touch (rate-limited)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commitments.models import Commitment
from pact.models import AuditEntry, OutboundEmail
from pact.support.common import SupportError
from pact.support.matchmaking import services
from pact.support.matchmaking.services import OPEN_CONTACT_REQUESTS_PER_DAY
from pact.support.models import ContactRequest
from tests.factories import make_organisation, make_partnership, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledging(world):
    """The outsider's organisation pledged welding bootcamps; another pledged nothing relevant."""
    Commitment.objects.create(
        organisation=world.outsider_org,
        title="Digital skills bootcamps for welders",
        description="Two hundred welders trained in robot programming.",
        is_current=True,
        review="approved",
    )
    Commitment.objects.create(
        organisation=world.outsider_org, title="Withdrawn pledge about welders", is_current=False
    )
    other = make_organisation("Tourism Academy", country="ES", type="education_provider")
    Commitment.objects.create(
        organisation=other, title="Hospitality training", is_current=True, review="approved"
    )
    return other


def test_it_finds_partners_by_the_words_of_their_commitments(login, world, pledging):
    client = login(world.member)
    response = client.get(reverse("support:matchmaking"), {"q": "weld"})
    assert response.status_code == 200
    results = response.context["results"]
    assert [o.name for o in results] == ["Outsider Ltd"]
    assert [c.title for c in results[0].matching] == ["Digital skills bootcamps for welders"]
    assert b"Digital skills bootcamps for welders" in response.content
    assert b"Withdrawn pledge" not in response.content


def test_it_filters_by_country_type_region_and_ecosystem(login, world, pledging):
    client = login(world.member)
    by_country = client.get(reverse("support:matchmaking"), {"country": "ES"}).context["results"]
    assert [o.name for o in by_country] == ["Tourism Academy"]
    by_type = client.get(reverse("support:matchmaking"), {"type": "education_provider"})
    assert [o.name for o in by_type.context["results"]] == ["Tourism Academy"]
    make_partnership(world.outsider_org, name="Tourism RSP", ecosystem="tourism")
    by_ecosystem = client.get(reverse("support:matchmaking"), {"ecosystem": "tourism"})
    assert [o.name for o in by_ecosystem.context["results"]] == ["Outsider Ltd"]
    # One's own organisations are never suggested.
    everyone = client.get(reverse("support:matchmaking"), {"country": "BE"}).context["results"]
    assert world.member_org not in everyone and world.outsider_org in everyone


def test_partnerships_looking_for_members_are_listed(login, world):
    make_partnership(
        world.outsider_org,
        name="Open Partnership",
        looking_for_members=True,
        looking_for="VET providers of Flanders.",
    )
    response = login(world.member).get(reverse("support:matchmaking"))
    assert [p.name for p in response.context["looking"]] == ["Open Partnership"]
    assert b"VET providers of Flanders." in response.content


def test_htmx_gets_only_the_results(login, world, pledging):
    response = login(world.member).get(
        reverse("support:matchmaking"), {"q": "weld"}, HTTP_HX_REQUEST="true"
    )
    assert response.templates[0].name == "support/_partner_results.html"


def test_a_contact_request_is_answered_by_the_other_organisations_admins(login, world):
    client = login(world.member)
    url = reverse("support:contact_create", args=[world.outsider_org.slug])
    response = client.post(
        url, {"from_organisation": world.member_org.pk, "message": "Let's talk."}
    )
    assert response.status_code == 302
    request = ContactRequest.objects.get()
    assert request.status == "open" and request.requested_by == world.member
    assert OutboundEmail.objects.filter(
        recipient=world.outsider, kind="support.contact_request"
    ).exists()
    # The asked organisation's contact details are not shown before they agree.
    sent = client.get(reverse("support:contact_requests")).content.decode()
    assert world.outsider_org.contact_email not in sent

    other = login(world.outsider)
    page = other.get(reverse("support:contact_requests"))
    assert page.context["received"] == [request]
    other.post(reverse("support:contact_answer", args=[request.pk, "share"]))
    request.refresh_from_db()
    assert request.status == "shared" and request.answered_by == world.outsider
    mail = OutboundEmail.objects.filter(recipient=world.member).latest("created_at")
    assert world.outsider_org.contact_email in mail.body_text
    page = login(world.member).get(reverse("support:contact_requests")).content.decode()
    assert world.outsider_org.contact_email in page
    kinds = set(AuditEntry.objects.values_list("kind", flat=True))
    assert {"pact.contact_request.sent", "pact.contact_request.shared"} <= kinds


def test_only_the_asked_organisations_admins_answer(login, world):
    request = services.send_contact_request(
        actor=world.member,
        from_organisation=world.member_org,
        to_organisation=world.outsider_org,
        message="Hello",
    )
    for user in (world.member, world.coordinator, world.reviewer):
        response = login(user).post(reverse("support:contact_answer", args=[request.pk, "share"]))
        assert response.status_code == 404
    contributor = make_user("contrib@example.org")
    world.outsider_org.memberships.create(user=contributor, role="contributor")
    assert (
        login(contributor)
        .post(reverse("support:contact_answer", args=[request.pk, "share"]))
        .status_code
        == 404
    )
    request.refresh_from_db()
    assert request.status == "open"


def test_declining_and_withdrawing(login, world):
    first = services.send_contact_request(
        actor=world.member,
        from_organisation=world.member_org,
        to_organisation=world.outsider_org,
        message="Hello",
    )
    login(world.outsider).post(reverse("support:contact_answer", args=[first.pk, "decline"]))
    first.refresh_from_db()
    assert first.status == "declined"
    second = services.send_contact_request(
        actor=world.member,
        from_organisation=world.member_org,
        to_organisation=world.outsider_org,
        message="Hello again",
    )
    login(world.contributor).post(reverse("support:contact_withdraw", args=[second.pk]))
    second.refresh_from_db()
    assert second.status == "withdrawn"
    assert (
        login(world.outsider)
        .post(reverse("support:contact_withdraw", args=[second.pk]))
        .status_code
        == 404
    )


def test_open_requests_are_limited_per_organisation_and_day(login, world):
    for n in range(OPEN_CONTACT_REQUESTS_PER_DAY):
        services.send_contact_request(
            actor=world.member,
            from_organisation=world.member_org,
            to_organisation=make_organisation(f"Target {n}"),
            message="Hello",
        )
    target = make_organisation("One Too Many")
    client = login(world.member)
    response = client.post(
        reverse("support:contact_create", args=[target.slug]),
        {"from_organisation": world.member_org.pk, "message": "Hello"},
    )
    assert response.status_code == 400
    assert "10 contact requests" in str(response.context["form"].non_field_errors())
    assert response.context["form"].data["message"] == "Hello"
    assert ContactRequest.objects.count() == OPEN_CONTACT_REQUESTS_PER_DAY
    # An answer frees a place.
    ContactRequest.objects.filter(pk=ContactRequest.objects.first().pk).update(status="declined")
    services.send_contact_request(
        actor=world.member, from_organisation=world.member_org, to_organisation=target, message="Hi"
    )


def test_bad_requests_are_refused(login, world):
    client = login(world.member)
    url = reverse("support:contact_create", args=[world.outsider_org.slug])
    response = client.post(url, {"from_organisation": world.member_org.pk, "message": ""})
    assert response.status_code == 400 and "message" in response.context["form"].errors
    response = client.post(url, {"from_organisation": world.outsider_org.pk, "message": "Hi"})
    assert response.status_code == 400 and "from_organisation" in response.context["form"].errors
    services.send_contact_request(
        actor=world.member,
        from_organisation=world.member_org,
        to_organisation=world.outsider_org,
        message="Hello",
    )
    with pytest.raises(SupportError):
        services.send_contact_request(
            actor=world.member,
            from_organisation=world.member_org,
            to_organisation=world.outsider_org,
            message="Hello twice",
        )
    with pytest.raises(SupportError):
        services.send_contact_request(
            actor=world.outsider,
            from_organisation=world.member_org,
            to_organisation=world.coordinator_org,
            message="On someone else's behalf",
        )
    applied = make_organisation("Applied Org", status="applied")
    assert client.get(reverse("support:contact_create", args=[applied.slug])).status_code == 404


def test_people_without_an_active_organisation_see_how_to_join(login, world):
    loner = make_user("loner@example.org")
    response = login(loner).get(reverse("support:matchmaking"), {"q": "weld"})
    assert response.templates[0].name == "support/matchmaking_unavailable.html"
    assert "results" not in response.context
