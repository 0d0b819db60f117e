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

The same trigger functions move the versions of the scopes the row belongs to (``scopes``: its
partnership, the directory, the figures..., or ``global`` for a table not classified), which the
pages and figures that declare scopes key on instead of this one number.

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

from pact.kernel.cache import scopes, single_flight

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
        # Staff monitoring's totals: they change only with the reports and duties they count.
        "commitments_cycleorganisationstatus",
        "commitments_cyclepartnershipstatus",
        "commitments_cyclestatustotal",
        "commitments_dutytotal",
        "commitments_exportjob",
        "commitments_reminderdispatch",
        "commitments_reportimport",
        # Summaries change only with the reports and dimensions they sum, which bump already.
        "commitments_resultrollup",
        "commitments_resulttotal",
        "commitments_targettotal",
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
        # Asking to join is between the organisation and the coordinator; accepting one adds a
        # membership, which is what a page may show.
        "partnerships_joinrequest",
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
        "survey_surveytotal",  # summary: changes only with the answers and responses it sums
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
    # Signing in writes last_login; that is nobody else's business. A person signing up appears
    # nowhere until a membership or signature names them (those rows move the version).
    "pact_user": [
        # A new account is nobody else's business, unless it supports the Pact (the home page
        # counts the supporters).
        ("INSERT", "NEW.is_supporter"),
        (
            "UPDATE",
            "(to_jsonb(OLD) - 'last_login') IS DISTINCT FROM (to_jsonb(NEW) - 'last_login')",
        ),
        ("DELETE", "true"),
    ],
}

# A declaration version is public once approved (then superseded); drafts saved every few
# seconds and versions in review are nobody else's business. (A superset of
# DeclarationVersion.objects.public(), which also asks for a public partnership.)
_PUBLISHED = "('approved', 'superseded')"
CONDITIONS["partnerships_declarationversion"] = [
    ("INSERT", f"NEW.status IN {_PUBLISHED}"),
    ("UPDATE", f"OLD.status IN {_PUBLISHED} OR NEW.status IN {_PUBLISHED}"),
    ("DELETE", f"OLD.status IN {_PUBLISHED}"),
]
# A PDF matters to visitors when it becomes ready (or fails); its progress ticks do not.
CONDITIONS["partnerships_declarationpdf"] = [
    ("INSERT", "NOT NEW.draft"),
    ("UPDATE", "NOT NEW.draft AND OLD.status IS DISTINCT FROM NEW.status"),
    ("DELETE", "NOT OLD.draft"),
]
# An organisation signing up (applied) is not public; any change of an existing one may be
# (a pledge's reports keep counting whatever its later status, under its name and country).
CONDITIONS["members_organisation"] = [
    ("INSERT", "NEW.status = 'active'"),
    ("UPDATE", "true"),
    ("DELETE", "true"),
]

# Rows public only through another row's state: a guard (SQL over ``{row}``, NEW or OLD) the
# trigger function evaluates, as a WHEN clause may not read another table. The commitments,
# targets and signatures of a draft declaration (its autosave) move nothing.
_OF_PUBLIC_COMMITMENT = (
    "EXISTS (SELECT 1 FROM commitments_commitment c"
    " LEFT JOIN partnerships_declarationversion v ON v.id = c.declaration_version_id"
    " WHERE c.id = {row}.commitment_id AND (c.declaration_version_id IS NULL OR c.is_current"
    " OR v.status IN ('approved', 'superseded')))"
)
GUARDS: dict[str, str] = {
    "commitments_commitment": (
        "{row}.declaration_version_id IS NULL OR {row}.is_current OR EXISTS (SELECT 1 FROM"
        " partnerships_declarationversion v WHERE v.id = {row}.declaration_version_id"
        " AND v.status IN ('approved', 'superseded'))"
    ),
    "commitments_target": _OF_PUBLIC_COMMITMENT,
    "commitments_commitment_responsible_organisations": _OF_PUBLIC_COMMITMENT,
    "partnerships_signature": (
        "EXISTS (SELECT 1 FROM partnerships_declarationversion v WHERE v.id = {row}.version_id"
        " AND v.status IN ('approved', 'superseded'))"
    ),
}

ALL_EVENTS = [("INSERT OR UPDATE OR DELETE", "true")]


def triggered_tables(using: str = "default") -> list[str]:
    """The tables that get the triggers: all of the database's tables but the excluded ones."""
    with connections[using].cursor() as cursor:
        tables = connections[using].introspection.table_names(cursor)
    return sorted(t for t in tables if t not in EXCLUDED_TABLES)


