"""Real-browser journeys: Chromium (Debian's) through Playwright, a live server and a real worker.

The live server runs in this process against the test database; a Celery worker runs as a
separate process against the same database and Redis, so PDFs and mails are produced the way
production produces them. Mails land as files in a temporary folder the tests read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from playwright.sync_api import Page

from pact.kernel.db_roles import as_owner, owner_connection
from tests.browser.support import Journey, Keyboard

CHROMIUM = os.environ.get("PACT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
WORKER_READY_SECONDS = 60


@pytest.fixture(scope="session")
def browser_runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Folders the live server and the worker share: mail files and media (PDFs, logos)."""
    base = tmp_path_factory.mktemp("browser")
    folders = {"mail": base / "mail", "media": base / "media", "logs": base / "logs"}
    for folder in folders.values():
        folder.mkdir()
    # Playwright's sync API keeps an event loop in this thread; Django's ORM calls made by the
    # test body (seeding, assertions) are still plain synchronous calls.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield folders
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _database_url(settings_dict: dict) -> str:
    """The test database as a URL for the worker (a socket directory is percent-encoded)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = quote(str(settings_dict.get("HOST") or "127.0.0.1"), safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{settings_dict['NAME']}"


@pytest.fixture(scope="session")
def celery_worker(
    django_db_setup, django_db_blocker, browser_runtime: dict[str, Path]
) -> Iterator[subprocess.Popen]:
    """A real ``celery -A pact worker`` on the test database; stopped when the session ends."""
    from django.db import connection

    with django_db_blocker.unblock():
        _test_database_only()
        database_url = _database_url(connection.settings_dict)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": django_settings.REDIS_URL,
        "CACHE_REDIS_URL": django_settings.CACHE_REDIS_URL,
        "CELERY_BROKER_URL": django_settings.CELERY_BROKER_URL,
        "PACT_TESTING": "0",
        "DEBUG": "0",
        "EMAIL_BACKEND": "pact.kernel.outbox.files.EmailBackend",
        "EMAIL_FILE_PATH": str(browser_runtime["mail"]),
        "MEDIA_ROOT": str(browser_runtime["media"]),
        "DB_CONN_MAX_AGE": "0",
    }
    env.pop("PYTEST_VERSION", None)
    env.pop("DATABASE_OWNER_URL", None)  # the worker runs as the application role only
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log_path = browser_runtime["logs"] / "worker.log"
    log = log_path.open("wb")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "pact",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--purge",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "-n",
            f"browser-tests-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + WORKER_READY_SECONDS
    while b" ready." not in log_path.read_bytes():
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            raise RuntimeError("Celery worker did not start:\n" + log_path.read_text()[-4000:])
        time.sleep(0.2)
    yield worker
    worker.terminate()
    try:
        worker.wait(timeout=15)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
    log.close()
    shutil.copy(log_path, _artifacts() / "worker.log")


def _artifacts() -> Path:
    folder = ROOT / "tests" / "artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def chromium(browser_runtime) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (Debian's chromium package).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


AUDIT_TRUNCATE_TRIGGER = "ALTER TABLE pact_auditentry {} TRIGGER pact_audit_no_truncate"


def _audit_truncation(allowed: bool) -> None:
    """The audit log refuses TRUNCATE; only the flush between journeys may empty it (through a
    second connection as the owner role: the application's role cannot touch triggers)."""
    with owner_connection() as owner, owner.cursor() as cursor:
        cursor.execute(AUDIT_TRUNCATE_TRIGGER.format("DISABLE" if allowed else "ENABLE"))


def _reload_migration_data() -> None:
    """Run again the data migrations (NUTS regions, KPI catalogue) that a flush wiped out.

    They are written to be idempotent; the current app registry stands in for historical models.
    """
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    project_apps = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT) and ".venv" not in Path(config.path).parts
    }
    loader = MigrationLoader(None, ignore_no_migrations=True)
    # As the owner, as migrations run (some rewrite what the application's role may not).
    with as_owner() as owner:
        editor = SimpleNamespace(connection=owner)
        for key in sorted(loader.disk_migrations):
            if key[0] not in project_apps:
                continue
            for operation in loader.disk_migrations[key].operations:
                if isinstance(operation, RunPython):
                    operation.code(apps, editor)


SNAPSHOT = "browser_snapshot"


def _test_database_only() -> None:
    """Refuse to go on unless the connection points at a test database (journeys empty it)."""
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if not str(name).startswith("test_"):
        raise RuntimeError(f"browser journeys refuse to run against {name!r}: not a test database")


def _django_tables() -> list[str]:
    from django.db import connection

    return sorted(connection.introspection.django_table_names(only_existing=True))


def _reset_database() -> None:
    """Empty every table (the audit log included) and load again what migrations loaded."""
    _test_database_only()
    _audit_truncation(allowed=True)
    try:
        call_command("flush", interactive=False, verbosity=0)
    finally:
        _audit_truncation(allowed=False)
    _reload_migration_data()


