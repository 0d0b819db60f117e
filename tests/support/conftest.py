"""Fixtures for support services: published content and a counter of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pact.support.events import services as events_services
from pact.support.funding import services
from pact.support.models import Event, FundingCall


@pytest.fixture
def count_queries(settings):
    settings.PAGE_CACHE_ENABLED = False  # count what building the page costs, not a stored copy

    def _count(fn) -> int:
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return len(ctx.captured_queries)

    return _count


def call_data(**extra) -> dict:
    data = {
        "title": "Creative Europe cooperation projects",
        "programme": "Creative Europe",
        "institution": "EACEA",
        "ecosystem": "cultural_creative",
        "status": "open",
        "opens_on": timezone.localdate() - dt.timedelta(days=10),
        "deadline": timezone.localdate() + dt.timedelta(days=50),
        "funding": "Up to EUR 200,000",
        "summary": "Transnational cooperation of cultural and creative organisations.",
        "eligibility": "Cultural organisations of participating countries.",
        "link": "https://example.org/calls/creative",
        "members_only": False,
    }
    data.update(extra)
    return data


@pytest.fixture
def make_call(world):
    def _make(**extra) -> FundingCall:
        return services.create_call(actor=world.support, data=call_data(**extra))

    return _make


@pytest.fixture
def make_event(world):
    def _make(partnership=None, actor=None, **extra) -> Event:
        start = timezone.now() + dt.timedelta(days=10)
        data = {
            "kind": "webinar",
            "title": "Mobility webinar",
            "summary": "Good practices of learning mobility.",
            "description": "",
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=2),
            "location": "Online",
            "online_link": "https://meet.example.org/room",
            "capacity": None,
            "registration_open": True,
            "ecosystem": "",
            "report": None,
        }
        data.update(extra)
        return events_services.create_event(
            actor=actor or world.support, partnership=partnership, data=data
        )

    return _make
