"""Writing many rows fast: COPY into a model's table, primary keys reserved in one go, and the
small helpers of the generator (a step timer, chunks, skewed sizes)."""

# ruff: noqa: S608 - SQL names come from model metadata; values are always parameters.
from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.core.management.base import CommandError
from django.db import connection, models
from django.utils import timezone


class Timer:
    def __init__(self, out: Callable[[str], None]) -> None:
        self.out = out
        self.started = time.monotonic()
        self.last = self.started

    def step(self, label: str) -> None:
        now = time.monotonic()
        self.out(f"  {label:<46} {now - self.last:6.1f}s")
        self.last = now

    @property
    def total(self) -> float:
        return time.monotonic() - self.started


class Copier:
    """COPY rows into a model's table; columns the generator does not give get the model default."""

    def __init__(self, model: type[models.Model], given: Sequence[str]) -> None:
        self.model = model
        self.table = model._meta.db_table
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [name for name in given if name not in fields]
        if unknown:
            raise CommandError(f"{self.table} has no column(s) {unknown}")
        self.given = list(given)
        self.extra: list[tuple[str | None, Any, bool]] = []  # column, value or factory, per row?
        now = timezone.now()
        for name, field in fields.items():
            if name in given:
                continue
            if field.primary_key:
                raise CommandError(f"{self.table}: the primary key must be given")
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                self.extra.append((field.column, now, False))
            elif field.has_default() and callable(field.default):
                if field.default is timezone.now:
                    self.extra.append((field.column, now, False))
                else:
                    # A fresh default per row, adapted as Django would save it (a JSON default
                    # such as ``dict`` goes to COPY as JSON, not as a Python object).
                    self.extra.append((field.column, _fresh_default(field), True))
            else:
                value = field.get_db_prep_save(field.get_default(), connection)
                self.extra.append((field.column, value, False))
        self.columns = [fields[name].column for name in self.given] + [c for c, _, _ in self.extra]

    def copy(self, cursor: Any, rows: Iterable[Sequence[Any]]) -> int:
        constant = tuple(v for _, v, per_row in self.extra if not per_row)
        factories = [v for _, v, per_row in self.extra if per_row]
        # Keep the column order: given, then the extras in declaration order.
        order = [per_row for _, _, per_row in self.extra]
        cols = ", ".join(f'"{c}"' for c in self.columns)
        count = 0
        with cursor.copy(f'COPY "{self.table}" ({cols}) FROM STDIN') as copy:
            if not factories:
                for row in rows:
                    copy.write_row((*row, *constant))
                    count += 1
            else:
                for row in rows:
                    values: list[Any] = []
                    it_const = iter(constant)
                    it_fact = iter(factories)
                    for per_row in order:
                        values.append(next(it_fact)() if per_row else next(it_const))
                    copy.write_row((*row, *values))
                    count += 1
        return count


def _fresh_default(field: models.Field) -> Any:
    return lambda: field.get_db_prep_save(field.get_default(), connection)


def reserve_ids(cursor: Any, table: str, n: int) -> int:
    """Reserve ``n`` consecutive primary keys of ``table`` and return the first."""
    cursor.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    sequence = cursor.fetchone()[0]
    cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
    highest = cursor.fetchone()[0]
    cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
    last_value, is_called = cursor.fetchone()
    start = max(highest, last_value if is_called else last_value - 1) + 1
    if n:
        cursor.execute("SELECT setval(%s, %s, true)", [sequence, start + n - 1])
    return start


def chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def spread(total: int, buckets: int, rng: random.Random, *, low: int, sigma: float) -> list[int]:
    """Split ``total`` into ``buckets`` skewed (log-normal) integers, each at least ``low``."""
    if buckets == 0:
        return []
    if total < low * buckets:
        low = total // buckets
    weights = [rng.lognormvariate(0, sigma) for _ in range(buckets)]
    room = total - low * buckets
    scale = room / sum(weights)
    sizes = [low + int(w * scale) for w in weights]
    missing = total - sum(sizes)
    order = sorted(range(buckets), key=lambda i: -weights[i])
    for i in range(missing):
        sizes[order[i % buckets]] += 1
    return sizes
