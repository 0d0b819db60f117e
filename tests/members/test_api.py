"""The read-only organisations API: filters, visibility, constant queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from members import common
from tests.factories import make_organisation, make_partnership, make_user

pytestmark = pytest.mark.django_db
URL = "/api/v1/organisations/"


def organisation(name, **extra):
    o = make_organisation(name, **extra)
    common.refresh_search_vectors([o.pk])
    return o


@pytest.fixture
def members(db):
    lombardy = organisation(
        "Regione Lombardia", country="IT", nuts_region_id="ITC4", type="public_authority"
    )
    milan = organisation("Milano Skills Hub", country="IT", nuts_region_id="ITC4C", type="cluster")
    organisation("Wien Academy", country="AT", nuts_region_id="AT13", type="sme")
    organisation("Pending Newcomer", country="IT", status="applied")
    make_partnership(lombardy, members=(milan,), ecosystem="tourism")


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Milano Skills Hub", "Regione Lombardia", "Wien Academy"]),
        ("?type=sme", ["Wien Academy"]),
        ("?country=it", ["Milano Skills Hub", "Regione Lombardia"]),
        ("?nuts_region=ITC4", ["Milano Skills Hub", "Regione Lombardia"]),
        ("?nuts_region=ITC4C", ["Milano Skills Hub"]),
        ("?q=lombard", ["Regione Lombardia"]),
        ("?q=pending", []),
        ("?ecosystem=tourism", ["Milano Skills Hub", "Regione Lombardia"]),
        ("?country=IT&type=cluster", ["Milano Skills Hub"]),
    ],
)
def test_it_filters_organisations(members, query, expected):
    assert slugs(APIClient().get(URL + query)) == expected


def test_it_rejects_an_unknown_type():
    response = APIClient().get(URL + "?type=bakery")
    assert response.status_code == 400


def test_it_shows_own_applications_to_their_people_only(members):
    admin = make_user()
    organisation("My Application", status="applied", admin=admin)
    client = APIClient()
    assert "My Application" not in slugs(client.get(URL + "?q=application"))
    client.force_authenticate(admin)
    assert slugs(client.get(URL + "?q=application")) == ["My Application"]


def test_the_list_needs_the_same_number_of_queries_for_1_or_50_organisations():
    organisation("Only One", nuts_region_id="BE10")
    with CaptureQueriesContext(connection) as one:
        APIClient().get(URL + "?page_size=100")
    for n in range(49):
        organisation(f"Member {n:02}", nuts_region_id="BE10")
    with CaptureQueriesContext(connection) as fifty:
        assert len(slugs(APIClient().get(URL + "?page_size=100"))) == 50
    assert len(one) == len(fifty)
