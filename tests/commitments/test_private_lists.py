"""Private lists that scale (issue 19): what a person sees besides the public rows is counted on
those rows themselves (``not_public()``), a deep page walks the key's index, and an optional
``cursor`` walks a long list by key with the documented envelope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client

from commitments.models import Commitment, ProgressReport, ReportingCycle
from members.models import Organisation
from pact import access
from partnerships.models import Partnership
from tests.commitments.conftest import make_report, make_target
from tests.factories import make_organisation, make_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(reporting):
    """Reports of every kind a member or coordinator sees: public, their drafts, validated ones of
    a partnership that is not public, a pledge's."""
    r = reporting
    w = r.world
    pledger = make_organisation("Pledging Training Centre", admin=None)
    pledge = Commitment.objects.create(
        organisation=pledger, title="Our pledge", is_current=True, review="approved"
    )
    pledged = make_target(pledge, "people-upskilled", "50")
    hidden = make_partnership(
        w.outsider_org, members=(w.member_org,), status="draft", name="Draft Alliance"
    )
    unpublished = Commitment.objects.create(partnership=hidden, title="Unpublished")
    unpublished.responsible_organisations.add(w.member_org)
    draft_target = make_target(unpublished, "events-held", "4")
    cycles = [
        ReportingCycle.objects.create(
            year=year,
            opens_on=dt.date(year + 1, 2, 1),
            closes_on=dt.date(year + 1, 3, 31),
            status="closed",
        )
        for year in (2020, 2021, 2022, 2023)
    ]
    for cycle in (r.closed, *cycles):
        make_report(r.people, w.member_org, cycle, "10")
        make_report(r.events, w.coordinator_org, cycle, "2")
        make_report(pledged, pledger, cycle, "7")
        make_report(draft_target, w.member_org, cycle, "1")
    make_report(r.money, w.member_org, r.cycle, "5", status="draft")
    make_report(r.share, w.member_org, r.cycle, "5", status="submitted")
    return r, pledger, pledge


def people(r):
    w = r.world
    return (w.member, w.coordinator, w.outsider, None)


def test_public_and_not_public_split_the_reports_whatever_changes(lists):
    r, pledger, pledge = lists
    steps = [
        lambda: None,
        lambda: Partnership.objects.filter(pk=r.partnership.pk).update(status="suspended"),
        lambda: Organisation.objects.filter(pk=pledger.pk).update(status="suspended"),
        lambda: Commitment.objects.filter(pk=pledge.pk).update(review="pending"),
        lambda: ProgressReport.objects.filter(status="validated").update(status="returned"),
    ]
    for number, step in enumerate(steps):
        step()
        everything = set(ProgressReport.objects.values_list("pk", flat=True))
        public = set(ProgressReport.objects.public().values_list("pk", flat=True))
        rest = set(ProgressReport.objects.not_public().values_list("pk", flat=True))
        assert public | rest == everything and not public & rest, f"after step {number}"
    assert not ProgressReport.objects.public().exists()


def test_the_counts_are_the_visible_rows_for_everyone(lists, login):
    r, *_ = lists
    for person in people(r):
        client = login(person) if person else Client()
        user = person or AnonymousUser()
        data = client.get("/api/v1/reports/?page_size=2").json()
        visible = access.reports_visible_to(user)
        assert data["count"] == visible.count() > 0, person
        ids = [row["id"] for row in data["results"]]
        assert ids == list(visible.order_by("id").values_list("pk", flat=True)[:2])


def test_a_deep_page_is_the_same_rows_and_leaves_the_planner_as_it_was(lists, login):
    r, *_ = lists
    client = login(r.world.coordinator)
    visible = list(
        access.reports_visible_to(r.world.coordinator).order_by("-id").values_list("pk", flat=True)
    )
    assert len(visible) > 6
    page = client.get("/api/v1/reports/?page=3&page_size=3&ordering=-id").json()
    assert [row["id"] for row in page["results"]] == visible[6:9]
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_sort")
        assert cursor.fetchone()[0] == "on"


def walk(client, url):
    pages = []
    while url:
        data = client.get(url).json()
        pages.append(data)
        url = data["next"]
    return pages


def test_a_cursor_walks_the_whole_list_once_in_order(lists, login):
    r, *_ = lists
    for person in people(r):
        client = login(person) if person else Client()
        user = person or AnonymousUser()
        for ordering in ("id", "-id"):
            visible = list(
                access.reports_visible_to(user).order_by(ordering).values_list("pk", flat=True)
            )
            pages = walk(client, f"/api/v1/reports/?cursor=&page_size=2&ordering={ordering}")
            assert [row["id"] for p in pages for row in p["results"]] == visible
            assert {p["count"] for p in pages} == {len(visible)}
            assert pages[0]["previous"] is None and pages[-1]["next"] is None
            if len(pages) > 2:
                back = client.get(pages[2]["previous"]).json()
                assert back["results"] == pages[1]["results"]
                again = client.get(back["previous"]).json()
                assert again["results"] == pages[0]["results"] and again["previous"] is None


def test_other_lists_take_a_cursor_too(lists, login):
    r, *_ = lists
    client = login(r.world.member)
    for path in ("/api/v1/commitments/", "/api/v1/targets/"):
        listed = client.get(f"{path}?page_size=100").json()["results"]
        pages = walk(client, f"{path}?cursor=&page_size=1")
        assert [row["id"] for p in pages for row in p["results"]] == [row["id"] for row in listed]


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("cursor=bm9wZQ", "Not a cursor"),
        ("cursor=%%%", "Not a cursor"),
        ("cursor=cj0yJnA9MQ==", "Not a cursor"),  # r=2&p=1
        ("cursor=&ordering=submitted_at", "ordering=id or -id"),
        ("cursor=&page=2", "not both"),
    ],
)
def test_a_bad_cursor_is_a_clear_400(lists, login, query, reason):
    r, *_ = lists
    response = login(r.world.member).get(f"/api/v1/reports/?{query}")
    assert response.status_code == 400
    assert reason in response.json()["errors"]["cursor"][0]


def test_the_schema_documents_the_cursor(client):
    schema = client.get("/api/schema/?format=json").json()
    parameters = schema["paths"]["/api/v1/reports/"]["get"]["parameters"]
    cursor = next(p for p in parameters if p["name"] == "cursor")
    assert cursor["in"] == "query" and "next" in cursor["description"]


def test_a_status_lists_the_visible_reports_of_that_status(lists, login):
    r, *_ = lists
    ProgressReport.objects.filter(target=r.events, cycle=r.closed).update(status="returned")
    # Public reports are validated ones: any other status is only ever one's own.
    assert not ProgressReport.objects.public().exclude(status="validated").exists()
    for person in people(r):
        client = login(person) if person else Client()
        user = person or AnonymousUser()
        for status in ("draft", "submitted", "returned", "validated"):
            data = client.get(f"/api/v1/reports/?status={status}&page_size=100").json()
            expected = access.reports_visible_to(user).filter(status=status).order_by("id")
            assert [row["id"] for row in data["results"]] == list(
                expected.values_list("pk", flat=True)
            ), (person, status)
            assert data["count"] == expected.count()
    assert login(r.world.member).get("/api/v1/reports/?status=lost").status_code == 400
