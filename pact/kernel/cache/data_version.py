"""A number that changes whenever data a visitor could see changes: the public data version.

PostgreSQL keeps it, so no write can forget it: every table whose rows can reach a public page
(directory, partnership pages, results, open data, anonymous API) carries row triggers that draw
a new value from the sequence ``pact_public_data_version``. The page cache (``page_cache``)
puts this number into its keys, so a change makes every stored page unreachable at once.

Two triggers per table, for two reasons:

- one fires at the end of the statement, so the writing transaction itself (and a test, which
  never commits) sees the new version at once;
- one fires at commit, so a page rendered from the data *before* the commit, by a visitor who
  already read the first new value, is stored under a version nobody asks for again.

A sequence, not a counter row: ``nextval`` takes no row lock, so hundreds of writers on a
deadline day never queue behind each other, and a rolled-back transaction never hands the same
value to someone else.

Every table is covered unless ``EXCLUDED_TABLES`` names it (rows no public page shows); a test
checks that each table is either triggered or excluded, so a new table is covered by default.
The triggers are (re)installed after each ``migrate`` (``install``, connected in ``PactConfig``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import connection, connections

from pact.kernel.cache.breaker import cache_get, cache_set  # one breaker for Redis being down

T = TypeVar("T")

SEQUENCE = "pact_public_data_version"
FUNCTION = "pact_bump_public_data_version"
# Every change of a progress report, whatever its state: what staff monitoring counts.
REPORTING_SEQUENCE = "pact_reporting_data_version"
REPORTING_FUNCTION = "pact_bump_reporting_data_version"
REPORTING_TABLE = "commitments_progressreport"

# Tables whose rows never appear on a page served to an anonymous visitor.
EXCLUDED_TABLES = frozenset(
    {
        "account_emailaddress",
        "account_emailconfirmation",
        "auth_group",
        "auth_group_permissions",
        "auth_permission",
        "commitments_cycleextension",
        "commitments_exportjob",
        "commitments_reminderdispatch",
        "commitments_reportimport",
        "communications_newsletter",
        "communications_newsletter_news_items",
        "communications_newsletterdelivery",
        "communications_newslettersubscription",
        "communications_notification",
        "communications_notificationpreference",
        "django_admin_log",
        "django_content_type",
        "django_migrations",
        "django_session",
        "members_memberimport",
        "members_organisationinvitation",
        "mfa_authenticator",
        "pact_apitoken",
        "pact_auditentry",
        "pact_idempotentrequest",
        "pact_outboundemail",
        "pact_user_groups",
        "pact_user_user_permissions",
        "partnerships_internalnote",
        "partnerships_partnershipinvitation",
        "partnerships_reviewcomment",
        "socialaccount_socialaccount",
        "socialaccount_socialapp",
        "socialaccount_socialtoken",
        "support_agreementsurvey",
        "support_callbookmark",
        "support_contactrequest",
        # Public only through its response: answers change while the response is a draft, and
        # validating the response (a row change there) is what makes them public.
        "survey_surveyanswer",
        "survey_surveyextension",
        "survey_surveyimport",
        "survey_surveyreminder",
    }
)

# Tables whose rows reach the public only in some states: (event, condition) pairs.
CONDITIONS: dict[str, list[tuple[str, str]]] = {
    # Only validated reports are public or counted (ProgressReport.objects.public() and counted(),
    # tests/access/test_public.py checks these conditions agree with them): a deadline
    # day of drafts and submissions leaves the public pages' cache alone.
    "commitments_progressreport": [
        ("INSERT", "NEW.status = 'validated'"),
        ("UPDATE", "OLD.status = 'validated' OR NEW.status = 'validated'"),
        ("DELETE", "OLD.status = 'validated'"),
    ],
    # Survey responses likewise: only validated ones count in the published totals.
    "survey_surveyresponse": [
        ("INSERT", "NEW.status = 'validated'"),
        ("UPDATE", "OLD.status = 'validated' OR NEW.status = 'validated'"),
        ("DELETE", "OLD.status = 'validated'"),
    ],
    # Signing in writes last_login; that is nobody else's business.
    "pact_user": [
        ("INSERT", "true"),
        (
            "UPDATE",
            "(to_jsonb(OLD) - 'last_login') IS DISTINCT FROM (to_jsonb(NEW) - 'last_login')",
        ),
        ("DELETE", "true"),
    ],
}

ALL_EVENTS = [("INSERT OR UPDATE OR DELETE", "true")]


def triggered_tables(using: str = "default") -> list[str]:
    """The tables that get the triggers: all of the database's tables but the excluded ones."""
    with connections[using].cursor() as cursor:
        tables = connections[using].introspection.table_names(cursor)
    return sorted(t for t in tables if t not in EXCLUDED_TABLES)


