"""Reading the demo's YAML files in ``data/`` and checking their values before anything is written.

The files are the demo content; the loaders beside this module only turn them into rows. A value a
model does not accept (an unknown choice, an organisation slug nobody defined) stops the load with
the file and the value named, rather than leaving half a demo behind.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).with_name("data")
# The C parser when PyYAML was built with libyaml; the pure-Python one otherwise.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DemoDataError(ValueError):
    """A demo data file says something the models cannot hold."""


@cache
def read(name: str) -> Any:
    """The parsed content of ``data/<name>`` (cached: callers must not change what they get)."""
    path = DATA / name
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        raise DemoDataError(f"{name}: {error}") from error


def read_folder(folder: str) -> dict[str, Any]:
    """Every ``data/<folder>/<key>.yaml``, by key, in file-name order."""
    return {
        path.stem: read(f"{folder}/{path.name}") for path in sorted((DATA / folder).glob("*.yaml"))
    }


def keys(row: dict, allowed: set[str], where: str) -> dict:
    """``row`` if it has no key outside ``allowed``: a misspelt key, or a comma left unquoted in a
    ``{...}`` mapping (which YAML reads as one more key), would otherwise be dropped silently."""
    unknown = set(row) - allowed
    if unknown:
        raise DemoDataError(f"{where}: unknown keys {sorted(unknown)} (known: {sorted(allowed)})")
    return row


def choice(model, field: str, value: str, where: str) -> str:
    """``value`` if it is one of the choices of ``model.field``; a ``DemoDataError`` otherwise."""
    model_field = model._meta.get_field(field)
    if value == "" and model_field.blank:
        return value
    allowed = {str(key) for key, _label in model_field.choices}
    if str(value) not in allowed:
        raise DemoDataError(
            f"{where}: {value!r} is not a {model.__name__}.{field} (one of {sorted(allowed)})"
        )
    return value


def pick(mapping: dict, key: str, where: str):
    """``mapping[key]``, or a ``DemoDataError`` naming what refers to the missing key."""
    try:
        return mapping[key]
    except KeyError:
        raise DemoDataError(f"{where}: nothing in the demo is called {key!r}") from None


def decimal(value) -> Decimal:
    return Decimal(str(value))


def day(value, today: dt.date) -> dt.date | None:
    """A date written as a date, or as ``{days_from_today: n}`` for content that must stay current."""
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, dict) and set(value) == {"days_from_today"}:
        return today + dt.timedelta(days=int(value["days_from_today"]))
    raise DemoDataError(f"{value!r} is neither a date nor {{days_from_today: n}}")


def text(value) -> str:
    """A text field: YAML folded blocks end with a newline the database should not keep."""
    return (value or "").strip()
