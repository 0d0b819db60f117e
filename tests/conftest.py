"""Shared fixtures: the six personas every isolation test speaks of."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.conf import settings as django_settings
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest
from django.utils import translation

from tests.factories import make_organisation, make_partnership, make_user

# The test OpenID Connect provider, one per session for the sign-in tests and the browser journeys.
from tests.sso.provider import identity_provider  # noqa: F401


def _sign_in_like_allauth(sender, request, user, **kwargs):
    """``client.force_login`` skips allauth, which records how a person signed in (what the
    assurance of a sign-in is read from, pact.kernel.assurance). Record what a password sign-in through
    allauth records: the password, and the authenticator code for people who have one."""
    if type(request) is not HttpRequest or get_authentication_records(request, user):
        return  # a real sign-in (the live server's requests are WSGIRequests) records its own
    record_authentication(request, user, "password")
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        record_authentication(request, user, "mfa", id=totp.pk, type=totp.type)


user_logged_in.connect(_sign_in_like_allauth, dispatch_uid="tests-sign-in-like-allauth")


def connect_as(credentials: dict) -> None:
    """Point the application's connection at other credentials (the next query reconnects)."""
    from django.db import connections

    from pact.kernel.db_roles import CREDENTIALS

    connection = connections["default"]
    for key in CREDENTIALS:
        connection.settings_dict[key] = credentials.get(key, "")
    connection.close()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """The test database is created, migrated (triggers and grants included) and dropped by the
    owner role, like a real one (pact.kernel.db_roles)..."""
    connect_as(django_settings.DATABASE_OWNER)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """... and the tests, the live server, the workers and the drills use the application role.

    What a serialized rollback puts back (the drills') leaves out the audit log: it is only ever
    appended to, and the application's role may not write an existing row again."""
    from django.db import connection

    with django_db_blocker.unblock():
        connect_as(django_settings.DATABASE_APPLICATION)
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            rows = [row for row in json.loads(contents) if row.get("model") != "pact.auditentry"]
            connection._test_serialized_contents = json.dumps(rows)
    yield
    with django_db_blocker.unblock():
        connect_as(django_settings.DATABASE_OWNER)


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
def _default_language():
    """A request in French or German leaves its language active in the thread (the locale
    middleware does not switch back): start every test in the default language."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _own_page_cache(settings, request):
    """Each test has its own stored pages: a rolled-back test's writes leave the public data
    version moved on, so without this another test could be served a page of data it never had."""
    settings.PAGE_CACHE_KEY_PREFIX = f"{request.node.nodeid}:"
    # ... and its own open-data files, for the same reason (created only when a test builds them).
    digest = hashlib.sha256(f"{os.getpid()}:{request.node.nodeid}".encode()).hexdigest()[:24]
    settings.OPEN_DATA_ROOT = Path(tempfile.gettempdir()) / "pact-open-data" / digest
    # ... and its own ledger of erasures, never the one after_restore of a real database reads.
    ledger = Path(tempfile.gettempdir()) / "pact-erasure-ledger" / f"{digest}.jsonl"
    settings.ERASURE_LEDGER_PATH = ledger
    yield
    shutil.rmtree(settings.OPEN_DATA_ROOT, ignore_errors=True)
    ledger.unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _own_counters(settings, request):
    """Each test has its own limits' counters (pact.kernel.counters): ids repeat across runs."""
    settings.COUNTERS_KEY_PREFIX = f"{request.node.nodeid}:{uuid.uuid4().hex}:"


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
