"""Backup and restore as the README writes them down: pg_dump, restore into a fresh database,
``manage.py after_restore``; no page of the later state is served from the cache afterwards."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from commitments.models import Indicator
from pact.kernel.db_roles import owner_settings
from tests.drills.conftest import database_url
from tests.factories import make_organisation, make_partnership

pytestmark = pytest.mark.django_db


def _tool(name: str) -> str:
    """The PostgreSQL client of the server's own version (pgserver ships it with the server)."""
    import pgserver

    bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / name
    return str(bundled) if bundled.exists() else (shutil.which(name) or name)


def _admin_url(name: str) -> str:
    """The owner role's URL (backups and restores are the operator's, not the application's)."""
    return database_url({**owner_settings(), "NAME": name})


def _app_url(name: str) -> str:
    return database_url({**connection.settings_dict, "NAME": name})


def test_a_dump_restores_into_a_fresh_database_and_the_page_cache_forgets_the_later_state(
    client, tmp_path
):
    # The dump holds what is committed: the data migrations load (the KPI catalogue, regions).
    dump = tmp_path / "pact.dump"
    source = _admin_url(connection.settings_dict["NAME"])
    subprocess.run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={dump}", source],
        check=True,
    )
    # After the dump the data moves on, and a visitor's page of that later state is stored.
    make_partnership(make_organisation("Backup Org"), status="active", name="Beta Alliance")
    assert "Beta Alliance" in client.get("/partnerships/").content.decode()
    assert client.get("/partnerships/").headers.get("X-Page-Cache") == "hit"

    fresh = f"pact_restore_{os.getpid()}"
    with psycopg.connect(_admin_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        subprocess.run(
            [_tool("pg_restore"), "--no-owner", f"--dbname={_admin_url(fresh)}", str(dump)],
            check=True,
        )
        env = dict(
            os.environ,
            DATABASE_OWNER_URL=_admin_url(fresh),
            DATABASE_URL=_app_url(fresh),
            REDIS_URL=settings.REDIS_URL,
            CACHE_REDIS_URL=settings.CACHE_REDIS_URL,
            OPEN_DATA_ROOT=str(settings.OPEN_DATA_ROOT),
            PACT_TESTING="0",
        )
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "--check"], env=env, check=True, capture_output=True)
        subprocess.run([*manage, "migrate"], env=env, check=True, capture_output=True)
        done = subprocess.run(
            [*manage, "after_restore"], env=env, check=True, capture_output=True, text=True
        )
        assert "Forgot" in done.stdout
        with psycopg.connect(_admin_url(fresh)) as restored:
            names = {
                row[0]
                for row in restored.execute("SELECT name FROM partnerships_partnership").fetchall()
            }
            indicators = restored.execute("SELECT count(*) FROM commitments_indicator").fetchone()
            version = restored.execute(
                "SELECT last_value FROM pact_public_data_version"
            ).fetchone()[0]
        # The restored database holds the dumped state, its versions past every one served...
        assert "Beta Alliance" not in names
        assert indicators[0] == Indicator.objects.count() > 0
        with connection.cursor() as cursor:
            cursor.execute("SELECT last_value FROM pact_public_data_version")
            assert version > cursor.fetchone()[0]
        # ... and no stored page of the later state is left to serve.
        assert client.get("/partnerships/").headers.get("X-Page-Cache") != "hit"
    finally:
        with psycopg.connect(_admin_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
