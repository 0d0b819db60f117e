"""Setting up a partnership: the coordinator's form and the rules per kind."""

from __future__ import annotations

import pytest

from pact.models import AuditEntry
from partnerships.models import Partnership, PartnershipMembership, StageChange
from tests.factories import make_organisation, make_partnership, make_user

pytestmark = pytest.mark.django_db

URL = "/partnerships/new/"


def _post(client, **data):
    base = {"name": "New Skills Partnership", "acronym": "NSP", "summary": "Skills for all."}
    base.update(data)
    return client.post(URL, base)


@pytest.fixture
def lsp(world):
    return make_partnership(
        world.outsider_org, status="active", kind="lsp", ecosystem="tourism", countries=[], shape=""
    )


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_explains_that_only_active_member_organisations_set_up_partnerships(login, db):
    applicant = make_user("applicant@example.org")
    make_organisation("Pending College", admin=applicant, status="applied")
    response = login(applicant).get(URL)
    assert response.status_code == 200
    assert "whose membership of the Pact has been approved" in response.content.decode()
    response = _post(login(applicant), kind="lsp", ecosystem="digital")
    assert not Partnership.objects.filter(name="New Skills Partnership").exists()


def test_it_sets_up_a_regional_partnership_as_a_draft_coordinated_by_my_organisation(login, world):
    client = login(world.outsider)
    response = _post(
        client,
        kind="rsp",
        shape="single_region",
        countries=["IT"],
        region_codes="itc4",
        looking_for_members="on",
        looking_for="VET providers of Lombardy",
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    partnership = Partnership.objects.get(name="New Skills Partnership")
    assert response["Location"] == f"/partnerships/{partnership.slug}/workspace/"
    assert partnership.status == "draft"
    assert partnership.stage == "design"
    assert partnership.coordinator == world.outsider_org
    assert partnership.member_count == 1
    assert list(partnership.regions.values_list("code", flat=True)) == ["ITC4"]
    assert partnership.looking_for_members
    membership = PartnershipMembership.objects.get(partnership=partnership)
    assert (membership.organisation, membership.role) == (world.outsider_org, "coordinator")
    assert StageChange.objects.filter(partnership=partnership, stage="design").count() == 1
    assert AuditEntry.objects.filter(
        kind="pact.partnership.created", partnership_id=partnership.pk, actor=world.outsider
    ).exists()
    partnership.refresh_from_db()
    assert partnership.search_vector
    # The new coordinator sees the workspace straight away.
    assert client.get(response["Location"]).status_code == 200


def test_it_accepts_a_candidate_country_alone(login, world):
    response = _post(
        login(world.outsider), kind="rsp", shape="macro_region", countries=["AL", "XK"]
    )
    assert response.status_code == 302
    assert Partnership.objects.get(name="New Skills Partnership").countries == ["AL", "XK"]


def test_it_refuses_a_large_scale_partnership_without_ecosystem(login, world):
    response = _post(login(world.outsider), kind="lsp")
    assert response.status_code == 200
    body = response.content.decode()
    assert "belongs to one industrial ecosystem" in body
    assert 'value="New Skills Partnership"' in body  # what was typed is kept
    assert not Partnership.objects.filter(name="New Skills Partnership").exists()


def test_it_sets_up_a_large_scale_partnership_with_its_ecosystem(login, world):
    response = _post(login(world.outsider), kind="lsp", ecosystem="digital", shape="network")
    assert response.status_code == 302
    partnership = Partnership.objects.get(name="New Skills Partnership")
    assert (partnership.kind, partnership.ecosystem, partnership.shape) == ("lsp", "digital", "")


def test_it_refuses_a_local_ecosystem_partnership_without_parent(login, world):
    response = _post(login(world.outsider), kind="lep", countries=["AT"])
    assert response.status_code == 200
    assert "choose its parent" in response.content.decode()
    assert not Partnership.objects.filter(name="New Skills Partnership").exists()


def test_it_sets_up_a_local_ecosystem_partnership_under_a_large_scale_one(login, world, lsp):
    response = _post(login(world.outsider), kind="lep", countries=["AT"], parent=lsp.pk)
    assert response.status_code == 302
    assert Partnership.objects.get(name="New Skills Partnership").parent == lsp


def test_it_refuses_a_parent_that_is_not_large_scale(login, world, public_partnership):
    response = _post(
        login(world.outsider), kind="lep", countries=["AT"], parent=public_partnership.pk
    )
    assert response.status_code == 200
    assert not Partnership.objects.filter(name="New Skills Partnership").exists()


def test_it_refuses_a_region_outside_the_chosen_countries(login, world):
    response = _post(
        login(world.outsider),
        kind="rsp",
        shape="single_region",
        countries=["ES"],
        region_codes="ES51, ITC4",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "not in the chosen countries" in body
    assert "ITC4" in body
    assert 'value="ES51, ITC4"' in body
    assert not Partnership.objects.filter(name="New Skills Partnership").exists()


def test_it_refuses_unknown_nuts_codes(login, world):
    response = _post(
        login(world.outsider), kind="rsp", shape="network", countries=["ES"], region_codes="ZZ99"
    )
    assert response.status_code == 200
    assert "Not NUTS 2024 codes: ZZ99" in response.content.decode()


@pytest.mark.parametrize(
    ("shape", "countries", "message"),
    [
        ("", ["IT"], "Choose the shape"),
        ("network", [], "Choose at least one country"),
        ("single_region", ["IT", "ES"], "lies within one country"),
        ("macro_region", ["IT"], "choose at least two"),
    ],
)
def test_it_checks_the_regional_shape(login, world, shape, countries, message):
    response = _post(login(world.outsider), kind="rsp", shape=shape, countries=countries)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Partnership.objects.filter(name="New Skills Partnership").exists()


def test_it_refuses_a_name_already_taken(login, world, public_partnership):
    response = _post(
        login(world.outsider), name="active skills alliance", kind="lsp", ecosystem="digital"
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_it_asks_for_what_the_partnership_looks_for(login, world):
    response = _post(
        login(world.outsider), kind="lsp", ecosystem="digital", looking_for_members="on"
    )
    assert response.status_code == 200
    assert "Say which organisations you are looking for" in response.content.decode()


def test_it_will_not_let_a_contributor_coordinate_for_the_organisation(login, world):
    response = _post(login(world.contributor), kind="lsp", ecosystem="digital")
    assert response.status_code == 200  # the explanation page: no organisation they administer
    assert not Partnership.objects.filter(name="New Skills Partnership").exists()


def test_it_lets_the_coordinator_edit_the_profile_and_detects_concurrent_edits(login, world):
    partnership = world.partnership
    client = login(world.coordinator)
    url = f"/partnerships/{partnership.slug}/edit/"
    assert client.get(url).status_code == 200
    form = {
        "lock_version": partnership.lock_version,
        "shape": "single_region",
        "countries": ["BE"],
        "region_codes": "BE10",
        "summary": "A new summary",
        "looking_for_members": "on",
        "looking_for": "Training centres in Brussels",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.summary == "A new summary"
    assert partnership.looking_for == "Training centres in Brussels"
    assert partnership.lock_version == 2
    # A second save based on the version read before is refused, and the text is kept.
    response = client.post(url, {**form, "summary": "Stale text"})
    assert response.status_code == 200
    assert "Someone else saved this partnership" in response.content.decode()
    assert "Stale text" in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.summary == "A new summary"


def test_it_shows_the_looking_for_text_publicly(client, world, public_partnership):
    public_partnership.looking_for_members = True
    public_partnership.looking_for = "Adult-learning providers in Wallonia"
    public_partnership.save()
    body = client.get(f"/partnerships/{public_partnership.slug}/").content.decode()
    assert "Looking for members" in body
    assert "Adult-learning providers in Wallonia" in body


def test_it_lists_nuts_codes_per_country(client, db):
    response = client.get("/partnerships/regions/?country=IT")
    assert response.status_code == 200
    assert "ITC4" in response.content.decode()
