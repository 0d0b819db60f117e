"""Reading and checking an umbrella organisation's CSV list of its member organisations.

Nothing here writes: ``check_csv`` turns the uploaded bytes into checked rows and problems, which
``members.imports.umbrella`` stores in a ``MemberImport`` for the preview and creates on confirmation.
Problems are stored as codes with parameters and described at display time, so the preview reads
in the language of whoever looks at it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from members.models import Organisation, OrganisationType
from pact.kernel.regions import NUTS_TO_ISO
from pact.models import Region

COLUMNS = [
    "name",
    "acronym",
    "type",
    "country",
    "nuts_region",
    "website",
    "contact_name",
    "contact_email",
]
REQUIRED_COLUMNS = ["name", "type", "country", "contact_name", "contact_email"]
MAX_FILE_BYTES = 1024 * 1024
MAX_ROWS = 2000
MAX_LENGTHS = {"name": 250, "acronym": 40, "contact_name": 200, "contact_email": 254}

# Column titles, for the preview and the problem list.
COLUMN_LABELS = {
    "name": gettext_lazy("name"),
    "acronym": gettext_lazy("acronym"),
    "type": gettext_lazy("type"),
    "country": gettext_lazy("country"),
    "nuts_region": gettext_lazy("NUTS region"),
    "website": gettext_lazy("website"),
    "contact_name": gettext_lazy("contact name"),
    "contact_email": gettext_lazy("contact email"),
}


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing was checked."""


@dataclass
class CheckResult:
    rows: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    @property
    def valid_rows(self) -> list[dict]:
        return [row for row in self.rows if row["ok"]]


def describe(problem: dict) -> str:
    """A problem (code and parameters, as stored) in the current language."""
    templates = {
        "missing": _("This field is required."),
        "too_long": _("At most %(limit)s characters."),
        "unknown_type": _("“%(value)s” is not an organisation type. Use one of: %(choices)s."),
        "unknown_country": _("“%(value)s” is not a country code (use ISO codes such as DE or FR)."),
        "unknown_region": _("“%(value)s” is not a NUTS 2024 code."),
        "region_not_in_country": _("NUTS region %(value)s is not in %(country)s."),
        "duplicate_in_db": _(
            "An organisation called “%(value)s” is already registered in this country."
        ),
        "duplicate_in_file": _(
            "“%(value)s” in this country already appears on line %(first_line)s."
        ),
        "bad_email": _("“%(value)s” is not a valid email address."),
        "bad_url": _("“%(value)s” is not a valid web address."),
    }
    code = problem.get("code", "")
    template = templates.get(code)
    if template is None:
        return code
    params = {"choices": ", ".join(OrganisationType.values), **problem.get("params", {})}
    try:
        return template % params
    except (KeyError, TypeError, ValueError):
        return template


