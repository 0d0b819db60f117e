"""Open data: the public directory and results as CSV and JSON, with nothing private in them."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.models import (
    Commitment,
    Indicator,
    ProgressReport,
    ReportingCycle,
    ReportStatus,
    Target,
)
from tests.factories import make_organisation, make_partnership

pytestmark = pytest.mark.django_db


def _download(client, dataset: str, fmt: str):
    response = client.get(reverse("open_data_download", args=[dataset, fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="pact-{dataset}.{fmt}"'
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode()
    if fmt == "json":
        return json.loads(text)
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def data(world):
    """Public and private partnerships, organisations and reports side by side."""
    applied = make_organisation("Secret Applicant", status="applied")
    public = make_partnership(world.coordinator_org, status="active", name="Open Skills Alliance")
    indicator = Indicator.objects.filter(aggregation="sum").order_by("position").first()
    cycle = ReportingCycle.objects.create(
        year=2024,
        opens_on=datetime.date(2025, 2, 1),
        closes_on=datetime.date(2025, 3, 31),
        status=ReportingCycle.Status.CLOSED,
    )

    def report(partnership, value, status):
        commitment = Commitment.objects.create(
            partnership=partnership, title=f"C {partnership.name}", is_current=True
        )
        target = Target.objects.create(
            commitment=commitment,
            indicator=indicator,
            unit=indicator.unit,
            target_value=1000,
            target_date=datetime.date(2030, 1, 1),
        )
        return ProgressReport.objects.create(
            target=target,
            organisation=world.member_org,
            cycle=cycle,
            value=value,
            status=status,
            validated_at=timezone.now() if status == ReportStatus.VALIDATED else None,
        )

    report(public, 40, ReportStatus.VALIDATED)
    report(public, 7000, ReportStatus.SUBMITTED)  # not validated yet
    report(world.partnership, 900, ReportStatus.VALIDATED)  # validated, but a private workspace
    return {"applied": applied, "public": public, "indicator": indicator}


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_it_publishes_only_public_partnerships(client, world, data, fmt):
    rows = _download(client, "partnerships", fmt)
    names = {row["name"] for row in rows}
    assert "Open Skills Alliance" in names
    assert world.partnership.name not in names


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_it_publishes_only_active_members(client, world, data, fmt):
    rows = _download(client, "members", fmt)
    names = {row["name"] for row in rows}
    assert {"Coordinating Agency", "Member College", "Outsider Ltd"} <= names
    assert "Secret Applicant" not in names
    assert all("contact_email" not in row for row in rows)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_it_sums_only_validated_reports_of_public_partnerships(client, data, fmt):
    rows = _download(client, "results", fmt)
    totals = {(int(r["year"]), r["indicator"]): float(r["total"]) for r in rows}
    assert totals == {(2024, data["indicator"].code): 40.0}


def test_it_lists_the_datasets_with_their_columns(client, data):
    response = client.get(reverse("open_data"))
    assert response.status_code == 200
    html = response.content.decode()
    for dataset in ("partnerships", "members", "results"):
        assert reverse("open_data_download", args=[dataset, "csv"]) in html
        assert reverse("open_data_download", args=[dataset, "json"]) in html
    assert "<code>launched_on</code>" in html
    assert "<caption>" in html


@pytest.mark.parametrize("path", ["nope.csv", "partnerships.xml", "members.exe"])
def test_it_answers_404_to_unknown_datasets_and_formats(client, path):
    assert client.get(f"/open-data/{path}").status_code == 404


def test_it_defuses_spreadsheet_formulas_in_csv(client, world):
    make_organisation("=HYPERLINK(evil)", acronym="@SUM(A1)")
    rows = _download(client, "members", "csv")
    row = next(r for r in rows if "HYPERLINK" in r["name"])
    assert row["name"] == "'=HYPERLINK(evil)"
    assert row["acronym"] == "'@SUM(A1)"
    # JSON keeps the values as they are.
    raw = next(r for r in _download(client, "members", "json") if "HYPERLINK" in r["name"])
    assert raw["name"] == "=HYPERLINK(evil)"


def test_it_lets_other_sites_fetch_open_data(client, data):
    response = client.get(reverse("open_data_download", args=["partnerships", "json"]))
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/json"


def test_the_task_writes_the_files_once_per_data_version_and_requests_only_read_them(
    client, data, monkeypatch
):
    from pact.site import open_data_files
    from pact.site.tasks import build_open_data

    tag = build_open_data.delay().get()
    assert tag == open_data_files.current_tag()
    for dataset in open_data_files.datasets():
        for fmt in ("csv", "json"):
            assert open_data_files.file_of(tag, dataset, fmt) is not None

    def refuse():
        raise AssertionError("a request built a dataset")

    monkeypatch.setattr(
        open_data_files,
        "datasets",
        lambda: {name: ("", refuse) for name in ("partnerships", "members", "results", "survey")},
    )
    response = client.get(reverse("open_data_download", args=["partnerships", "csv"]))
    assert response.status_code == 200 and response.streaming
    assert response["X-Data-Version"] == tag
    assert "Open Skills Alliance" in b"".join(response.streaming_content).decode()
    assert open_data_files.build() == tag  # already written: nothing done


def test_a_download_never_builds_in_the_request(client, data, monkeypatch, settings):
    from pact.site import open_data_files
    from pact.site.tasks import build_open_data

    queued = []
    monkeypatch.setattr(build_open_data, "delay", lambda: queued.append(1))
    url = reverse("open_data_download", args=["partnerships", "json"])
    response = client.get(url)
    # Nothing built yet: the build is queued for the worker, the visitor asked to come back.
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert queued == [1]
    old = open_data_files.build()
    make_partnership(make_organisation("Later Org"), status="active", name="Later Alliance")
    assert open_data_files.current_tag() != old
    # A newer data version: the latest complete files are served while the worker writes anew.
    response = client.get(url)
    assert response.status_code == 200 and response["X-Data-Version"] == old
    names = {row["name"] for row in json.loads(b"".join(response.streaming_content))}
    assert "Open Skills Alliance" in names and "Later Alliance" not in names
    assert len(queued) == 2
