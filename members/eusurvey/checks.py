"""Reading an EU Survey export of the Pact's registration form and sorting its rows.

Each row is checked (line and column of each problem) and then sorted:

* **matched**: an organisation already carries its contribution ID (imported before): nothing
  changes, so importing the same file again changes nothing;
* **doubtful**: no contribution ID matches, but an organisation looks like the same one (similar
  name in the same country, the same acronym in the same country, or the same website domain:
  members.duplicates.matching), or an earlier row of the same file does: staff decide, row by
  row, whether it is that organisation or a new one (then flagged to staff as a possible
  duplicate, members.duplicates);
* **new**: an organisation to register.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from members.duplicates.matching import candidates as similar_organisations
from members.duplicates.matching import why_alike
from members.models import Organisation, OrganisationType
from pact.kernel import tables
from pact.kernel.vocabulary import Ecosystem

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000

COLUMNS = (
    "contribution_id",
    "submission_date",
    "organisation_name",
    "acronym",
    "country",
    "organisation_type",
    "website",
    "contact_name",
    "contact_email",
    "ecosystems",
    "language",
)
REQUIRED = (
    "contribution_id",
    "submission_date",
    "organisation_name",
    "country",
    "organisation_type",
    "contact_name",
    "contact_email",
)
COLUMN_LABELS = {
    "contribution_id": gettext_lazy("Contribution ID"),
    "submission_date": gettext_lazy("Submission date"),
    "organisation_name": gettext_lazy("Organisation name"),
    "acronym": gettext_lazy("Acronym"),
    "country": gettext_lazy("Country"),
    "organisation_type": gettext_lazy("Organisation type"),
    "website": gettext_lazy("Website"),
    "contact_name": gettext_lazy("Contact name"),
    "contact_email": gettext_lazy("Contact e-mail"),
    "ecosystems": gettext_lazy("Ecosystems"),
    "language": gettext_lazy("Language"),
}
# Other titles the same columns have in EU Survey exports and in hand-made files.
ALIASES = {
    "name": "organisation_name",
    "organisation": "organisation_name",
    "organization_name": "organisation_name",
    "type": "organisation_type",
    "type_of_organisation": "organisation_type",
    "email": "contact_email",
    "contact_e_mail": "contact_email",
    "e_mail": "contact_email",
    "submitted": "submission_date",
    "date": "submission_date",
}
LIMITS = {"organisation_name": 250, "acronym": 40, "contact_name": 200, "contribution_id": 64}


class EuSurveyFileError(Exception):
    """The file as a whole cannot be read; the message is for staff, in their language."""


def _column(title: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", str(title or "").strip().lower()).strip("_")
    return ALIASES.get(name, name)


def _lookup(choices) -> dict[str, str]:
    """Each choice by its code and by its label in every interface language."""
    found = {}
    for code, label in choices:
        found[str(code).casefold()] = code
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                found[str(label).casefold()] = code
    return found


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for pattern in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d/%m/%Y %H:%M", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _country(value: str) -> str | None:
    code = value.strip().upper()
    code = {"UK": "GB", "EL": "GR"}.get(code, code)
    if len(code) == 2 and code in dict(countries):
        return code
    return countries.by_name(value.strip()) or None


def read(name: str, content: bytes) -> list[tuple[int, dict]]:
    """The rows of the file as (line, values by column); the file's problems as a whole raise."""
    if len(content) > MAX_BYTES:
        raise EuSurveyFileError(
            _("The file is larger than %(limit)s MB.") % {"limit": MAX_BYTES // (1024 * 1024)}
        )
    try:
        lines = tables.read_rows(name, content, max_rows=MAX_ROWS)
    except tables.TableRejected as exc:
        raise EuSurveyFileError(str(exc)) from None
    if not lines:
        raise EuSurveyFileError(_("The file is empty."))
    header = [_column(cell) for cell in lines[0][1]]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise EuSurveyFileError(
            _("The first line must name the columns. Missing: %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    rows = []
    for line, cells in lines[1:]:
        values: dict = {column: "" for column in COLUMNS}
        for index, column in enumerate(header):
            if column in values and index < len(cells) and cells[index] is not None:
                cell = cells[index]
                values[column] = cell if isinstance(cell, dt.date) else str(cell).strip()
        rows.append((line, values))
    if not rows:
        raise EuSurveyFileError(_("The file has column titles but no organisations."))
    return rows


def _problems(values: dict, lookups: dict) -> tuple[dict, list[tuple[str, str]]]:
    """The row's clean values and its problems as (column, message)."""
    problems: list[tuple[str, str]] = []
    clean: dict = {}
    for column in REQUIRED:
        if not values[column]:
            problems.append((column, _("This value is missing.")))
    for column, limit in LIMITS.items():
        if len(str(values[column])) > limit:
            problems.append((column, _("Longer than %(limit)s characters.") % {"limit": limit}))
    submitted = _date(values["submission_date"])
    if values["submission_date"] and submitted is None:
        problems.append(("submission_date", _("Give the date as YYYY-MM-DD.")))
    clean["submission_date"] = submitted.isoformat() if submitted else ""
    country = _country(str(values["country"])) if values["country"] else None
    if values["country"] and country is None:
        problems.append(("country", _("Unknown country; use an ISO code such as DE or XK.")))
    clean["country"] = country or ""
    kind = lookups["type"].get(str(values["organisation_type"]).casefold())
    if values["organisation_type"] and kind is None:
        problems.append(("organisation_type", _("Unknown organisation type.")))
    clean["type"] = kind or ""
    email = str(values["contact_email"]).strip().lower()
    try:
        if email:
            validate_email(email)
    except ValidationError:
        problems.append(("contact_email", _("This is not an e-mail address.")))
    clean["contact_email"] = email
    website = str(values["website"]).strip()
    if website and "://" not in website:
        website = f"https://{website}"
    try:
        if website:
            URLValidator(schemes=["http", "https"])(website)
    except ValidationError:
        problems.append(("website", _("This is not a web address.")))
    clean["website"] = website
    ecosystems = []
    for part in re.split(r"[;,\n]", str(values["ecosystems"])):
        if part.strip():
            code = lookups["ecosystem"].get(part.strip().casefold())
            if code is None:
                problems.append(
                    ("ecosystems", _("Unknown ecosystem “%(name)s”.") % {"name": part.strip()})
                )
            else:
                ecosystems.append(code)
    clean["ecosystems"] = sorted(set(ecosystems))
    language = str(values["language"]).strip().lower()[:2]
    clean["language"] = language if language in lookups["language"] else ""
    for column in ("contribution_id", "organisation_name", "acronym", "contact_name"):
        clean[column] = str(values[column]).strip()
    return clean, problems


def _candidates(clean: dict, existing: list[Organisation]) -> list[dict]:
    """Organisations that look like the row's: the one duplicate check (members.duplicates)."""
    return similar_organisations(_as_organisation(clean), existing)


def _as_organisation(clean: dict) -> dict:
    return {
        "name": clean["organisation_name"],
        "acronym": clean["acronym"],
        "country": clean["country"],
        "website": clean["website"],
    }


def _twins_in_file(clean: dict, earlier: list[tuple[int, dict]]) -> list[dict]:
    """Earlier rows of the same file that look like this one: [{"line", "name", "why"}]."""
    found = []
    for line, other in earlier:
        why = why_alike(_as_organisation(clean), _as_organisation(other))
        if why:
            found.append({"line": line, "name": other["organisation_name"], "why": why})
    return found[:5]


def sort_rows(rows: list[tuple[int, dict]]) -> tuple[list[dict], list[dict]]:
    """The rows that can be imported, each sorted as new, matched or doubtful; the problems."""
    lookups = {
        "type": _lookup(OrganisationType.choices),
        "ecosystem": _lookup(Ecosystem.choices),
        "language": {code for code, _name in settings.CONTENT_LANGUAGES},
    }
    by_id = dict(
        Organisation.objects.exclude(contribution_id="").values_list("contribution_id", "pk")
    )
    existing = list(Organisation.objects.only("pk", "name", "acronym", "country", "website"))
    sorted_rows: list[dict] = []
    errors: list[dict] = []
    seen: dict[str, int] = {}
    earlier: list[tuple[int, dict]] = []
    for line, values in rows:
        clean, problems = _problems(values, lookups)
        key = clean["contribution_id"]
        if key and key in seen:
            problems.append(
                (
                    "contribution_id",
                    _("The same contribution is on line %(line)s.") % {"line": seen[key]},
                )
            )
        if problems:
            errors += [{"line": line, "column": c, "message": str(m)} for c, m in problems]
            continue
        seen[key] = line
        row = {
            "line": line,
            "values": clean,
            "organisation": None,
            "candidates": [],
            "twins": [],
        }
        if key in by_id:
            row.update(state="matched", organisation=by_id[key])
        else:
            row["candidates"] = _candidates(clean, existing)
            # Two rows of one file for the same organisation (submitted twice): the later one
            # is doubtful too, and imported as new it is flagged against the earlier one.
            row["twins"] = _twins_in_file(clean, earlier)
            row["state"] = "doubtful" if row["candidates"] or row["twins"] else "new"
            earlier.append((line, clean))
        sorted_rows.append(row)
    return sorted_rows, errors
