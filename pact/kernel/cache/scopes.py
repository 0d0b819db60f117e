"""Versions per part of the portal (scopes), so a change makes stale only the pages showing it.

The public data version (``data_version``) moves with every public change, so a new supporter or
one validated report made every stored page unreachable. Here each public table's triggers also
move the versions of the *scopes* its row belongs to, and a stored page or remembered figure
keys on the scopes it shows:

- ``partnership:<slug>``: a partnership's page (its row, declaration versions, commitments,
  targets, validated reports, members, news, events, resources; its parent's and children's);
- ``organisation:<slug>``: an organisation's profile;
- ``directory``: what the partnership and member directories and the map list or count;
- ``figures``: what the results and headline figures sum (reports, commitments, surveys);
- ``supporters`` (the home page's count) and ``news`` (news, events and resources);
- ``global``: every change of a table not classified in ``SCOPES`` (and a row whose owner is not
  found), and every page with scopes keys on it too, so correctness never depends on the
  classification being complete: an unclassified table only makes more pages stale.

Each scope is a PostgreSQL sequence moved by the same two triggers per table as the data version
(at the end of the statement and at commit, see ``data_version``): ``nextval`` takes no row lock,
so fifty writers a second never queue behind each other or deadlock on a hot counter row, which
per-scope rows updated in the writer's transaction would (a row lock held to commit, taken in
whatever order the statements come). Partnerships and organisations share ``BUCKETS`` sequences
each, by a hash of the scope: a change to one partnership makes stale its own page and those of
the few partnerships in its bucket (1 in 128), never the others.

Reading the versions a page needs is one query over a few sequences (``versions``).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable

from django.conf import settings
from django.db import DatabaseError, connections

PREFIX = "pact_sv_"
NOTED = "pact.noted_scopes"  # a transaction's setting: the sequences to move again at commit
NAMED = ("global", "directory", "figures", "supporters", "news")
BUCKETED = ("partnership", "organisation")
BUCKETS = 128


def sequence_of(scope: str) -> str:
    """The sequence that holds ``scope``'s version (as ``pact_scope_sequence`` in SQL)."""
    if scope in NAMED:
        return f"{PREFIX}{scope}"
    kind, _sep, key = scope.partition(":")
    if kind in BUCKETED and key:
        bucket = int(hashlib.md5(scope.encode()).hexdigest()[:7], 16) % BUCKETS  # noqa: S324
        return f"{PREFIX}{kind}_{bucket}"
    raise ValueError(f"unknown cache scope {scope!r}: one of {NAMED} or partnership:/organisation:")


def sequences() -> list[str]:
    return [f"{PREFIX}{name}" for name in NAMED] + [
        f"{PREFIX}{kind}_{n}" for kind in BUCKETED for n in range(BUCKETS)
    ]


def _array(values: Iterable[str]) -> str:
    return "ARRAY[" + ", ".join(f"'{v}'" for v in values) + "]::text[]"


# The scopes of a row: a text[] over ``{row}`` (NEW or OLD), evaluated in the trigger function.
# Lookups of a row's owner fall back to 'global' when the owner is not found.
_PARTNERSHIP = "pact_partnership_scopes({row}.partnership_id)"
_ORGANISATION = "pact_organisation_scopes({row}.organisation_id)"
# Columns that no results page, headline or breakdown shows: changing only these leaves the
# figures alone (a new column counts, so a forgotten one only makes the figures stale).
_PARTNERSHIP_TEXT = (
    "summary",
    "summary_language",
    "summary_translations",
    "website",
    "looking_for_members",
    "looking_for",
    "member_count",
    "search_vector",
    "lock_version",
    "stage",
    "stage_since",
    "launched_on",
)
_ORGANISATION_TEXT = (
    "website",
    "description",
    "logo",
    "contact_name",
    "contact_email",
    "decision_reason",
    "decided_at",
    "applied_at",
    "charter_version",
    "charter_accepted_at",
    "charter_accepted_by_id",
    "charter_principles",
    "charter_channel",
    "search_vector",
    "updated_at",
    "lock_version",
    "preferred_language",
    "status_changed_at",
    "status_reason",
)


