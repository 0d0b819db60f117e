"""The public read API of support services, the panels on other pages, and the two chart kinds."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pact.kernel import charts
from pact.support.eoi import services
from pact.support.events import services as events_services
from pact.support.library import services as library_services
from pact.support.matchmaking import services as matchmaking_services
from tests.support.test_eoi import form_data

pytestmark = pytest.mark.django_db


def test_the_api_lists_public_calls_published_resources_and_events(
    client, world, make_call, make_event
):
    make_call(title="Open to all")
    hidden = make_call(title="For members", members_only=True)
    library_services.create_resource(
        actor=world.support,
        partnership=None,
        data={
            "kind": "report",
            "title": "PLA report",
            "summary": "Key messages",
            "is_published": True,
        },
    )
    draft = library_services.create_resource(
        actor=world.support,
        partnership=None,
        data={"kind": "report", "title": "Draft", "summary": "Not yet", "is_published": False},
    )
    event = make_event(capacity=30)
    events_services.register(event, user=world.member)

    calls = client.get("/api/v1/funding-calls/").json()
    assert [c["title"] for c in calls["results"]] == ["Open to all"]
    assert client.get(f"/api/v1/funding-calls/{hidden.slug}/").status_code == 404
    library = client.get("/api/v1/library/", {"q": "key messag"}).json()
    assert [r["title"] for r in library["results"]] == ["PLA report"]
    assert client.get(f"/api/v1/library/{draft.slug}/").status_code == 404
    events = client.get("/api/v1/events/").json()["results"]
    assert events[0]["registered"] == 1 and events[0]["capacity"] == 30
    assert "online_link" not in events[0]
    assert client.get("/api/v1/funding-calls/", {"status": "bogus"}).status_code == 400


def test_the_api_list_runs_a_constant_number_of_queries(client, world, make_event, count_queries):
    make_event(title="One")
    few = count_queries(lambda: client.get("/api/v1/events/"))
    for n in range(10):
        make_event(title=f"Event {n}")
    assert count_queries(lambda: client.get("/api/v1/events/")) == few


def test_the_dashboard_shows_proposals_and_requests(login, world):
    eoi = services.submit_eoi(
        actor=world.outsider,
        lead_organisation=world.outsider_org,
        data=form_data(world),
    )
    matchmaking_services.send_contact_request(
        actor=world.member,
        from_organisation=world.member_org,
        to_organisation=world.outsider_org,
        message="Hello",
    )
    page = login(world.outsider).get(reverse("dashboard")).content.decode()
    assert reverse("support:eoi_detail", args=[eoi.pk]) in page
    assert "1 contact request waiting for your answer" in page


def test_the_staff_home_counts_proposals_for_support_staff_only(login, world):
    services.submit_eoi(
        actor=world.outsider, lead_organisation=world.outsider_org, data=form_data(world)
    )
    support = login(world.support).get(reverse("staff_home")).content.decode()
    assert reverse("support:eoi_queue") in support
    reviewer = login(world.reviewer).get(reverse("staff_home")).content.decode()
    assert reverse("support:eoi_queue") not in reviewer


def test_the_grid_chart_is_accessible_and_carries_its_figures():
    svg = str(
        charts.grid_chart(
            [[0, 2], [1, 0]],
            row_labels=["High power", "Low power"],
            column_labels=["Low interest", "High interest"],
            title="Power & interest",
            dividers=(1, 1),
            corner_labels=("Keep satisfied", "Manage closely", "Monitor", "Keep informed"),
            chart_id="test-grid",
        )
    )
    assert 'role="img"' in svg and '<title id="test-grid-title">Power &amp; interest</title>' in svg
    assert "High power, High interest: 2" in svg and "Low power, Low interest: 1" in svg
    assert "Manage closely" in svg and "stroke-dasharray" in svg


def test_the_bar_chart_scales_to_its_maximum_and_marks_missing_answers():
    svg = str(
        charts.bar_chart(
            [("Agree with <this>", 4), ("Not asked", None)], title="Agreement", maximum=5
        )
    )
    assert "Agree with &lt;this&gt;: 4" in svg and "no answer" in svg
    assert 'width="480.0"' in svg  # 4 of 5 of a 600 wide track (room left for "no answer")


def test_the_public_lists_run_a_constant_number_of_queries(
    client, world, make_call, make_event, count_queries
):
    from commitments.models import Indicator

    indicator = Indicator.objects.first()

    def add(n: int) -> None:
        make_call(title=f"Call {n}")
        make_event(title=f"Event {n}")
        library_services.create_resource(
            actor=world.support,
            partnership=world.partnership if n % 2 else None,
            data={
                "kind": "kpi_example",
                "title": f"Resource {n}",
                "summary": "S",
                "indicator": indicator,
                "is_published": True,
            },
        )

    add(0)
    urls = [
        reverse("support:funding_list"),
        reverse("support:library"),
        reverse("support:event_list"),
    ]
    few = [count_queries(lambda url=url: client.get(url)) for url in urls]
    for n in range(1, 12):
        add(n)
    assert [count_queries(lambda url=url: client.get(url)) for url in urls] == few
