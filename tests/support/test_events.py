"""Events: notices with registration, capacity, the organiser's list and cancellation."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from pact.models import AuditEntry, OutboundEmail
from pact.support.common import SupportError
from pact.support.events import services
from pact.support.models import Event, Registration
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def event_form(**extra) -> dict:
    start = timezone.localtime() + dt.timedelta(days=20)
    data = {
        "publisher": "pact",
        "kind": "peer_learning",
        "title": "Establishing Regional Skills Partnerships: lessons learnt and success stories",
        "summary": "A peer learning activity for Pact members.",
        "description": "- B-MORE\n- ECRN",
        "starts_at": start.strftime("%Y-%m-%dT09:30"),
        "ends_at": start.strftime("%Y-%m-%dT13:00"),
        "location": "Online",
        "online_link": "https://meet.example.org/pla",
        "capacity": "2",
        "registration_open": "on",
        "ecosystem": "",
        "report": "",
    }
    data.update(extra)
    return data


def test_support_publish_an_event_people_register_for(login, client, world):
    response = login(world.support).post(reverse("support:event_create"), event_form())
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.capacity == 2 and event.created_by == world.support
    assert AuditEntry.objects.filter(kind="pact.event.published").exists()

    client.logout()
    public = client.get(reverse("support:event_detail", args=[event.slug]))
    assert public.status_code == 200
    assert b"meet.example.org" not in public.content  # the link is for participants only
    assert b"Sign in to register" in public.content

    member = login(world.member)
    response = member.post(
        reverse("support:event_register", args=[event.slug]), {"organisation": world.member_org.pk}
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.user == world.member and registration.organisation == world.member_org
    assert OutboundEmail.objects.filter(
        recipient=world.member, kind="support.event_registered"
    ).exists()
    page = member.get(reverse("support:event_detail", args=[event.slug]))
    assert page.context["registration"] == registration and b"meet.example.org" in page.content
    again = member.post(reverse("support:event_register", args=[event.slug]))
    assert again.status_code == 400 and Registration.objects.count() == 1

    member.post(reverse("support:event_unregister", args=[event.slug]))
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    kinds = set(AuditEntry.objects.values_list("kind", flat=True))
    assert {"pact.event.registered", "pact.event.registration_cancelled"} <= kinds


def test_a_full_event_refuses_more_registrations(login, world, make_event):
    event = make_event(capacity=1)
    services.register(event, user=world.member)
    response = login(world.outsider).post(reverse("support:event_register", args=[event.slug]))
    assert response.status_code == 400
    assert "full" in str(response.context["form"].non_field_errors())
    assert Registration.objects.filter(event=event).count() == 1
    # A cancellation frees the place.
    services.cancel_registration(event, user=world.member)
    services.register(event, user=world.outsider)


def test_registration_is_refused_when_closed_over_or_for_someone_elses_organisation(
    world, make_event
):
    closed = make_event(registration_open=False, title="Closed")
    with pytest.raises(SupportError):
        services.register(closed, user=world.member)
    past = make_event(
        title="Past",
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3, hours=-1),
    )
    with pytest.raises(SupportError):
        services.register(past, user=world.member)
    open_event = make_event(title="Open")
    with pytest.raises(SupportError):
        services.register(open_event, user=world.member, organisation=world.outsider_org)


def test_the_organiser_sees_the_list_and_downloads_it(login, world, make_event):
    event = make_event(partnership=world.partnership, actor=world.coordinator)
    services.register(event, user=world.member, organisation=world.member_org)
    client = login(world.coordinator)
    page = client.get(reverse("support:event_registrations", args=[event.slug]))
    assert page.status_code == 200 and page.context["registered"] == 1
    response = client.get(
        reverse("support:event_registrations", args=[event.slug]), {"format": "csv"}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["email"] == world.member.email and rows[0]["organisation"] == "Member College"
    for user in (world.member, world.outsider, world.reviewer):
        other = login(user)
        assert (
            other.get(reverse("support:event_registrations", args=[event.slug])).status_code == 404
        )
        assert other.get(reverse("support:event_edit", args=[event.slug])).status_code == 404
        assert other.get(reverse("support:event_cancel", args=[event.slug])).status_code == 404


def test_cancelling_an_event_tells_the_participants(login, world, make_event):
    event = make_event()
    services.register(event, user=world.member)
    client = login(world.support)
    response = client.post(reverse("support:event_cancel", args=[event.slug]), {"reason": ""})
    assert response.status_code == 400
    client.post(reverse("support:event_cancel", args=[event.slug]), {"reason": "Speaker ill."})
    event.refresh_from_db()
    assert event.is_cancelled and not event.registration_open
    mail = OutboundEmail.objects.get(recipient=world.member, kind="support.event_cancelled")
    assert "Speaker ill." in mail.body_text
    with pytest.raises(SupportError):
        services.register(event, user=world.outsider)


def test_bad_event_dates_are_refused_with_the_text_kept(login, world):
    data = event_form(ends_at=event_form()["starts_at"].replace("T09:30", "T08:00"), capacity="0")
    response = login(world.support).post(reverse("support:event_create"), data)
    assert response.status_code == 400
    assert {"ends_at", "capacity"} <= set(response.context["form"].errors)
    assert response.context["form"].data["summary"] == "A peer learning activity for Pact members."
    assert not Event.objects.exists()


def test_the_list_shows_upcoming_and_past_events(client, world, make_event):
    make_event(title="Coming webinar")
    make_event(
        title="Earlier workshop",
        starts_at=timezone.now() - dt.timedelta(days=30),
        ends_at=timezone.now() - dt.timedelta(days=30, hours=-2),
    )
    upcoming = client.get(reverse("support:event_list"))
    assert [e.title for e in upcoming.context["page"]] == ["Coming webinar"]
    past = client.get(reverse("support:event_list"), {"when": "past"})
    assert [e.title for e in past.context["page"]] == ["Earlier workshop"]
    searched = client.get(reverse("support:event_list"), {"q": "webinar"})
    assert [e.title for e in searched.context["page"]] == ["Coming webinar"]


def test_a_stale_edit_is_refused(login, world, make_event):
    event = make_event()
    old = event.lock_version
    client = login(world.support)
    data = event_form(title="First", lock_version=old)
    data.pop("publisher")
    assert client.post(reverse("support:event_edit", args=[event.slug]), data).status_code == 302
    data = event_form(title="Second", lock_version=old)
    data.pop("publisher")
    response = client.post(reverse("support:event_edit", args=[event.slug]), data)
    assert response.status_code == 400
    event.refresh_from_db()
    assert event.title == "First"


def test_signed_in_people_without_an_organisation_register_as_themselves(login, make_event):
    event = make_event()
    loner = make_user("loner@example.org")
    response = login(loner).post(reverse("support:event_register", args=[event.slug]))
    assert response.status_code == 302
    assert Registration.objects.get().organisation is None


def test_a_workspace_event_shows_only_in_the_workspace_until_the_partnership_is_public(
    client, login, world, make_event
):
    """An event a coordinator publishes before approval would tell the public that the draft
    partnership exists: it stays in the workspace (its members, its organiser, staff) until then."""
    event = make_event(partnership=world.partnership, actor=world.coordinator, title="Kick-off")
    detail = reverse("support:event_detail", args=[event.slug])
    assert client.get(detail).status_code == 404
    assert "Kick-off" not in client.get(reverse("support:event_list")).content.decode()
    assert client.get(f"/api/v1/events/{event.slug}/").status_code == 404
    assert "Kick-off" not in client.get("/api/v1/events/").content.decode()
    assert login(world.outsider).get(detail).status_code == 404
    for person in (world.member, world.coordinator, world.support):
        response = login(person).get(detail)
        assert response.status_code == 200, person
        assert "Kick-off" in login(person).get(reverse("support:event_list")).content.decode()
    client.logout()
    world.partnership.status = "active"
    world.partnership.save(update_fields=["status"])
    assert client.get(detail).status_code == 200
    assert client.get(f"/api/v1/events/{event.slug}/").status_code == 200
