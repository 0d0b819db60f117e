"""The public directory: search, filters, facets, htmx; the public partnership page."""

from __future__ import annotations

import re

import pytest

from partnerships.common import refresh_search_vector
from partnerships.directory.selectors import DirectoryFilters, directory_facets
from tests.factories import make_organisation, make_partnership, make_user

pytestmark = pytest.mark.django_db

URL = "/partnerships/"


def _names(response) -> list[str]:
    return re.findall(r'<h3><a href="/partnerships/[^"]+/">([^<]+)</a>', response.content.decode())


@pytest.fixture
def catalogue(db):
    """Five partnerships in known places, with their search vectors."""
    agency = make_organisation("Lombardy Vocational Agency", acronym="LVA", country="IT")
    union = make_organisation("Nordic Maritime Union", country="SE")
    tourism = make_partnership(
        union,
        name="Tourism Skills Alliance",
        kind="lsp",
        ecosystem="tourism",
        countries=[],
        shape="",
        summary="Hospitality careers and digital skills for hotels.",
    )
    lombardy = make_partnership(
        agency,
        name="Lombardy Regional Partnership",
        kind="rsp",
        shape="single_region",
        countries=["IT"],
        summary="Welding and mechatronics training in Lombardy.",
    )
    lombardy.regions.set(["ITC4"])
    balkans = make_partnership(
        union,
        name="Western Balkans Creative Network",
        kind="rsp",
        shape="macro_region",
        ecosystem="cultural_creative",
        countries=["AL", "RS", "XK"],
        summary="Creative industries and digital tourism across the region.",
        status="closed",
    )
    matera = make_partnership(
        agency,
        name="Matera Local Ecosystem",
        kind="lep",
        ecosystem="cultural_creative",
        countries=["IT"],
        parent=tourism,
        summary="Cultural heritage skills.",
    )
    matera.regions.set(["ITF5"])
    draft = make_partnership(
        agency, name="Secret Draft Partnership", status="draft", countries=["IT"]
    )
    refresh_search_vector(None)
    return {
        "tourism": tourism,
        "lombardy": lombardy,
        "balkans": balkans,
        "matera": matera,
        "draft": draft,
    }


def test_it_lists_public_partnerships_only(client, catalogue):
    names = _names(client.get(URL))
    assert names == [
        "Lombardy Regional Partnership",
        "Matera Local Ecosystem",
        "Tourism Skills Alliance",
        "Western Balkans Creative Network",
    ]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("welding", ["Lombardy Regional Partnership"]),  # a word of the summary
        ("Nordic Maritime", ["Tourism Skills Alliance", "Western Balkans Creative Network"]),
        ("LVA", ["Lombardy Regional Partnership", "Matera Local Ecosystem"]),  # coordinator
        ("kosovo", ["Western Balkans Creative Network"]),  # a country name
        ("lombardia", ["Lombardy Regional Partnership"]),  # a NUTS region name
        ("lomb", ["Lombardy Regional Partnership", "Matera Local Ecosystem"]),  # a prefix
        ("secret", []),  # drafts never show
        ("zzzz", []),
    ],
)
def test_it_searches_names_summaries_coordinators_and_places(client, catalogue, q, expected):
    assert sorted(_names(client.get(URL, {"q": q}))) == sorted(expected)


def test_it_ranks_name_matches_above_summary_matches(client, catalogue):
    # "tourism" is in one name and in another partnership's summary.
    names = _names(client.get(URL, {"q": "tourism"}))
    assert names == ["Tourism Skills Alliance", "Western Balkans Creative Network"]