_USER_PRIVATE = ("password", "language", "last_login")


def _figures_unless_only(columns: tuple[str, ...]) -> str:
    kept = _array(columns)
    return (
        "CASE WHEN TG_OP <> 'UPDATE' OR (to_jsonb(OLD) - "
        f"{kept}) IS DISTINCT FROM (to_jsonb(NEW) - {kept}) "
        "THEN ARRAY['figures'] ELSE ARRAY[]::text[] END"
    )


SCOPES: dict[str, str] = {
    # Its page, its parent's and its children's (each lists the other), the directory.
    "partnerships_partnership": (
        "ARRAY['partnership:' || {row}.slug, 'directory']"
        " || pact_partnership_scopes({row}.parent_id) || pact_children_scopes({row}.id) || "
        + _figures_unless_only(_PARTNERSHIP_TEXT)
    ),
    "partnerships_partnership_regions": f"{_PARTNERSHIP} || ARRAY['directory']",
    "partnerships_partnershipmembership": f"{_PARTNERSHIP} || {_ORGANISATION} || ARRAY['directory']",
    "partnerships_declarationversion": f"{_PARTNERSHIP} || ARRAY['directory', 'figures']",
    "partnerships_declarationtranslation": "pact_version_scopes({row}.version_id)",
    "partnerships_declarationpdf": "pact_version_scopes({row}.version_id)",
    "partnerships_signature": f"pact_version_scopes({{row}}.version_id) || {_ORGANISATION}",
    "partnerships_stagechange": f"{_PARTNERSHIP} || ARRAY['directory']",
    "partnerships_coordinatorvacancy": _PARTNERSHIP,
    "commitments_commitment": (
        f"{_PARTNERSHIP} || {_ORGANISATION} || ARRAY['directory', 'figures']"
    ),
    "commitments_commitment_responsible_organisations": (
        f"pact_commitment_scopes({{row}}.commitment_id) || {_ORGANISATION}"
        " || ARRAY['directory', 'figures']"
    ),
    "commitments_target": (
        "pact_commitment_scopes({row}.commitment_id) || ARRAY['directory', 'figures']"
    ),
    # Validated reports only (the data version's conditions): their partnership's page (progress),
    # the reporting organisation's profile and the figures; not the directories.
    "commitments_progressreport": (
        f"pact_target_scopes({{row}}.target_id) || {_ORGANISATION} || ARRAY['figures']"
    ),
    # What the API's lists count: changes only with the rows above, which move their scopes.
    "commitments_publiccount": "ARRAY['figures']",
    "members_organisation": (
        "ARRAY['organisation:' || {row}.slug, 'directory']"
        # A new organisation is on no partnership's page yet (nothing refers to it).
        " || CASE WHEN TG_OP = 'INSERT' THEN ARRAY[]::text[]"
        " ELSE pact_partnerships_of_organisation({row}.id) END || "
        + _figures_unless_only(_ORGANISATION_TEXT)
    ),
    "members_organisationmembership": _ORGANISATION,
    "communications_newsitem": f"{_PARTNERSHIP} || ARRAY['news']",
    "communications_newsitem_related_partnerships": (
        f"{_PARTNERSHIP} || pact_news_scopes({{row}}.newsitem_id)"
    ),
    "communications_newstranslation": "pact_news_scopes({row}.item_id)",
    "support_event": f"{_PARTNERSHIP} || ARRAY['news']",
    "support_resource": f"{_PARTNERSHIP} || ARRAY['news']",
    # A new supporter is counted on the home page; a password or interface language changed is
    # nobody else's business; any other change of a person: everywhere.
    "pact_user": (
        "CASE WHEN TG_OP = 'INSERT' OR OLD.is_supporter IS DISTINCT FROM NEW.is_supporter"
        " THEN ARRAY['supporters'] WHEN TG_OP = 'UPDATE' AND (to_jsonb(OLD) - "
        f"{_array(_USER_PRIVATE)}) = (to_jsonb(NEW) - {_array(_USER_PRIVATE)})"
        " THEN ARRAY[]::text[] ELSE ARRAY['global'] END"
    ),
    "survey_survey": "ARRAY['figures']",
    "survey_surveyquestion": "ARRAY['figures']",
    "survey_publishedtotal": "ARRAY['figures']",
    "survey_surveyresponse": f"{_ORGANISATION} || ARRAY['figures']",
}


