"""The public commitment search page: filters, facets with counts, downloads of the filtered list."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.commitments.search_scene import searchable

pytestmark = pytest.mark.django_db
__all__ = ["searchable"]  # the fixture


def test_it_lists_the_commitments_that_match_the_filters(client, searchable):
    response = client.get(reverse("commitments:search"), {"ecosystem": "digital", "country": "AT"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cloud skills" in page
    assert "Coding clubs for adults" not in page
    assert "Train hospitality workers" not in page


def test_it_shows_facets_with_counts(client, searchable, settings):
    settings.PAGE_CACHE_ENABLED = False  # reads the view's context, which a stored page has not
    response = client.get(reverse("commitments:search"), {"ecosystem": "tourism"})
    facets = {
        f["name"]: {v["label"]: v["count"] for v in f["values"]} for f in response.context["facets"]
    }
    assert facets["partnership_kind"] == {"Regional skills partnership": 2} or list(
        facets["partnership_kind"].values()
    ) == [2]
    assert facets["status"]["Reached"] == 1
    assert sum(facets["indicator"].values()) == 4  # people, money, share, events


def test_it_keeps_the_form_and_explains_a_bad_value(client, searchable):
    response = client.get(reverse("commitments:search"), {"ecosystem": "gardening", "q": "cloud"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="cloud"' in page
    assert "error-summary" in page


def test_it_is_in_the_navigation(client, searchable):
    page = client.get(reverse("home") if _has_home() else "/").content.decode()
    assert reverse("commitments:search") in page


def _has_home() -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse("home")
    except NoReverseMatch:
        return False
    return True


def _download(client, fmt: str, **params):
    response = client.get(reverse("commitments:search_download", args=[fmt]), params)
    assert response.status_code == 200, response.content
    assert f"pact-commitments.{fmt}" in response["Content-Disposition"]
    return response.content


def test_it_downloads_the_filtered_list_as_csv_xlsx_and_json(client, searchable):
    rows = list(
        csv.DictReader(
            io.StringIO(_download(client, "csv", ecosystem="digital").decode("utf-8-sig"))
        )
    )
    assert {row["title"] for row in rows} == {"Coding clubs for adults", "Cloud skills"}
    assert {row["status"] for row in rows if row["title"] == "Cloud skills"} == {"behind"}

    sheet = load_workbook(io.BytesIO(_download(client, "xlsx", ecosystem="digital"))).active
    titles = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert titles == {"Coding clubs for adults", "Cloud skills"}

    import json

    data = json.loads(_download(client, "json", status="reached"))
    assert [(row["title"], row["indicator"]) for row in data] == [
        ("Train hospitality workers", "people-upskilled")
    ]


def test_it_refuses_a_bad_filter_or_format_in_a_download(client, searchable):
    bad = client.get(reverse("commitments:search_download", args=["csv"]), {"status": "late"})
    assert bad.status_code == 400
    assert "status" in bad.json()["errors"]
    assert client.get(reverse("commitments:search_download", args=["pdf"])).status_code == 404
