"""Searching commitments and targets in the API: every filter, combined, and bad values refused."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.commitments.search_scene import searchable

pytestmark = pytest.mark.django_db
__all__ = ["searchable"]  # the fixture

TOURISM = {"Train hospitality workers", "Hold partnership events"}


def titles(**params) -> set[str]:
    response = APIClient().get("/api/v1/commitments/", params)
    assert response.status_code == 200, response.content
    return {row["title"] for row in response.json()["results"]}


def target_ids(**params) -> set[int]:
    response = APIClient().get("/api/v1/targets/", params)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_it_filters_commitments_by_each_criterion(searchable):
    assert titles() == TOURISM | {"Coding clubs for adults", "Cloud skills"}
    assert titles(ecosystem="tourism") == TOURISM
    # The pledge counts under its organisation's ecosystem.
    assert titles(ecosystem="digital") == {"Coding clubs for adults", "Cloud skills"}
    assert titles(indicator="events-held") == {"Hold partnership events", "Cloud skills"}
    assert titles(country="dk") == {"Coding clubs for adults"}
    assert titles(country="AT") == {"Cloud skills"}
    assert titles(region="AT3") == {"Cloud skills"}  # the regions inside AT3 match
    assert titles(region="DK01") == {"Coding clubs for adults"}
    assert titles(partnership_kind="lsp") == {"Cloud skills"}
    assert titles(target_year="2030") == {"Coding clubs for adults", "Cloud skills"}
    assert titles(q="hospitality WORKERS") == {"Train hospitality workers"}
    assert titles(q="nordic") == {"Coding clubs for adults"}
    assert titles(status="reached") == {"Train hospitality workers"}
    assert titles(status="behind") == {"Cloud skills"}


def test_it_combines_filters(searchable):
    assert titles(ecosystem="tourism", status="reached") == {"Train hospitality workers"}
    assert titles(ecosystem="digital", indicator="people-upskilled") == {"Coding clubs for adults"}
    assert titles(ecosystem="tourism", country="AT") == set()


def test_it_lists_a_commitment_once_when_several_targets_match(searchable):
    response = APIClient().get("/api/v1/commitments/", {"target_year": "2027"})
    assert response.json()["count"] == 2


def test_it_filters_targets_with_the_same_criteria(searchable):
    r = searchable.reporting
    assert target_ids(status="reached") == {r.people.pk}
    assert target_ids(ecosystem="tourism", indicator="events-held") == {r.events.pk}
    pledge_target = searchable.pledge.targets.get()
    assert target_ids(indicator="people-upskilled", country="DK") == {pledge_target.pk}
    cloud_target = searchable.cloud.targets.get()
    assert target_ids(partnership_kind="lsp") == {cloud_target.pk}


@pytest.mark.parametrize(
    "params",
    [
        {"ecosystem": "gardening"},
        {"partnership_kind": "club"},
        {"status": "late"},
        {"target_year": "soon"},
        {"target_year": "0"},
        {"country": "DNK"},
        {"status": ""},
    ],
)
def test_it_refuses_bad_values(searchable, params):
    for address in ("/api/v1/commitments/", "/api/v1/targets/"):
        response = APIClient().get(address, params)
        assert response.status_code == 400, (address, params)
        assert set(response.json()["errors"]) == set(params)
