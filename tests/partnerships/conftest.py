"""Fixtures for partnership tests: a public partnership, staff, and a query counter for pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.common import refresh_search_vector
from tests.factories import make_organisation, make_partnership, make_user


@pytest.fixture
def public_partnership(world):
    """An active partnership coordinated by the world's coordinating organisation."""
    partnership = make_partnership(
        world.coordinator_org,
        members=(world.member_org,),
        status="active",
        name="Active Skills Alliance",
        summary="Upskilling welders and electricians for the energy transition.",
    )
    refresh_search_vector([partnership.pk])
    return partnership


@pytest.fixture
def newcomer(db):
    """An administrator of an active organisation that belongs to no partnership."""
    user = make_user("newcomer@example.org", full_name="Nora Newcomer")
    organisation = make_organisation("Newcomer Training Centre", admin=user, acronym="NTC")
    return user, organisation


@pytest.fixture
def count_queries(settings):
    """Run ``fn`` and return how many SQL queries it made."""

    settings.PAGE_CACHE_ENABLED = False  # count what building the page costs, not a stored copy

    def _count(fn) -> int:
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return len(ctx.captured_queries)

    return _count