def _table_function(table: str) -> tuple[str, str]:
    """The name and definition of ``table``'s bump function: the data version, and the versions
    of the scopes the row (new and old) belongs to (``scopes.SCOPES``; else ``global``), when the
    row passes the table's guard (``GUARDS``)."""
    guard = GUARDS.get(table, "true")
    name = f"pact_bump_dv_{table}"[:63]
    # At commit the scopes noted by the statements move again, without looking the rows' owners
    # up a second time.
    definition = (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "DECLARE moved boolean := false; touched text[] := ARRAY[]::text[]; "
        "now boolean := TG_NAME NOT LIKE 'pact_dv_commit_%'; BEGIN "
        f"IF TG_OP <> 'DELETE' AND ({guard.format(row='NEW')}) THEN moved := true; "
        f"IF now THEN touched := touched || ({scopes.row_scopes(table, 'NEW')}); END IF; "
        "END IF; "
        f"IF TG_OP <> 'INSERT' AND ({guard.format(row='OLD')}) THEN moved := true; "
        f"IF now THEN touched := touched || ({scopes.row_scopes(table, 'OLD')}); END IF; "
        "END IF; "
        f"IF moved THEN PERFORM nextval('{SEQUENCE}'); END IF; "
        "IF NOT now THEN PERFORM pact_bump_noted_scopes(); "
        "ELSIF moved THEN PERFORM pact_bump_scopes(touched); END IF; "
        "RETURN NULL; END $$"
    )
    return name, definition


def _statements(table: str) -> list[str]:
    quoted = connection.ops.quote_name(table)
    function, definition = _table_function(table)
    statements = [definition]
    statements.append(f"DROP TRIGGER IF EXISTS pact_dv_truncate ON {quoted}")
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
                f"FOR EACH ROW WHEN ({condition}) EXECUTE FUNCTION {function}()"
            )
    # Triggers of conditions since removed (a table's list grew shorter) go too.
    for index in range(len(CONDITIONS.get(table, ALL_EVENTS)), 4):
        for when in ("now", "commit"):
            statements.append(f"DROP TRIGGER IF EXISTS pact_dv_{when}_{index} ON {quoted}")
    return statements


def _removed(table: str) -> list[str]:
    quoted = connection.ops.quote_name(table)
    names = ["pact_dv_truncate"] + [
        f"pact_dv_{when}_{index}" for index in range(4) for when in ("now", "commit")
    ]
    return [f"DROP TRIGGER IF EXISTS {name} ON {quoted}" for name in names]


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
        for statement in scopes.install_statements():
            cursor.execute(statement)
        # A TRUNCATE has no rows to classify: everything is stale (the ``global`` scope too).
        for sequence, function, also in (
            (SEQUENCE, FUNCTION, f"PERFORM nextval('{scopes.sequence_of('global')}'); "),
            (REPORTING_SEQUENCE, REPORTING_FUNCTION, ""),
        ):
            cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {sequence} START WITH {start}")
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN PERFORM nextval('{sequence}'); {also}RETURN NULL; END $$"
            )
        tables = triggered_tables(using)
        # A table excluded since the last install loses its triggers.
        for table in EXCLUDED_TABLES & set(db.introspection.table_names(cursor)):
            for statement in _removed(table):
                cursor.execute(statement)
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


def remembered(
    name: str,
    compute: Callable[[], T],
    *,
    reporting: bool = False,
    scope: tuple[str, ...] | None = None,
) -> T:
    """``compute()``, kept in Redis until the data it reads changes.

    For figures that sum much of the database (the Pact-wide results, staff monitoring) and
    are asked for by signed-in people too, whom the page cache does not serve. ``name`` must
    say everything the figures depend on besides the data (a cycle, a year, a filter).
    ``scope``: the parts of the portal the figures read (``scopes``, e.g. ``("figures",)``):
    only a change there (or to an unclassified table) makes them out of date; without it any
    public change does. With ``reporting``, any change of a progress report (drafts included)
    makes them out of date too.
    Many asking at once after a change: one computes, the others get the figures from before it
    or wait briefly (``single_flight``). Redis down, or ``REMEMBERED_FIGURES_ENABLED`` off:
    computed every time.
    """
    if not settings.REMEMBERED_FIGURES_ENABLED:  # the benchmark measures the work itself
        return compute()
    if scope is not None:
        names = [scopes.sequence_of("global"), *map(scopes.sequence_of, scope)]
        if reporting:
            names.append(REPORTING_SEQUENCE)
        read = scopes.read(names)
        versions: tuple[int, ...] = tuple(read[n] for n in dict.fromkeys(names))
    else:
        versions = current_with_reporting() if reporting else (current(),)
    prefix = f"figures:{settings.PAGE_CACHE_KEY_PREFIX}{name}"
    # Computed once when many ask at once; meanwhile the others get the figures from before the
    # change (single_flight). A tuple, so that a None result is stored too.
    found, _state = single_flight.fetch(
        f"{prefix}:{':'.join(map(str, versions))}",
        lambda: (compute(),),
        previous=f"{prefix}:latest",
    )
    return found[0]
