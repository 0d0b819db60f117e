"""Bringing a stakeholder list into a partnership's map from a CSV file (the mapping template).

The file is read and checked line by line first (nothing changes); the coordinator sees what will
be added or updated and the problems by line and column, then confirms. A stakeholder already on
the map (same name, ignoring case and spacing) is updated rather than added twice, so importing
the same file again changes nothing. Reading stops after ``MAX_ROWS`` rows: a file cannot make
the server read more than that.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pact import access
from pact.kernel.audit import log_action
from pact.support.common import SupportError
from pact.support.mapping.services import require_coordinator
from pact.support.models import Influence, Stakeholder, StakeholderImport, StakeholderType
from partnerships.models import Partnership

MAX_BYTES = 512 * 1024
MAX_ROWS = 500
COLUMNS = ("name", "type", "influence", "power", "interest", "pact_member", "contact", "notes")
REQUIRED = ("name", "type", "power", "interest")
# The template's own titles and other names people give the same columns.
ALIASES = {"stakeholder": "name", "member": "pact_member", "contact_person": "contact"}
COLUMN_LABELS = {
    "name": gettext_lazy("Stakeholder"),
    "type": gettext_lazy("Type"),
    "influence": gettext_lazy("Influence"),
    "power": gettext_lazy("Power"),
    "interest": gettext_lazy("Interest"),
    "pact_member": gettext_lazy("Pact member"),
    "contact": gettext_lazy("Contact"),
    "notes": gettext_lazy("Notes"),
}
LIMITS = {"name": 250, "contact": 250, "notes": 4000, "pact_member": 250}
NO = {"", "no", "non", "nein", "n", "-"}
YES = {"yes", "oui", "ja", "y"}


class ImportRefused(SupportError):
    """The file as a whole cannot be read (the reason is for the person who sent it)."""


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _choices(choices) -> dict[str, str]:
    """Each choice by its code and by its label in every interface language."""
    lookup = {}
    for code, _label in choices:
        lookup[code.casefold()] = code
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                lookup[str(dict(choices)[code]).casefold()] = code
    return lookup


def _text(content: bytes) -> str:
    if not content.strip():
        raise ImportRefused(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise ImportRefused(
            _("The file is larger than %(limit)s KB.") % {"limit": MAX_BYTES // 1024}
        )
    if b"\x00" in content[:8192]:
        raise ImportRefused(
            _(
                "This does not look like a CSV file (it contains binary data). "
                "Export your spreadsheet as “CSV UTF-8” and upload that file."
            )
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            _(
                "The file is not UTF-8 text (first unreadable character on line %(line)s). "
                "Export your spreadsheet as “CSV UTF-8” and upload it again."
            )
            % {"line": content[: exc.start].count(b"\n") + 1}
        ) from None


def _records(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, values by column) for each non-empty row after the column titles."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    line = 0
    try:
        for record in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = [_column(cell) for cell in record]
                missing = [column for column in REQUIRED if column not in header]
                if missing:
                    raise ImportRefused(
                        _(
                            "The first line must name the columns. Missing: %(missing)s. "
                            "Expected columns: %(expected)s."
                        )
                        % {"missing": ", ".join(missing), "expected": ", ".join(COLUMNS)}
                    )
                continue
            values = {column: "" for column in COLUMNS}
            for index, column in enumerate(header):
                if column in values and index < len(record):
                    values[column] = record[index].strip()
            yield start, values
    except csv.Error as exc:
        raise ImportRefused(
            _("The file could not be read as CSV near line %(line)s: %(reason)s")
            % {"line": reader.line_num, "reason": str(exc)}
        ) from None
    if header is None:
        raise ImportRefused(_("The file is empty."))


def _column(title: str) -> str:
    name = title.strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(name, name)


def _score(value: str) -> int | None:
    try:
        score = int(value)
    except ValueError:
        return None
    return score if 1 <= score <= 5 else None


def _member(values: dict[str, str]) -> tuple[int | None, str | None]:
    """The Pact member the row names (by its name, or "yes" for the stakeholder's own name)."""
    text = values["pact_member"]
    if text.casefold() in NO:
        return None, None
    name = values["name"] if text.casefold() in YES else text
    matches = list(access.public_organisations().filter(name__iexact=name).values_list("pk")[:2])
    if len(matches) != 1:
        return None, _("No single active Pact member is called “%(name)s”.") % {"name": name}
    return matches[0][0], None


def check_rows(partnership: Partnership, text: str) -> tuple[list[dict], list[dict]]:
    """The rows that can be applied (each with its action) and the problems by line and column."""
    types, influences = _choices(StakeholderType.choices), _choices(Influence.choices)
    existing = {
        _key(s.name): s for s in Stakeholder.objects.filter(partnership=partnership).order_by("id")
    }
    rows: list[dict] = []
    errors: list[dict] = []
    seen: dict[str, int] = {}
    count = 0
    for line, values in _records(text):
        count += 1
        if count > MAX_ROWS:
            raise ImportRefused(
                _("The file has more than %(limit)s rows; please split it.") % {"limit": MAX_ROWS}
            )
        problems: list[tuple[str, str]] = []
        for column in REQUIRED:
            if not values[column]:
                problems.append((column, _("This value is missing.")))
        for column, limit in LIMITS.items():
            if len(values[column]) > limit:
                problems.append((column, _("Longer than %(limit)s characters.") % {"limit": limit}))
        kind = types.get(values["type"].casefold())
        if values["type"] and kind is None:
            problems.append(
                (
                    "type",
                    _("Unknown type “%(value)s”. Use one of: %(choices)s.")
                    % {"value": values["type"], "choices": ", ".join(StakeholderType.values)},
                )
            )
        influence = influences.get(values["influence"].casefold(), "")
        if values["influence"] and not influence:
            problems.append(
                (
                    "influence",
                    _("Unknown influence “%(value)s”. Use one of: %(choices)s, or leave it empty.")
                    % {"value": values["influence"], "choices": ", ".join(Influence.values)},
                )
            )
        scores = {}
        for column in ("power", "interest"):
            scores[column] = _score(values[column])
            if values[column] and scores[column] is None:
                problems.append((column, _("Give a score from 1 to 5.")))
        organisation, member_problem = _member(values)
        if member_problem:
            problems.append(("pact_member", member_problem))
        key = _key(values["name"])
        if key and key in seen:
            problems.append(
                ("name", _("The same stakeholder is on line %(line)s.") % {"line": seen[key]})
            )
        if problems:
            errors += [{"line": line, "column": c, "message": str(m)} for c, m in problems]
            continue
        seen[key] = line
        fields = {
            "name": values["name"],
            "type": kind,
            "influence": influence,
            "power": scores["power"],
            "interest": scores["interest"],
            "organisation": organisation,
            "contact": values["contact"],
            "notes": values["notes"],
        }
        current = existing.get(key)
        action = "new"
        if current is not None:
            stored = {name: getattr(current, name) for name in fields if name != "organisation"}
            stored["organisation"] = current.organisation_id
            action = "unchanged" if stored == fields else "update"
        rows.append(
            {
                "line": line,
                "fields": fields,
                "values": values,
                "action": action,
                "stakeholder": current.pk if current else None,
            }
        )
    if not count:
        raise ImportRefused(_("The file has column titles but no stakeholders."))
    return rows, errors


def check_upload(
    partnership: Partnership, *, actor, name: str, content: bytes
) -> StakeholderImport:
    """Read and check a file; the result is kept for the preview and the map is not changed."""
    require_coordinator(actor, partnership)
    rows, errors = check_rows(partnership, _text(content))
    return StakeholderImport.objects.create(
        partnership=partnership,
        uploaded_by=actor,
        filename=name[:200],
        rows=rows,
        errors=errors,
    )


@transaction.atomic
def confirm(checked: StakeholderImport, *, actor) -> dict[str, int]:
    """Apply the rows without problems, all together; a second confirmation changes nothing."""
    require_coordinator(actor, checked.partnership)
    claimed = StakeholderImport.objects.filter(
        pk=checked.pk, status=StakeholderImport.Status.CHECKED
    ).update(status=StakeholderImport.Status.CONFIRMED, confirmed_at=timezone.now())
    if not claimed:
        raise SupportError(_("This list was already confirmed or discarded."))
    counts = {"new": 0, "update": 0, "unchanged": 0}
    for row in checked.rows:
        if row["action"] == "unchanged":
            counts["unchanged"] += 1
            continue
        fields = {**row["fields"], "organisation_id": row["fields"]["organisation"]}
        del fields["organisation"]
        updated = 0
        if row["stakeholder"] is not None:
            updated = Stakeholder.objects.filter(
                pk=row["stakeholder"], partnership=checked.partnership
            ).update(lock_version=F("lock_version") + 1, updated_at=timezone.now(), **fields)
        if updated:
            counts["update"] += 1
        else:  # new, or removed from the map since the check
            Stakeholder.objects.create(partnership=checked.partnership, **fields)
            counts["new"] += 1
    log_action(
        "pact.stakeholder.imported",
        checked.partnership,
        actor,
        {"import": checked.pk, "added": counts["new"], "updated": counts["update"]},
    )
    return counts


def discard(checked: StakeholderImport, *, actor) -> None:
    require_coordinator(actor, checked.partnership)
    StakeholderImport.objects.filter(pk=checked.pk, status=StakeholderImport.Status.CHECKED).update(
        status=StakeholderImport.Status.DISCARDED
    )
