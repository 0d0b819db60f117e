"""The map page: Europe's countries shaded by partnerships or members, each a link to the filtered
directory with its accessible name, a legend, and the table alternative with the NUTS regions."""

from __future__ import annotations

import re

import pytest

from pact.kernel.map import COUNTRIES
from pact.kernel.map.shapes import legend_steps, outlines, shade_of
from tests.factories import make_organisation, make_partnership
from tests.partnerships.test_directory import catalogue  # noqa: F401 - the shared fixture

pytestmark = pytest.mark.django_db

URL = "/partnerships/map/"


def test_the_committed_map_draws_every_country_of_the_portal():
    shapes = outlines()
    assert set(shapes.countries) == set(COUNTRIES)  # Kosovo as XK, North Macedonia as MK, Malta
    assert shapes.land  # the neighbours, drawn without links
    # Cyprus includes the north; Crimea is Ukraine's (east of 32.4° E on the Black Sea).
    assert shapes.countries["CY"].count("M") >= 2


def test_the_legend_splits_counts_into_equal_steps():
    steps = legend_steps(10)
    assert [(s.low, s.high) for s in steps] == [(1, 3), (4, 6), (7, 9), (10, 10)]
    assert [(s.low, s.high) for s in legend_steps(2)] == [(1, 1), (2, 2)]
    assert legend_steps(0) == []
    assert shade_of(5, steps) == 2
    assert shade_of(0, steps) == 0


def test_it_shades_countries_by_partnerships_and_links_the_filtered_directory(client, catalogue):  # noqa: F811
    body = client.get(URL).content.decode()
    assert 'aria-label="Italy: 2 partnerships"' in body  # Lombardy and Matera, not the draft
    assert 'href="/partnerships/?country=IT"' in body
    assert 'aria-label="Kosovo' in body
    assert "North Macedonia" not in re.findall(r'aria-label="([^"]+)"', body)  # no partnership
    assert "1 EU-wide partnership is not tied to particular countries." in body
    # The table alternative, with the regions listed under their country.
    assert "Partnerships per country and NUTS region" in body
    assert 'href="/partnerships/?country=IT&amp;region=ITC4"' in body
    assert "Lombardia" in body
    assert "Number of partnerships" in body  # the legend


def test_it_counts_with_the_directory_filters(client, catalogue):  # noqa: F811
    body = client.get(URL, {"kind": "rsp"}).content.decode()
    assert 'aria-label="Italy: 1 partnership"' in body
    assert 'href="/partnerships/?kind=rsp&amp;country=IT"' in body
    assert "Only partnerships matching the directory" in body


def test_the_members_view_counts_active_members(client, catalogue):  # noqa: F811
    make_organisation("Pending Org", country="IT", status="applied")
    body = client.get(URL, {"view": "members"}).content.decode()
    assert 'aria-label="Italy: 1 member organisation"' in body
    assert 'aria-label="Sweden: 1 member organisation"' in body
    assert 'href="/members/?country=IT"' in body
    assert 'aria-current="page">Member organisations</a>' in body


def test_the_map_runs_a_fixed_number_of_queries(client, catalogue, django_assert_max_num_queries):  # noqa: F811
    owner = make_organisation("Many", country="FR")
    for n in range(8):
        make_partnership(owner, name=f"Extra {n}", countries=["FR", "DE"])
    with django_assert_max_num_queries(8):
        client.get(URL)
    with django_assert_max_num_queries(8):
        client.get(URL, {"view": "members"})


def test_it_is_in_the_main_navigation(client, db):
    body = client.get("/").content.decode()
    assert 'href="/partnerships/map/"' in body


def test_coordinates_are_not_localised(client, catalogue):  # noqa: F811
    body = client.get(URL, HTTP_ACCEPT_LANGUAGE="de", HTTP_COOKIE="django_language=de").content
    coordinates = re.findall(rb'c[xy]="([^"]+)"', body) + re.findall(rb'viewBox="([^"]+)"', body)
    assert coordinates and not any(b"," in c for c in coordinates)
