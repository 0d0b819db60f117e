"""Funding opportunities: staff publish calls, members search them, coordinators bookmark them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from pact.models import AuditEntry
from pact.support.common import SupportError
from pact.support.funding import services
from pact.support.models import CallBookmark, FundingCall
from tests.factories import make_user
from tests.support.conftest import call_data

pytestmark = pytest.mark.django_db


def form(**extra) -> dict:
    data = call_data(**extra)
    for key in ("opens_on", "deadline"):
        if isinstance(data[key], dt.date):
            data[key] = data[key].isoformat()
    data["members_only"] = "on" if data["members_only"] else ""
    return data


def test_support_staff_publish_and_edit_a_call(login, world):
    client = login(world.support)
    response = client.post(reverse("support:funding_create"), form())
    assert response.status_code == 302
    call = FundingCall.objects.get()
    assert call.slug == "creative-europe-cooperation-projects" and call.search_vector
    data = form(status="closed", lock_version=call.lock_version)
    assert client.post(reverse("support:funding_edit", args=[call.slug]), data).status_code == 302
    call.refresh_from_db()
    assert call.status == "closed"
    kinds = set(AuditEntry.objects.values_list("kind", flat=True))
    assert {"pact.funding_call.published", "pact.funding_call.updated"} <= kinds


def test_others_cannot_publish(login, world):
    for user in (world.coordinator, world.reviewer):
        assert login(user).get(reverse("support:funding_create")).status_code == 404
    with pytest.raises(SupportError):
        services.create_call(actor=world.coordinator, data=call_data())


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"deadline": dt.date(2020, 1, 1), "opens_on": dt.date(2021, 1, 1)}, "deadline"),
        ({"status": "open", "deadline": ""}, "deadline"),
        ({"link": "not a link"}, "link"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_calls_are_refused_with_the_text_kept(login, world, extra, field):
    response = login(world.support).post(reverse("support:funding_create"), form(**extra))
    assert response.status_code == 400 and field in response.context["form"].errors
    assert response.context["form"].data["summary"].startswith("Transnational")
    assert not FundingCall.objects.exists()


def test_members_only_calls_are_hidden_from_the_public(client, login, world, make_call):
    public = make_call(title="Open to all")
    private = make_call(title="For members", members_only=True)
    listing = client.get(reverse("support:funding_list"))
    assert [c.title for c in listing.context["page"].object_list] == ["Open to all"]
    assert client.get(reverse("support:funding_detail", args=[private.slug])).status_code == 404
    assert client.get(reverse("support:funding_detail", args=[public.slug])).status_code == 200
    loner = login(make_user("loner@example.org"))
    assert loner.get(reverse("support:funding_detail", args=[private.slug])).status_code == 404
    member = login(world.member)
    titles = {c.title for c in member.get(reverse("support:funding_list")).context["page"]}
    assert titles == {"Open to all", "For members"}
    assert member.get(reverse("support:funding_detail", args=[private.slug])).status_code == 200
    only = member.get(reverse("support:funding_list"), {"members_only": "on"})
    assert [c.title for c in only.context["page"]] == ["For members"]


def test_it_searches_and_filters(client, make_call):
    make_call(title="Creative Europe cooperation", programme="Creative Europe")
    make_call(
        title="Erasmus+ VET mobility",
        programme="Erasmus+",
        ecosystem="",
        status="forthcoming",
        summary="Mobility of apprentices.",
        deadline=timezone.localdate() + dt.timedelta(days=200),
    )
    make_call(
        title="Old call", status="closed", deadline=timezone.localdate() - dt.timedelta(days=5)
    )

    def titles(**params) -> list[str]:
        response = client.get(reverse("support:funding_list"), params)
        return [c.title for c in response.context["page"].object_list]

    assert titles(q="apprentic") == ["Erasmus+ VET mobility"]
    assert titles(programme="Erasmus+") == ["Erasmus+ VET mobility"]
    assert titles(status="closed") == ["Old call"]
    assert titles(ecosystem="cultural_creative") == ["Creative Europe cooperation", "Old call"]
    after = (timezone.localdate() + dt.timedelta(days=100)).isoformat()
    assert titles(deadline_after=after) == ["Erasmus+ VET mobility"]
    # Open calls first, then forthcoming, then closed.
    assert titles() == ["Creative Europe cooperation", "Erasmus+ VET mobility", "Old call"]
    # A bad filter value is ignored, not an error.
    assert client.get(reverse("support:funding_list"), {"status": "bogus"}).status_code == 200


def test_the_coordinator_bookmarks_a_call_that_members_see_in_the_workspace(
    login, world, make_call
):
    call = make_call(members_only=True)
    client = login(world.coordinator)
    page = client.get(reverse("support:funding_detail", args=[call.slug]))
    assert page.context["bookmark_form"] is not None
    response = client.post(
        reverse("support:funding_bookmark", args=[call.slug]),
        {"partnership": world.partnership.pk, "note": "Application led by the member college."},
    )
    assert response.status_code == 302
    bookmark = CallBookmark.objects.get()
    assert AuditEntry.objects.filter(kind="pact.funding_call.bookmarked").exists()
    again = client.post(
        reverse("support:funding_bookmark", args=[call.slug]), {"partnership": world.partnership.pk}
    )
    assert again.status_code == 400 and CallBookmark.objects.count() == 1

    member = login(world.member)
    listing = member.get(reverse("support:partnership_funding", args=[world.partnership.slug]))
    assert listing.context["bookmarks"] == [bookmark]
    workspace = member.get(reverse("partnerships:workspace", args=[world.partnership.slug]))
    assert call.title.encode() in workspace.content
    # Members cannot change the list; the coordinator can.
    url = reverse("support:funding_unbookmark", args=[world.partnership.slug, bookmark.pk])
    assert member.post(url).status_code == 404
    login(world.coordinator).post(url)
    assert not CallBookmark.objects.exists()


def test_outsiders_cannot_bookmark_for_or_see_a_partnership(login, world, make_call):
    call = make_call()
    outsider = login(world.outsider)
    page = outsider.get(reverse("support:funding_detail", args=[call.slug]))
    assert page.context["bookmark_form"] is None  # they coordinate no partnership
    response = outsider.post(
        reverse("support:funding_bookmark", args=[call.slug]), {"partnership": world.partnership.pk}
    )
    assert response.status_code == 404
    # Coordinating another partnership does not open this one's list.
    from tests.factories import make_partnership

    make_partnership(world.outsider_org, name="Outsider Partnership")
    response = login(world.outsider).post(
        reverse("support:funding_bookmark", args=[call.slug]), {"partnership": world.partnership.pk}
    )
    assert response.status_code == 400 and "partnership" in response.context["bookmark_form"].errors
    assert not CallBookmark.objects.exists()
    url = reverse("support:partnership_funding", args=[world.partnership.slug])
    assert outsider.get(url).status_code == 404
    with pytest.raises(SupportError):
        services.bookmark_call(call, world.partnership, actor=world.member)
