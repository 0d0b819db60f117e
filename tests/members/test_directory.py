"""The public directory of active members and their public profiles."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members import common
from members.models import Organisation
from tests.factories import make_organisation, make_partnership, make_user

pytestmark = pytest.mark.django_db
URL = reverse("members:directory")


def organisation(name, **extra):
    o = make_organisation(name, **extra)
    common.refresh_search_vectors([o.pk])
    return o


@pytest.fixture
def members(db):
    lombardy = organisation(
        "Regione Lombardia",
        country="IT",
        nuts_region_id="ITC4",
        type="public_authority",
        description="Regional government.",
        contact_email="secret-contact@lombardia.example",
    )
    milan = organisation("Milano Skills Hub", country="IT", nuts_region_id="ITC4C", type="cluster")
    vienna = organisation("Wien Academy", country="AT", nuts_region_id="AT13", type="sme")
    organisation("Pending Newcomer", country="IT", status="applied")
    organisation("Rejected Applicant", country="IT", status="rejected")
    make_partnership(lombardy, members=(milan,), ecosystem="tourism", name="Tourism Partnership")
    make_partnership(vienna, ecosystem="digital", status="draft", name="Draft Digital Partnership")
    return {"lombardy": lombardy, "milan": milan, "vienna": vienna}


def names(response) -> list[str]:
    return [o.name for o in response.context["page"].object_list]


def test_it_lists_only_active_members_and_never_contact_emails(client, members):
    response = client.get(URL)
    assert names(response) == ["Milano Skills Hub", "Regione Lombardia", "Wien Academy"]
    html = response.content.decode()
    assert "secret-contact@lombardia.example" not in html
    assert "Pending Newcomer" not in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "lombard"}, ["Regione Lombardia"]),
        ({"q": "skills hub"}, ["Milano Skills Hub"]),
        ({"q": "milano"}, ["Milano Skills Hub"]),  # the region's name is searched too
        ({"q": "pending"}, []),
        ({"type": "sme"}, ["Wien Academy"]),
        ({"country": "IT"}, ["Milano Skills Hub", "Regione Lombardia"]),
        ({"region": "ITC4"}, ["Milano Skills Hub", "Regione Lombardia"]),  # and regions inside
        ({"region": "ITC4C"}, ["Milano Skills Hub"]),
        ({"ecosystem": "tourism"}, ["Milano Skills Hub", "Regione Lombardia"]),
        ({"ecosystem": "digital"}, []),  # only public partnerships count
        ({"country": "IT", "type": "cluster"}, ["Milano Skills Hub"]),
        ({"type": "not-a-type"}, ["Milano Skills Hub", "Regione Lombardia", "Wien Academy"]),
    ],
)
def test_it_filters(client, members, params, expected):
    assert names(client.get(URL, params)) == expected


def test_it_keeps_filters_in_the_url_of_further_pages(client, members):
    for n in range(25):
        organisation(f"Italian Member {n:02}", country="IT")
    response = client.get(URL, {"country": "IT"})
    html = response.content.decode()
    assert response.context["page"].paginator.count == 27
    assert "?country=IT&amp;page=2" in html
    assert len(names(client.get(URL, {"country": "IT", "page": 2}))) == 7


def test_it_answers_htmx_with_the_results_only(client, members):
    response = client.get(
        URL, {"country": "AT"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="directory-results"
    )
    html = response.content.decode()
    assert "Wien Academy" in html and "Regione Lombardia" not in html
    assert "<html" not in html
    assert 'hx-swap-oob="innerHTML"' in html and "AT13" in html  # region filter follows country


def test_the_filter_form_works_without_javascript(client, members):
    html = client.get(URL).content.decode()
    assert f'<form class="facets" method="get" action="{URL}"' in html
    assert 'for="id_q"' in html and 'for="id_ecosystem"' in html


def options(response, name) -> dict[str, str]:
    """The options of one filter as {value: label}."""
    return dict(response.context["form"].fields[name].widget.choices)


def test_each_filter_offers_how_many_each_option_would_show_with_the_other_filters(client, members):
    response = client.get(URL, {"country": "IT", "type": "cluster"})
    assert response.context["page"].paginator.count == 1
    # Types counted among Italian members, countries among clusters.
    types = options(response, "type")
    assert types["cluster"].endswith("(1)") and types["public_authority"].endswith("(1)")
    assert types["sme"].endswith("(0)")
    assert options(response, "country") == {"": "All countries", "IT": "Italy (1)"}
    # A region counts the members in the regions inside it; only regions with members.
    regions = options(response, "region")
    assert set(regions) == {"", "ITC", "ITC4", "ITC4C"}
    assert regions["ITC4"].endswith("(1)") and "Lombardia" in regions["ITC4"]
    assert "AT13" not in regions


def test_the_counts_follow_the_search_and_only_public_organisations(client, members):
    response = client.get(URL, {"q": "lombard"})
    assert names(response) == ["Regione Lombardia"]
    assert options(response, "type")["public_authority"].endswith("(1)")
    assert options(response, "type")["cluster"].endswith("(0)")
    assert options(response, "country") == {"": "All countries", "IT": "Italy (1)"}
    everyone = client.get(URL)
    assert options(everyone, "country") == {
        "": "All countries",
        "AT": "Austria (1)",
        "IT": "Italy (2)",
    }


def test_a_chosen_region_or_country_without_members_stays_chosen(client, members):
    response = client.get(URL, {"region": "FR10", "country": "FR"})
    assert response.context["page"].paginator.count == 0
    assert options(response, "region")["FR10"] == "FR10 (0)"
    assert options(response, "country")["FR"] == "France (0)"
    assert 'value="FR10" selected' in response.content.decode()


def test_a_region_that_is_no_nuts_code_is_ignored(client, members):
    response = client.get(URL, {"region": "not a region"})
    assert response.context["page"].paginator.count == 3


def test_htmx_refreshes_every_filter_with_its_counts(client, members):
    response = client.get(
        URL, {"q": "wien"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="directory-results"
    )
    html = response.content.decode()
    for name in ("type", "country", "region", "ecosystem"):
        assert f'<select id="id_{name}" hx-swap-oob="innerHTML">' in html
    assert "Austria (1)" in html and "Italy" not in html


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_directory_needs_the_same_number_of_queries_for_1_or_50_members(client):
    lone = organisation("Lone Member", country="IT", nuts_region_id="ITC4")
    one = query_count(client, URL + "?country=IT")
    for n in range(49):
        country, region = [("IT", "ITC4"), ("DE", "DE21"), ("FR", "FR10")][n % 3]
        organisation(f"Member {n:02}", country=country, nuts_region_id=region)
    assert lone.nuts_region_id == "ITC4"
    assert query_count(client, URL + "?country=IT") == one
    assert query_count(client, URL) == query_count(client, URL + "?q=member")


def test_the_profile_needs_the_same_number_of_queries_for_1_or_50_partnerships(client):
    subject = organisation("Busy Member", country="IT", nuts_region_id="ITC4")
    coordinator = organisation("Coordinator")
    make_partnership(coordinator, members=(subject,))
    url = reverse("members:profile", args=[subject.slug])
    one = query_count(client, url)
    for _ in range(49):
        make_partnership(coordinator, members=(subject,))
    assert query_count(client, url) == one


def test_the_profile_shows_public_fields_and_public_partnerships_only(client, members):
    response = client.get(reverse("members:profile", args=[members["lombardy"].slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Regione Lombardia" in html and "Regional government." in html
    assert "Tourism Partnership" in html
    assert "secret-contact@lombardia.example" not in html
    vienna = client.get(reverse("members:profile", args=[members["vienna"].slug]))
    assert "Draft Digital Partnership" not in vienna.content.decode()


# A suspended or withdrawn member's profile stays public and shows its status
# (tests/members/test_lifecycle.py).
@pytest.mark.parametrize("status", ["applied", "rejected"])
def test_a_non_active_profile_is_seen_only_by_its_people_and_staff(client, login, status):
    admin = make_user()
    target = make_organisation("Hidden Org", status=status, admin=admin)
    url = reverse("members:profile", args=[target.slug])
    assert client.get(url).status_code == 404
    assert login(make_user()).get(url).status_code == 404
    assert login(admin).get(url).status_code == 200
    reviewer = make_user(staff_role="reviewer")
    assert login(reviewer).get(url).status_code == 200
    nomfa = make_user(staff_role="reviewer", mfa=False)
    assert login(nomfa).get(url).status_code == 404


def test_an_unknown_profile_is_404(client):
    assert client.get(reverse("members:profile", args=["nobody-here"])).status_code == 404


def test_reserved_paths_are_never_organisation_slugs():
    assert common.unique_slug("Join") == "join-organisation"
    assert Organisation.objects.count() == 0