def test_it_finds_words_of_the_published_declaration(client, catalogue):
    from partnerships.models import DeclarationVersion

    DeclarationVersion.objects.create(
        partnership=catalogue["lombardy"],
        number=1,
        status="approved",
        challenges="Shortage of photovoltaic installers",
    )
    assert _names(client.get(URL, {"q": "photovoltaic"})) == []  # not refreshed yet
    refresh_search_vector([catalogue["lombardy"].pk])
    assert _names(client.get(URL, {"q": "photovoltaic"})) == ["Lombardy Regional Partnership"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "lep"}, ["Matera Local Ecosystem"]),
        (
            {"ecosystem": "cultural_creative"},
            ["Matera Local Ecosystem", "Western Balkans Creative Network"],
        ),
        ({"country": "IT"}, ["Lombardy Regional Partnership", "Matera Local Ecosystem"]),
        ({"region": "ITC4"}, ["Lombardy Regional Partnership"]),
        ({"region": "ITF"}, ["Matera Local Ecosystem"]),  # a NUTS 1 code covers its regions
        ({"status": "closed"}, ["Western Balkans Creative Network"]),
        (
            {"status": "draft"},
            [
                "Lombardy Regional Partnership",
                "Matera Local Ecosystem",
                "Tourism Skills Alliance",
                "Western Balkans Creative Network",
            ],
        ),
        ({"country": "IT", "kind": "rsp"}, ["Lombardy Regional Partnership"]),
    ],
)
def test_it_filters(client, catalogue, params, expected):
    assert _names(client.get(URL, params)) == expected


def test_it_counts_facets_with_the_other_filters_applied(catalogue):
    facets = directory_facets(DirectoryFilters(country="IT"))
    kinds = {o.value: o.count for o in facets["kind"]}
    assert kinds == {"lsp": 0, "rsp": 1, "lep": 1}
    # The country facet ignores the country filter itself.
    countries = {o.value: o.count for o in facets["country"]}
    assert countries == {"AL": 1, "IT": 2, "XK": 1, "RS": 1}
    assert facets["country_counts"][""] == 1  # the EU-wide LSP
    statuses = {o.value: o.count for o in facets["status"]}
    assert statuses == {"active": 2, "closed": 0}
    regions = {o.value: o.count for o in facets["region"]}
    assert regions == {"ITC4": 1, "ITF5": 1}
    ecosystems = {o.value: o.count for o in facets["ecosystem"] if o.count}
    assert ecosystems == {"cultural_creative": 1}


def test_it_shows_facet_counts_and_keeps_the_filters_in_the_url(client, catalogue):
    body = client.get(URL, {"country": "IT", "q": "lomb"}).content.decode()
    assert '<option value="rsp">Regional Skills Partnership (1)</option>' in body
    assert '<option value="IT" selected>Italy (2)</option>' in body
    assert 'value="lomb"' in body
    # Removing one filter keeps the other.
    assert 'href="/partnerships/?q=lomb"' in body


def test_it_sorts(client, catalogue):
    names = _names(client.get(URL, {"sort": "newest"}))
    assert names[0] == "Matera Local Ecosystem"
    assert _names(client.get(URL, {"sort": "bogus"}))[0] == "Lombardy Regional Partnership"


def test_it_paginates(client, db):
    owner = make_organisation("Owner")
    for n in range(25):
        make_partnership(owner, name=f"Partnership {n:02d}")
    page_two = client.get(URL, {"page": 2})
    assert _names(page_two) == [f"Partnership {n:02d}" for n in range(20, 25)]


def test_it_links_the_map_with_the_filters_in_use(client, catalogue):
    body = client.get(URL, {"kind": "rsp"}).content.decode()
    assert 'href="/partnerships/map/?kind=rsp"' in body
    assert "country-map" not in body  # the map has its own page