def _owner_function(name: str, arg: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}({arg} bigint) RETURNS text[] LANGUAGE plpgsql "
        f"STABLE AS $$ BEGIN IF {arg} IS NULL THEN RETURN ARRAY[]::text[]; END IF; "
        f"RETURN coalesce(({body}), ARRAY['global']); END $$"
    )


def _buckets(kind: str) -> str:
    return f"'{PREFIX}{kind}_' || (('x' || substr(md5(s), 1, 7))::bit(28)::int % {BUCKETS})"


_COMMITMENT_OWNERS = "ARRAY['partnership:' || p.slug, 'organisation:' || o.slug]"
_OWNER_JOINS = (
    "LEFT JOIN partnerships_partnership p ON p.id = c.partnership_id "
    "LEFT JOIN members_organisation o ON o.id = c.organisation_id"
)


_NAMED = ", ".join(f"'{n}'" for n in NAMED)
# The sequence of the scope ``s`` in SQL, as ``sequence_of``.
_SEQUENCE_OF = (
    f"CASE WHEN s IN ({_NAMED}) THEN '{PREFIX}' || s "
    f"WHEN s LIKE 'partnership:_%' THEN {_buckets('partnership')} "
    f"WHEN s LIKE 'organisation:_%' THEN {_buckets('organisation')} "
    f"ELSE '{PREFIX}global' END"
)


