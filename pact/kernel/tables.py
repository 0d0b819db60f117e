"""Spreadsheets in and out: the one reader of uploaded CSV/XLSX files and the one CSV writer.

Reading is bounded by the file, never by what the file declares: it stops at the row limit + 1,
ignores an XLSX sheet's declared dimensions (rows are neither padded nor pre-built), keeps at most
``MAX_COLUMNS`` cells a row, and refuses an XLSX archive whose members would unpack to more than
``MAX_MEMBER_BYTES`` each (a zip bomb) before anything is parsed.

Writing neutralises text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab,
carriage return), in CSV and XLSX alike.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence

from django.utils.translation import gettext as _

MAX_COLUMNS = 64
MAX_MEMBER_BYTES = 24 * 1024 * 1024
MAX_MEMBERS = 200
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class TableRejected(Exception):
    """The file as a whole cannot be read; ``str(exc)`` says why, in the current language."""


# --- reading ------------------------------------------------------------------------------------


def read_rows(name: str, content: bytes, *, max_rows: int) -> list[tuple[int, list]]:
    """``[(line number, cells)]`` of a CSV or XLSX file: the header and at most ``max_rows`` rows.

    The caller bounds the file's size. Blank rows are skipped (they count only towards a bound on the lines read); a file with more
    than ``max_rows`` rows after its header is refused as soon as the row after the limit is read.
    """
    lower = name.lower()
    if lower.endswith(".xlsx"):
        lines = xlsx_lines(content)
    elif lower.endswith(".csv"):
        lines = csv_lines(content)
    else:
        raise TableRejected(_("Upload a .csv or .xlsx file."))
    return take_rows(lines, max_rows)


def take_rows(lines: Iterable[tuple[int, list]], max_rows: int) -> list[tuple[int, list]]:
    """The non-blank lines, refusing (and reading no further) at the first one past the limit."""
    rows: list[tuple[int, list]] = []
    for read, (line, cells) in enumerate(lines, 1):
        if any(cell not in (None, "") for cell in cells):
            rows.append((line, cells))
        # The header and the rows; blank lines are tolerated up to as many again.
        if len(rows) > max_rows + 1 or read > 2 * max_rows + 1:
            raise TableRejected(_("At most %(n)s rows can be imported at once.") % {"n": max_rows})
    return rows


def csv_lines(content: bytes) -> Iterator[tuple[int, list]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    first = text[: text.find("\n")] if "\n" in text else text
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            yield reader.line_num, row[:MAX_COLUMNS]
    except csv.Error as exc:
        raise TableRejected(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from None


def check_archive(content: bytes) -> None:
    """Refuse an XLSX archive that is not one or would unpack to more than the caps."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise TableRejected(_("The XLSX workbook cannot be read.")) from None
    # zipfile never unpacks a member past its declared size, so checking it bounds the work.
    if len(members) > MAX_MEMBERS or any(m.file_size > MAX_MEMBER_BYTES for m in members):
        raise TableRejected(
            _("The XLSX workbook is too large once unpacked (at most %(size)s MB per part).")
            % {"size": MAX_MEMBER_BYTES // (1024 * 1024)}
        )


def xlsx_lines(content: bytes) -> Iterator[tuple[int, list]]:
    if not content.startswith(b"PK"):
        raise TableRejected(_("This is not an XLSX workbook."))
    check_archive(content)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise TableRejected(_("The XLSX workbook cannot be read.")) from None
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        # The declared <dimension> is the sender's claim: rows are not padded to it.
        sheet.reset_dimensions()
        try:
            for line, values in enumerate(
                sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), 1
            ):
                yield line, list(values)
        except TableRejected:
            raise
        except Exception:
            raise TableRejected(_("The XLSX workbook cannot be read.")) from None
    finally:
        workbook.close()


# --- writing ------------------------------------------------------------------------------------


def safe_cell(value):
    """Text that a spreadsheet would run as a formula is written as plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_cell(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return safe_cell(value)


class CsvWriter:
    """``csv.writer`` whose every cell goes through ``csv_cell``; the one way exports write CSV."""

    def __init__(self, stream, **options) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable):
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Sequence]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **options) -> CsvWriter:
    return CsvWriter(stream, **options)


class Echo:
    """A stream that hands back what is written: ``csv_writer(Echo()).writerow(row)`` is the line,
    for answers streamed row by row."""

    def write(self, value: str) -> str:
        return value
