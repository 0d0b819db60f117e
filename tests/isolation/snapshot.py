"""A cheap fingerprint of the database, to show that a refused request changed nothing.

``fingerprint()`` returns, for every table of the schema, the number of its rows and a sum of a
hash of each row (order does not matter, so nothing is sorted): two fingerprints differ exactly
where some row was added, removed or changed (up to a 64-bit hash collision). Left out, because
a refused request may rightly write them: the sessions (``django_session``), the outbox
(``pact_outboundemail``) and the audit log (``pact_auditentry``). Sequences are not tables and
are not looked at (a rolled-back insert still moves one on).

Hashing every table takes a few milliseconds, mostly for the NUTS regions, and the write matrix
makes about a thousand requests; so ``Watch`` takes the whole fingerprint once, and for each
request reads PostgreSQL's per-transaction counters of inserted, updated and deleted rows
(``pg_stat_xact_user_tables``, kept in the backend's memory) before and after it, and hashes again
only the tables it wrote to. A table no row of which was written cannot have changed; a table that
was written (even in a savepoint that was then rolled back, or with the same values) is compared
by its rows, so "unchanged" means the rows are the same, not that nothing was attempted.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

IGNORED_TABLES = frozenset({"django_session", "pact_outboundemail", "pact_auditentry"})

_tables: list[str] | None = None


def tables() -> list[str]:
    """Every ordinary table of the current schema but the ignored ones."""
    global _tables
    if _tables is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY c.relname"
            )
            _tables = [row[0] for row in cursor.fetchall() if row[0] not in IGNORED_TABLES]
        assert _tables, "no tables in the current schema"
    return _tables


def fingerprint(names: Iterable[str] | None = None) -> dict[str, str]:
    """Table name -> "rows:sum of row hashes", in one query, for the tables named (default all)."""
    names = tables() if names is None else sorted(names)
    if not names:
        return {}
    query = " UNION ALL ".join(
        f"SELECT '{name}', count(*) || ':' || "
        f'coalesce(sum(hashtextextended(t::text, 0)::numeric), 0) FROM "{name}" t'
        for name in names
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        return dict(cursor.fetchall())


def write_counts() -> dict[str, int]:
    """Rows inserted, updated or deleted so far in this transaction, per table written to."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables "
            "WHERE schemaname = current_schema() AND n_tup_ins + n_tup_upd + n_tup_del > 0"
        )
        return dict(cursor.fetchall())


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )


class Watch:
    """Which tables a request changed, compared with the state when the watch began.

    Every request watched must run in a savepoint that is rolled back afterwards, so the state
    the watch began with is the state before each request.
    """

    def __init__(self):
        self.baseline = fingerprint()
        self._counts: dict[str, int] = {}

    def __enter__(self) -> Watch:
        self._counts = write_counts()
        self.changed: list[str] = []
        return self

    def __exit__(self, exc_type, *exc_info) -> None:
        self.changed = []
        if exc_type is not None:  # the request failed; its savepoint is rolled back anyway
            return
        counts = write_counts()
        written = {
            name
            for name, count in counts.items()
            if count != self._counts.get(name) and name not in IGNORED_TABLES
        }
        now = fingerprint(written)
        self.changed = sorted(name for name in written if now[name] != self.baseline.get(name))

    def assert_back_to_baseline(self) -> None:
        """The rolled-back requests left every table as it was (checks the watch's premise)."""
        changed = changed_tables(self.baseline, fingerprint())
        assert not changed, f"tables changed outside the watched savepoints: {changed}"