def install_statements() -> list[str]:
    """The sequences and the SQL functions the tables' trigger functions call. plpgsql, so that
    they may name tables a partial migration has not created yet (resolved when they run)."""
    start = int(time.time() * 1000)
    statements = [
        f"CREATE SEQUENCE IF NOT EXISTS {name} START WITH {start}" for name in sequences()
    ]
    statements += [
        "CREATE OR REPLACE FUNCTION pact_scope_sequence(s text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE AS $$ SELECT {_SEQUENCE_OF} $$",
        # Moves the scopes' sequences now and notes them for the bump at commit (at most a few
        # hundred names, however many rows the transaction writes).
        "CREATE OR REPLACE FUNCTION pact_bump_scopes(scopes text[]) RETURNS void "
        "LANGUAGE plpgsql AS $$ DECLARE s text; seq text; added boolean := false; "
        f"noted text := coalesce(current_setting('{NOTED}', true), ''); BEGIN "
        "FOREACH s IN ARRAY scopes LOOP CONTINUE WHEN s IS NULL; "
        f"seq := {_SEQUENCE_OF}; PERFORM nextval(seq::regclass); "
        "IF strpos(noted, ' ' || seq || ' ') = 0 THEN noted := noted || ' ' || seq || ' '; "
        "added := true; END IF; END LOOP; "
        f"IF added THEN PERFORM set_config('{NOTED}', noted, true); END IF; END $$",
        # At commit (the first deferred trigger to fire): the noted sequences move once more.
        "CREATE OR REPLACE FUNCTION pact_bump_noted_scopes() RETURNS void "  # noqa: S608
        "LANGUAGE plpgsql AS $$ DECLARE seq text; "
        f"noted text := coalesce(current_setting('{NOTED}', true), ''); BEGIN "
        "IF noted = '' THEN RETURN; END IF; "
        "FOR seq IN SELECT DISTINCT x FROM unnest(string_to_array(noted, ' ')) AS x "
        "WHERE x <> '' LOOP PERFORM nextval(seq::regclass); END LOOP; "
        f"PERFORM set_config('{NOTED}', '', true); END $$",
        _owner_function(
            "pact_partnership_scopes",
            "pid",
            "SELECT ARRAY['partnership:' || slug] FROM partnerships_partnership WHERE id = pid",
        ),
        _owner_function(
            "pact_organisation_scopes",
            "oid",
            "SELECT ARRAY['organisation:' || slug] FROM members_organisation WHERE id = oid",
        ),
        _owner_function(
            "pact_commitment_scopes",
            "cid",
            f"SELECT {_COMMITMENT_OWNERS} FROM commitments_commitment c {_OWNER_JOINS} "  # noqa: S608
            "WHERE c.id = cid",
        ),
        # One query per report: validated reports may come by the thousand in one statement.
        _owner_function(
            "pact_target_scopes",
            "tid",
            f"SELECT {_COMMITMENT_OWNERS} FROM commitments_target t JOIN commitments_commitment c"  # noqa: S608
            f" ON c.id = t.commitment_id {_OWNER_JOINS} WHERE t.id = tid",
        ),
        _owner_function(
            "pact_children_scopes",
            "pid",
            "SELECT ARRAY(SELECT 'partnership:' || slug FROM partnerships_partnership"
            " WHERE parent_id = pid)",
        ),
        _owner_function(
            "pact_version_scopes",
            "vid",
            "SELECT pact_partnership_scopes(partnership_id) FROM partnerships_declarationversion"
            " WHERE id = vid",
        ),
        _owner_function(
            "pact_news_scopes",
            "nid",
            "SELECT pact_partnership_scopes(partnership_id) || ARRAY['news'] || ARRAY(SELECT "
            "'partnership:' || p.slug FROM communications_newsitem_related_partnerships r "
            "JOIN partnerships_partnership p ON p.id = r.partnership_id WHERE r.newsitem_id = nid)"
            " FROM communications_newsitem WHERE id = nid",
        ),
        # Every partnership page that may name the organisation: as coordinator, member,
        # signatory, responsible for a commitment, or stakeholder (each an indexed lookup).
        _owner_function(
            "pact_partnerships_of_organisation",
            "oid",
            "SELECT ARRAY(SELECT 'partnership:' || p.slug FROM partnerships_partnership p "
            "WHERE p.id IN (SELECT id FROM partnerships_partnership WHERE coordinator_id = oid "
            "UNION SELECT partnership_id FROM partnerships_partnershipmembership "
            "WHERE organisation_id = oid "
            "UNION SELECT v.partnership_id FROM partnerships_signature s JOIN "
            "partnerships_declarationversion v ON v.id = s.version_id WHERE s.organisation_id = oid "
            "UNION SELECT c.partnership_id FROM commitments_commitment c WHERE c.organisation_id = oid "
            "UNION SELECT c.partnership_id FROM commitments_commitment_responsible_organisations r "
            "JOIN commitments_commitment c ON c.id = r.commitment_id WHERE r.organisation_id = oid "
            "UNION SELECT partnership_id FROM support_stakeholder WHERE organisation_id = oid))",
        ),
    ]
    return statements


def row_scopes(table: str, row: str) -> str:
    """The SQL text[] of the scopes ``row`` (NEW or OLD) of ``table`` moves."""
    expression = SCOPES.get(table)
    return expression.format(row=row) if expression else "ARRAY['global']"


def read(names: Iterable[str], using: str = "default") -> dict[str, int]:
    """The current value of each sequence in ``names``, in one query."""
    names = list(dict.fromkeys(names))
    if not names:
        return {}
    columns = ", ".join(
        f"(SELECT last_value + is_called::int FROM {name})"  # noqa: S608 (our own names)
        for name in names
    )
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        row = cursor.fetchone()
    return {name: int(value) for name, value in zip(names, row, strict=True)}


class Versions:
    """Sequence values read from PostgreSQL at most every ``PAGE_CACHE_VERSION_TTL`` seconds per
    process (each page's few in one query)."""

    def __init__(self) -> None:
        self.values: dict[str, tuple[int, float]] = {}

    def key(self, names: list[str]) -> str | None:
        ttl = settings.PAGE_CACHE_VERSION_TTL
        now = time.monotonic()
        stale = [n for n in names if n not in self.values or now - self.values[n][1] >= ttl]
        if stale:
            try:
                fresh = read(stale)
            except DatabaseError:  # PostgreSQL is down: the view answers 503 itself
                return None
            for name, value in fresh.items():
                self.values[name] = (value, now)
        return ".".join(str(self.values[n][0]) for n in dict.fromkeys(names))
