"""The reports API: visibility through the access module, writes by the responsible organisation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commitments.models import ProgressReport
from tests.commitments.conftest import make_report

pytestmark = pytest.mark.django_db


def body(r, target=None, **extra):
    data = {
        "organisation": r.world.member_org.slug,
        "cycle": 2025,
        "target": (target or r.people).pk,
        "value": "12",
        "narrative": "From the API",
    }
    data.update(extra)
    return data


def test_it_hides_unvalidated_reports_from_outsiders(reporting, login, client):
    r = reporting
    draft = make_report(r.people, r.world.member_org, r.cycle, "5", status="draft")
    submitted = make_report(r.money, r.world.member_org, r.cycle, "50", status="submitted")
    validated = make_report(r.people, r.world.member_org, r.closed, "9")
    for c in (client, login(r.world.outsider)):
        for report in (draft, submitted):
            assert c.get(f"/api/v1/reports/{report.pk}/").status_code == 404
        ids = {row["id"] for row in c.get("/api/v1/reports/").json()["results"]}
        assert ids == {validated.pk}
    member = login(r.world.member)
    ids = {row["id"] for row in member.get("/api/v1/reports/").json()["results"]}
    assert ids == {draft.pk, submitted.pk, validated.pk}


def test_it_creates_a_report_once_per_idempotency_key(reporting, login):
    r = reporting
    client = login(r.world.member)
    headers = {"HTTP_X_IDEMPOTENCY_KEY": "report-1"}
    first = client.post("/api/v1/reports/", body(r), content_type="application/json", **headers)
    assert first.status_code == 201, first.content
    assert first["ETag"] == f'"{first.json()["id"]}-1"'
    again = client.post("/api/v1/reports/", body(r), content_type="application/json", **headers)
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert ProgressReport.objects.count() == 1
    duplicate = client.post("/api/v1/reports/", body(r), content_type="application/json")
    assert duplicate.status_code == 409


def test_it_checks_values_in_the_api_like_the_form(reporting, login):
    r = reporting
    client = login(r.world.member)
    bad = client.post("/api/v1/reports/", body(r, value="2.5"), content_type="application/json")
    assert bad.status_code == 400 and "value" in bad.json()["errors"]
    far = client.post("/api/v1/reports/", body(r, value="500"), content_type="application/json")
    assert far.status_code == 400
    ok = client.post(
        "/api/v1/reports/",
        body(r, value="500", confirm_far_above=True),
        content_type="application/json",
    )
    assert ok.status_code == 201


def test_it_updates_only_with_the_current_version(reporting, login):
    r = reporting
    report = make_report(r.people, r.world.member_org, r.cycle, "5", status="draft")
    client = login(r.world.member)
    url = f"/api/v1/reports/{report.pk}/"
    assert client.patch(url, {"value": "6"}, content_type="application/json").status_code == 428
    etag = client.get(url)["ETag"]
    ok = client.patch(url, {"value": "6"}, content_type="application/json", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200 and ok.json()["lock_version"] == 2
    stale = client.patch(url, {"value": "7"}, content_type="application/json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    stale_body = client.patch(
        url, {"value": "7", "lock_version": 1}, content_type="application/json"
    )
    assert stale_body.status_code == 409
    report.refresh_from_db()
    assert report.value == Decimal(6)
    submit = client.post(f"{url}submit/", HTTP_IF_MATCH=f'"{report.pk}-2"')
    assert submit.status_code == 200 and submit.json()["status"] == "submitted"
    locked = client.patch(url, {"value": "8", "lock_version": 3}, content_type="application/json")
    assert locked.status_code == 409


def test_it_refuses_writes_from_outsiders_with_404(reporting, login):
    r = reporting
    report = make_report(r.people, r.world.member_org, r.cycle, "5", status="draft")
    client = login(r.world.outsider)
    created = client.post("/api/v1/reports/", body(r), content_type="application/json")
    assert created.status_code == 404
    patched = client.patch(
        f"/api/v1/reports/{report.pk}/",
        {"value": "6", "lock_version": 1},
        content_type="application/json",
    )
    assert patched.status_code == 404
    # a member organisation cannot report on a target it is not responsible for
    member = login(r.world.member)
    foreign = member.post(
        "/api/v1/reports/", body(r, target=r.events), content_type="application/json"
    )
    assert foreign.status_code == 400


def test_it_lists_commitments_targets_and_cycles(reporting, client):
    r = reporting
    commitments = client.get("/api/v1/commitments/").json()["results"]
    assert {c["title"] for c in commitments} == {
        "Train hospitality workers",
        "Hold partnership events",
    }
    assert client.get("/api/v1/targets/").json()["count"] == 4
    cycles = client.get("/api/v1/reporting-cycles/").json()
    assert [c["year"] for c in cycles] == [2025, 2024]
    assert client.get(f"/api/v1/commitments/?partnership={r.partnership.slug}").json()["count"] == 2


def test_report_filters_reject_bad_values_with_400(client):
    response = client.get("/api/v1/reports/?cycle=abc")
    assert response.status_code == 400
    assert "cycle" in response.json()["errors"]


def test_commitment_filter_by_partnership_slug(client, db):
    response = client.get("/api/v1/commitments/?partnership=no-such-partnership")
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_report_cycle_filter_takes_whole_years_only(client):
    response = client.get("/api/v1/reports/?cycle=0.5")
    assert response.status_code == 400
