"""The partnerships API: filters and search, detail with parent and children, members."""

from __future__ import annotations

import pytest

from partnerships.common import refresh_search_vector
from partnerships.models import PartnershipMembership
from tests.factories import make_organisation, make_partnership

pytestmark = pytest.mark.django_db

API = "/api/v1/partnerships/"


@pytest.fixture
def family(world, public_partnership):
    lsp = make_partnership(
        world.outsider_org,
        name="Digital Skills LSP",
        kind="lsp",
        ecosystem="digital",
        countries=[],
        shape="",
    )
    child = make_partnership(
        world.outsider_org,
        name="Digital Local Ecosystem Ghent",
        kind="lep",
        parent=lsp,
        countries=["BE"],
    )
    child.regions.set(["BE23"])
    hidden_child = make_partnership(
        world.outsider_org, name="Hidden Draft Child", kind="lep", parent=lsp, status="draft"
    )
    refresh_search_vector(None)
    return {"lsp": lsp, "child": child, "hidden_child": hidden_child}


def _slugs(response) -> list[str]:
    return [row["slug"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "lsp"}, ["lsp"]),
        ({"ecosystem": "digital"}, ["lsp"]),
        ({"country": "BE", "kind": "lep"}, ["child"]),
        ({"region": "BE2"}, ["child"]),
        ({"q": "ghent"}, ["child"]),
        ({"q": "welders"}, ["public"]),
    ],
)
def test_it_filters_partnerships(client, world, family, public_partnership, params, expected):
    known = {**family, "public": public_partnership}
    response = client.get(API, params)
    assert response.status_code == 200
    assert _slugs(response) == [known[name].slug for name in expected]


def test_it_rejects_an_unknown_filter_value(client, family):
    response = client.get(API, {"kind": "mega"})
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]


def test_it_never_lists_drafts_to_the_public(client, world, family):
    slugs = _slugs(client.get(API, {"page_size": 100}))
    assert world.partnership.slug not in slugs
    assert family["hidden_child"].slug not in slugs
    assert client.get(f"{API}{world.partnership.slug}/").status_code == 404


def test_it_lists_drafts_to_their_members(client, login, world, family):
    response = login(world.member).get(API, {"page_size": 100})
    assert world.partnership.slug in _slugs(response)


def test_it_details_a_partnership_with_its_parent_and_visible_children(client, family):
    lsp = client.get(f"{API}{family['lsp'].slug}/").json()
    assert [c["slug"] for c in lsp["children"]] == [family["child"].slug]
    child = client.get(f"{API}{family['child'].slug}/").json()
    assert child["parent"]["slug"] == family["lsp"].slug
    assert child["regions"] == ["BE23"]


def test_it_lists_public_members_of_a_public_partnership(client, login, world, public_partnership):
    hidden = make_organisation("Suspended Org", status="suspended")
    PartnershipMembership.objects.create(partnership=public_partnership, organisation=hidden)
    response = client.get(f"{API}{public_partnership.slug}/members/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["name"], r["role"]) for r in rows] == [
        ("Coordinating Agency", "coordinator"),
        ("Member College", "member"),
    ]
    # The partnership's own people see every member organisation.
    rows = login(world.member).get(f"{API}{public_partnership.slug}/members/").json()["results"]
    assert "Suspended Org" in [r["name"] for r in rows]


def test_it_hides_the_members_of_a_draft_partnership_from_outsiders(client, login, world):
    url = f"{API}{world.partnership.slug}/members/"
    assert client.get(url).status_code == 404
    assert login(world.outsider).get(url).status_code == 404
    assert login(world.member).get(url).status_code == 200
    assert login(world.reviewer).get(url).status_code == 200


def test_it_lists_partnerships_with_a_constant_number_of_queries(client, count_queries, db):
    owner = make_organisation("API Owner")
    make_partnership(owner, name="API partnership 0").regions.set(["ITC4"])
    client.get(API)
    one = count_queries(lambda: client.get(API))
    for n in range(1, 30):
        make_partnership(owner, name=f"API partnership {n}").regions.set(["ITC4", "ES51"])
    assert count_queries(lambda: client.get(API)) == one