def decode(data: bytes) -> str:
    """The file's text, or a clear reason why it is not a UTF-8 CSV file."""
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if b"\x00" in data[:8192]:
        raise ImportFileError(
            _(
                "This does not look like a CSV file (it contains binary data). "
                "Export your spreadsheet as “CSV UTF-8” and upload that file."
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            _(
                "The file is not UTF-8 text (first unreadable character on line %(line)s). "
                "Export your spreadsheet as “CSV UTF-8” and upload it again."
            )
            % {"line": line}
        ) from None


def _delimiter(header_line: str) -> str:
    # Spreadsheets in many European locales export with semicolons.
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _normalise_header(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def read_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """Rows as (line number, values by column), refusing files without the required columns."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    try:
        header: list[str] | None = None
        rows: list[tuple[int, dict[str, str]]] = []
        last_line = 0
        for record in reader:
            start = last_line + 1
            last_line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = [_normalise_header(cell) for cell in record]
                missing = [c for c in REQUIRED_COLUMNS if c not in header]
                if missing:
                    raise ImportFileError(
                        _(
                            "The first line must name the columns. Missing: %(missing)s. "
                            "Expected columns: %(expected)s."
                        )
                        % {"missing": ", ".join(missing), "expected": ", ".join(COLUMNS)}
                    )
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(
                    _("The file has more than %(limit)s rows; please split it.")
                    % {"limit": MAX_ROWS}
                )
            values = {
                column: (record[i].strip() if i < len(record) else "")
                for i, column in enumerate(header)
                if column in COLUMNS
            }
            rows.append((start, {column: values.get(column, "") for column in COLUMNS}))
    except csv.Error as exc:
        raise ImportFileError(
            _("The file could not be read as CSV near line %(line)s: %(reason)s")
            % {"line": reader.line_num, "reason": str(exc)}
        ) from None
    if header is None:
        raise ImportFileError(_("The file is empty."))
    if not rows:
        raise ImportFileError(_("The file has column titles but no organisations."))
    return rows


def _type_lookup() -> dict[str, str]:
    lookup = {value.lower(): value for value in OrganisationType.values}
    for value, label in OrganisationType.choices:
        lookup[str(label).lower()] = value
    return lookup


def _country_code(value: str) -> str | None:
    code = value.strip().upper()
    code = NUTS_TO_ISO.get(code, code)
    if len(code) == 2 and code in dict(countries):
        return code
    by_name = countries.by_name(value.strip())
    return by_name or None


def check_csv(data: bytes) -> CheckResult:
    """Check every row; return all rows (valid or not) and every problem found, by line and column."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is too large; the limit is %(limit)s KB.")
            % {"limit": MAX_FILE_BYTES // 1024}
        )
    raw_rows = read_rows(decode(data))
    types = _type_lookup()
    region_codes = {r.upper() for _line, row in raw_rows if (r := row["nuts_region"])}
    regions = dict(Region.objects.filter(code__in=region_codes).values_list("code", "country"))
    names = {row["name"].lower() for _line, row in raw_rows if row["name"]}
    taken = set(
        # Public ones only: a private organisation's name is accepted and flagged to staff.
        Organisation.objects.public()
        .annotate(name_lower=Lower("name"))
        .filter(name_lower__in=names)
        .values_list("name_lower", "country")
    )
    url_validator = URLValidator(schemes=["http", "https"])
    email_validator = EmailValidator()
    seen: dict[tuple[str, str], int] = {}
    result = CheckResult()

    for line, values in raw_rows:
        problems: list[dict] = []

        def problem(
            column: str, code: str, *, line: int = line, found: list = problems, **params: object
        ) -> None:
            found.append({"line": line, "column": column, "code": code, "params": params})

        for column in REQUIRED_COLUMNS:
            if not values[column]:
                problem(column, "missing")
        for column, limit in MAX_LENGTHS.items():
            if len(values[column]) > limit:
                problem(column, "too_long", limit=limit)
        if values["type"]:
            type_value = types.get(values["type"].lower())
            if type_value is None:
                problem("type", "unknown_type", value=values["type"])
            else:
                values["type"] = type_value
        country = _country_code(values["country"]) if values["country"] else None
        if values["country"] and country is None:
            problem("country", "unknown_country", value=values["country"])
        elif country:
            values["country"] = country
        if values["nuts_region"]:
            code = values["nuts_region"].upper()
            values["nuts_region"] = code
            if code not in regions:
                problem("nuts_region", "unknown_region", value=code)
            elif country and regions[code] != country:
                problem(
                    "nuts_region",
                    "region_not_in_country",
                    value=code,
                    country=str(countries.name(country)),
                )
        if values["website"]:
            url = values["website"]
            if "://" not in url:
                url = "https://" + url
            try:
                url_validator(url)
                values["website"] = url
            except ValidationError:
                problem("website", "bad_url", value=values["website"])
        if values["contact_email"]:
            try:
                email_validator(values["contact_email"])
                values["contact_email"] = values["contact_email"].lower()
            except ValidationError:
                problem("contact_email", "bad_email", value=values["contact_email"])
        if values["name"] and country:
            key = (values["name"].lower(), country)
            if key in taken:
                problem("name", "duplicate_in_db", value=values["name"])
            elif key in seen:
                problem("name", "duplicate_in_file", value=values["name"], first_line=seen[key])
            else:
                seen[key] = line
        result.rows.append({"line": line, "values": values, "ok": not problems})
        result.errors.extend(problems)
    return result
