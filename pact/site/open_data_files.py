"""Open-data files: each dataset written once per data version, by a task, as CSV and JSON files.

A request never builds a dataset nor keeps one whole in memory or in Redis: it serves the files of
the current data version (``<OPEN_DATA_ROOT>/<public>-<reporting>/``) from disk, streamed. When
they are not built yet it queues the build and serves the latest complete version meanwhile.
Rows are written one by one, so memory stays flat whatever the size of the dataset.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext_lazy as _

from commitments.results.selectors import open_data_results
from commitments.survey.selectors import open_data_rows as open_data_survey
from members.directory.selectors import open_data_members
from pact.kernel import tables
from pact.kernel.cache import data_version
from partnerships.directory.selectors import open_data_partnerships

log = logging.getLogger(__name__)

FORMATS = ("csv", "json")
COMPLETE = "complete"
LATEST = "latest"
KEPT_VERSIONS = 2


def datasets() -> dict[str, tuple[Any, Callable[[], tuple[list[str], Iterable[dict]]]]]:
    return {
        "partnerships": (_("Partnerships (public directory)"), open_data_partnerships),
        "members": (_("Member organisations (public profiles)"), open_data_members),
        "results": (_("Pact-wide results from validated reports"), open_data_results),
        "survey": (
            _("Members' survey totals per year (validated answers and published totals)"),
            open_data_survey,
        ),
    }


def root() -> Path:
    return Path(settings.OPEN_DATA_ROOT)


def current_tag() -> str:
    """The data version the files must match: public data and progress reports."""
    public, reporting = data_version.current_with_reporting()
    return f"{public}-{reporting}"


def file_of(tag: str, dataset: str, fmt: str) -> Path | None:
    """The file of a complete build of ``tag``, None when there is none."""
    folder = root() / tag
    if not (folder / COMPLETE).exists():
        return None
    path = folder / f"{dataset}.{fmt}"
    return path if path.exists() else None


def latest_tag() -> str | None:
    try:
        return (root() / LATEST).read_text().strip() or None
    except OSError:
        return None


def _write_csv(path: Path, columns: list[str], rows: Iterable[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        # The one CSV writer: text a spreadsheet would run as a formula is written as text.
        writer = tables.csv_writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(column) for column in columns])


def _write_json(path: Path, rows: Iterable[dict]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("[")
        for n, row in enumerate(rows):
            handle.write(",\n" if n else "\n")
            handle.write(json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False))
        handle.write("\n]\n")


def build(tag: str | None = None) -> str:
    """Write every dataset of the current data version (nothing when already written)."""
    tag = tag or current_tag()
    target = root() / tag
    if (target / COMPLETE).exists():
        return tag
    root().mkdir(parents=True, exist_ok=True)
    work = root() / f".build-{tag}-{uuid.uuid4().hex}"
    work.mkdir()
    try:
        for slug, (_label, rows_of) in datasets().items():
            columns, rows = rows_of()
            _write_csv(work / f"{slug}.csv", columns, rows)
            columns, rows = rows_of()
            _write_json(work / f"{slug}.json", rows)
        (work / COMPLETE).touch()
        if target.exists():  # a half-written build of a killed task, or a concurrent one
            shutil.rmtree(target, ignore_errors=True)
        os.replace(work, target)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    pointer = root() / f".{LATEST}-{uuid.uuid4().hex}"
    pointer.write_text(tag)
    os.replace(pointer, root() / LATEST)
    _prune(keep=tag)
    log.info("Open data files written for data version %s", tag)
    return tag


def _prune(keep: str) -> None:
    """Keep the newest builds only (a request may be streaming the previous one)."""
    builds = [p for p in root().iterdir() if p.is_dir() and not p.name.startswith(".")]
    builds.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in builds[KEPT_VERSIONS:]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)


def request_build(tag: str) -> None:
    """Queue the build of ``tag`` (at most once per 30 seconds and version)."""
    if not cache.add(f"open-data-build:{settings.PAGE_CACHE_KEY_PREFIX}{tag}", 1, 30):
        return
    from pact.site.tasks import build_open_data

    try:
        build_open_data.delay()
    except Exception:
        log.warning("Broker unavailable; open data files of version %s wait for beat", tag)