def _statements(table: str) -> list[str]:
    quoted = connection.ops.quote_name(table)
    statements = [f"DROP TRIGGER IF EXISTS pact_dv_truncate ON {quoted}"]
    statements.append(
        f"CREATE TRIGGER pact_dv_truncate AFTER TRUNCATE ON {quoted} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
    )
    for index, (event, condition) in enumerate(CONDITIONS.get(table, ALL_EVENTS)):
        for when, timing in (
            ("now", "NOT DEFERRABLE"),
            ("commit", "DEFERRABLE INITIALLY DEFERRED"),
        ):
            name = f"pact_dv_{when}_{index}"
            statements.append(f"DROP TRIGGER IF EXISTS {name} ON {quoted}")
            statements.append(
                f"CREATE CONSTRAINT TRIGGER {name} AFTER {event} ON {quoted} {timing} "
                f"FOR EACH ROW WHEN ({condition}) EXECUTE FUNCTION {FUNCTION}()"
            )
    return statements


def _reporting_statements() -> list[str]:
    quoted = connection.ops.quote_name(REPORTING_TABLE)
    statements = []
    for when, timing in (("now", "NOT DEFERRABLE"), ("commit", "DEFERRABLE INITIALLY DEFERRED")):
        name = f"pact_rv_{when}"
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {quoted}")
        statements.append(
            f"CREATE CONSTRAINT TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {quoted} "
            f"{timing} FOR EACH ROW EXECUTE FUNCTION {REPORTING_FUNCTION}()"
        )
    return statements


def install(using: str = "default", **kwargs: object) -> None:
    """Create the sequences and functions, and put the triggers on every table not excluded."""
    db = connections[using]
    if db.vendor != "postgresql":
        return
    with db.cursor() as cursor:
        # Starting from the clock: a database created again (tests, a fresh machine) never hands
        # out a version that pages of the previous one may still be stored under.
        start = int(time.time() * 1000)
        for sequence, function in ((SEQUENCE, FUNCTION), (REPORTING_SEQUENCE, REPORTING_FUNCTION)):
            cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {sequence} START WITH {start}")
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN PERFORM nextval('{sequence}'); RETURN NULL; END $$"
            )
        tables = triggered_tables(using)
        for table in tables:
            for statement in _statements(table):
                cursor.execute(statement)
        if REPORTING_TABLE in tables:
            for statement in _reporting_statements():
                cursor.execute(statement)


def current(using: str = "default") -> int:
    """The version now (reading a sequence takes no lock and sees other sessions' draws)."""
    with connections[using].cursor() as cursor:
        # Until its first draw a sequence shows its start with is_called false: count the draw.
        cursor.execute(f"SELECT last_value + is_called::int FROM {SEQUENCE}")  # noqa: S608
        return int(cursor.fetchone()[0])


def current_with_reporting(using: str = "default") -> tuple[int, int]:
    """The public version and the version of all progress reports, in one query."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT last_value + is_called::int FROM {SEQUENCE}), "  # noqa: S608
            f"(SELECT last_value + is_called::int FROM {REPORTING_SEQUENCE})"
        )
        public, reporting = cursor.fetchone()
        return int(public), int(reporting)


def remembered(name: str, compute: Callable[[], T], *, reporting: bool = False) -> T:
    """``compute()``, kept in Redis until the data it reads changes.

    For figures that sum much of the database (the Pact-wide results, staff monitoring) and
    are asked for by signed-in people too, whom the page cache does not serve. ``name`` must
    say everything the figures depend on besides the data (a cycle, a year, a filter). With
    ``reporting``, any change of a progress report (drafts included) makes them out of date too.
    Redis down, or ``REMEMBERED_FIGURES_ENABLED`` off (the benchmark): computed every time.
    """
    if not settings.REMEMBERED_FIGURES_ENABLED:
        return compute()
    versions = current_with_reporting() if reporting else (current(),)
    key = f"figures:{settings.PAGE_CACHE_KEY_PREFIX}{name}:{':'.join(map(str, versions))}"
    found = cache_get(key)
    if found is not None:
        return found[0]
    value = compute()
    cache_set(key, (value,))  # nothing lost if Redis refuses: computed again next time
    return value