def _wait_for_worker(timeout: float = 240) -> None:
    """Let the worker finish what seeding queued (declaration PDFs, mails) before the snapshot."""
    from pact.models import OutboundEmail
    from partnerships.models.declaration import DeclarationPdf

    deadline = time.monotonic() + timeout
    while (
        DeclarationPdf.objects.filter(status=DeclarationPdf.Status.PENDING).exists()
        or OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING).exists()
    ):
        if time.monotonic() > deadline:
            raise RuntimeError("the worker did not finish the seeded PDFs and mails in time")
        time.sleep(0.5)


def _take_snapshot() -> None:
    with owner_connection() as owner, owner.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT} CASCADE")
        cursor.execute(f"CREATE SCHEMA {SNAPSHOT}")
        for table in _django_tables():
            cursor.execute(f'CREATE TABLE {SNAPSHOT}."{table}" AS TABLE "{table}"')


def _restore_snapshot() -> None:
    """Put the seeded portal back in a few statements (instead of seeding again per journey),
    as the owner role: only it may skip triggers."""
    _test_database_only()
    tables = _django_tables()
    with owner_connection() as owner, owner.cursor() as cursor:
        # Replica mode skips triggers (foreign keys, the audit log's refusals) while copying.
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute("TRUNCATE " + ", ".join(f'"{table}"' for table in tables))
            for table in tables:
                cursor.execute(f'INSERT INTO "{table}" SELECT * FROM {SNAPSHOT}."{table}"')
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture(scope="session")
def portal(django_db_setup, django_db_blocker, celery_worker, browser_runtime) -> Iterator[dict]:
    """The live portal with demo data, tasks handed to the real worker, mails written to files.

    Seeded once per session and kept as a snapshot that every journey starts from (see
    ``portal_db``). At the end the database is left as the migrations left it, for tests that
    run later and for a reused test database.
    """
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    from pact.celery import app

    server = LiveServer(os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"))
    overrides = override_settings(
        CELERY_TASK_ALWAYS_EAGER=False,
        EMAIL_BACKEND="pact.kernel.outbox.files.EmailBackend",
        EMAIL_FILE_PATH=str(browser_runtime["mail"]),
        MEDIA_ROOT=browser_runtime["media"],
        SITE_URL=server.url,
    )
    overrides.enable()
    server._live_server_modified_settings.enable()
    previous_eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with django_db_blocker.unblock():
            _reset_database()
            call_command("seed_demo", verbosity=0)
            _wait_for_worker()
            _take_snapshot()
        yield {"url": server.url, "mail": browser_runtime["mail"], "worker": celery_worker}
    finally:
        server.stop()
        app.conf.task_always_eager = previous_eager
        server._live_server_modified_settings.disable()
        overrides.disable()
        with django_db_blocker.unblock():
            with owner_connection() as owner, owner.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT} CASCADE")
            _reset_database()


@pytest.fixture
def portal_db(portal, transactional_db) -> Iterator[dict]:
    """Each journey starts from the seeded snapshot; pytest-django empties the tables after it."""
    _restore_snapshot()
    _audit_truncation(allowed=False)
    yield portal
    _audit_truncation(allowed=True)


def _console_problem(page: Page, message, problems: list[str]) -> None:
    # Failed loads are judged by _response_problem: a form page answering 400 is correct.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        problems.append(f"{page.url}: console {message.type}: {message.text}")


def _response_problem(response, problems: list[str]) -> None:
    """A server error anywhere, or a missing script, style, image or htmx fragment."""
    status = response.status
    if status >= 500 or (status >= 400 and response.request.resource_type != "document"):
        problems.append(f"{response.request.method} {response.url} answered {status}")


@pytest.fixture
def open_page(chromium, portal_db) -> Iterator[Callable[[], Page]]:
    """Open a page in a fresh browser context (one per person in a journey).

    Script errors and Content-Security-Policy refusals reported by any of them fail the test,
    even when the page still works.
    """
    contexts: list = []
    problems: list[str] = []

    def _open() -> Page:
        context = chromium.new_context(
            base_url=portal_db["url"],
            viewport={"width": 1280, "height": 900},
            locale="en-GB",
            accept_downloads=True,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: _console_problem(page, message, problems))
        page.on("pageerror", lambda error: problems.append(f"{page.url}: script error: {error}"))
        page.on("response", lambda response: _response_problem(response, problems))
        return page

    yield _open
    for context in contexts:
        context.close()
    assert not problems, "The browser reported errors:\n" + "\n".join(problems)


@pytest.fixture
def page(open_page) -> Page:
    return open_page()


@pytest.fixture
def journey(request, page) -> Journey:
    """A Journey named after the test (``test_it_lets_a_visitor_...`` -> ``lets-a-visitor-...``)."""
    name = request.node.name.removeprefix("test_it_").replace("_", "-")
    return Journey(name=name, page=page)


@pytest.fixture
def keyboard(page) -> Keyboard:
    return Keyboard(page)
