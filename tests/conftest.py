"""Shared fixtures: the six personas every isolation test speaks of."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.factories import make_organisation, make_partnership, make_user


@dataclass
class World:
    """A private partnership workspace seen by everybody who matters."""

    coordinator: object
    member: object
    contributor: object
    outsider: object
    reviewer: object
    support: object
    admin: object
    coordinator_org: object
    member_org: object
    outsider_org: object
    partnership: object


@pytest.fixture(autouse=True)
def _own_page_cache(settings, request):
    """Each test has its own stored pages: a rolled-back test's writes leave the public data
    version moved on, so without this another test could be served a page of data it never had."""
    settings.PAGE_CACHE_KEY_PREFIX = f"{request.node.nodeid}:"


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries, settings):
    """Counting queries counts what building a page costs: stored pages would count none."""
    settings.PAGE_CACHE_ENABLED = False
    return django_assert_num_queries


@pytest.fixture
def django_assert_max_num_queries(django_assert_max_num_queries, settings):
    settings.PAGE_CACHE_ENABLED = False
    return django_assert_max_num_queries


@pytest.fixture
def world(db) -> World:
    coordinator = make_user("coordinator@example.org", full_name="Cora Coordinator")
    member = make_user("member@example.org", full_name="Mia Member")
    contributor = make_user("contributor@example.org", full_name="Carl Contributor")
    outsider = make_user("outsider@example.org", full_name="Olaf Outsider")
    reviewer = make_user("reviewer@example.org", staff_role="reviewer")
    support = make_user("support@example.org", staff_role="support")
    admin = make_user("admin@example.org", staff_role="admin")
    coordinator_org = make_organisation("Coordinating Agency", admin=coordinator)
    member_org = make_organisation("Member College", admin=member, contributor=contributor)
    outsider_org = make_organisation("Outsider Ltd", admin=outsider)
    partnership = make_partnership(
        coordinator_org, members=(member_org,), status="draft", name="Private Workspace Partnership"
    )
    return World(
        coordinator,
        member,
        contributor,
        outsider,
        reviewer,
        support,
        admin,
        coordinator_org,
        member_org,
        outsider_org,
        partnership,
    )


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