def test_it_answers_htmx_with_the_results_region_and_fresh_counts(client, catalogue):
    response = client.get(URL, {"country": "IT"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="results-heading"' in body
    assert '<select id="f-kind" hx-swap-oob="innerHTML">' in body
    assert "HX-Request" in response["Vary"]
    # The address bar gets the filters in use, without the form's empty fields.
    response = client.get(
        URL, {"q": "", "country": "IT", "kind": "", "sort": "name"}, HTTP_HX_REQUEST="true"
    )
    assert response["HX-Push-Url"] == "/partnerships/?country=IT"
    # A history restore gets the whole page.
    response = client.get(
        URL, {"country": "IT"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


def test_it_works_without_javascript(client, catalogue):
    body = client.get(URL).content.decode()
    assert '<form class="facets card" method="get" action="/partnerships/"' in body
    assert 'hx-get="/partnerships/"' in body
    assert 'hx-push-url="true"' in body


def _add_partnerships(coordinator, members, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        partnership = make_partnership(
            coordinator,
            members=tuple(members),
            name=f"Partnership number {n}",
            countries=["IT", "ES"],
            summary="Skills for the green transition.",
        )
        partnership.regions.set(["ITC4", "ES51"])
    refresh_search_vector(None)


@pytest.mark.parametrize("params", [{}, {"q": "green", "country": "IT", "region": "ITC4"}])
def test_it_runs_a_constant_number_of_queries(client, count_queries, params, db):
    coordinator = make_organisation("Big Coordinator")
    members = [make_organisation(f"Member {n}") for n in range(3)]
    _add_partnerships(coordinator, members, 1)
    one = count_queries(lambda: client.get(URL, params))
    _add_partnerships(coordinator, members, 49, start=1)
    fifty = count_queries(lambda: client.get(URL, params))
    assert len(_names(client.get(URL, params))) == 20
    assert one == fifty


# --- the public partnership page ---------------------------------------------------------------


def test_it_shows_the_public_page(client, world, catalogue):
    matera = catalogue["matera"]
    body = client.get(f"/partnerships/{matera.slug}/").content.decode()
    assert "Lombardy Vocational Agency" in body
    assert "Local Ecosystem Partnership" in body
    assert "Cultural &amp; Creative Industries" in body
    assert "Basilicata" in body
    assert f'href="/partnerships/{catalogue["tourism"].slug}/"' in body  # parent
    parent = client.get(f"/partnerships/{catalogue['tourism'].slug}/").content.decode()
    assert "Partnerships under this one" in parent
    assert "Matera Local Ecosystem" in parent


def test_it_lists_only_public_member_organisations(client, world, public_partnership):
    from partnerships.models import PartnershipMembership

    hidden = make_organisation("Suspended Org", status="suspended")
    PartnershipMembership.objects.create(partnership=public_partnership, organisation=hidden)
    body = client.get(f"/partnerships/{public_partnership.slug}/").content.decode()
    assert "Member College" in body
    assert "Suspended Org" not in body


def test_it_hides_draft_partnership_pages_from_outsiders(client, login, world):
    url = f"/partnerships/{world.partnership.slug}/"
    assert client.get(url).status_code == 404
    assert login(world.outsider).get(url).status_code == 404
    for user in (world.member, world.contributor, world.coordinator, world.reviewer, world.support):
        response = login(user).get(url)
        assert response.status_code == 200
        assert "not public yet" in response.content.decode()


def test_it_runs_a_constant_number_of_queries_on_the_partnership_page(
    client, login, count_queries, world, public_partnership
):
    from partnerships.models import PartnershipMembership

    url = f"/partnerships/{public_partnership.slug}/"
    viewer = make_user("viewer@example.org")
    make_organisation("Viewer Org", admin=viewer)
    client = login(viewer)
    client.get(url)  # the first request after signing in also writes the session
    one = count_queries(lambda: client.get(url))
    for n in range(50):
        PartnershipMembership.objects.create(
            partnership=public_partnership, organisation=make_organisation(f"Extra {n}")
        )
        make_partnership(
            world.outsider_org, name=f"Child {n}", kind="lep", parent=public_partnership
        )
    fifty = count_queries(lambda: client.get(url))
    assert one == fifty
    assert "Extra 49" in client.get(url).content.decode()
