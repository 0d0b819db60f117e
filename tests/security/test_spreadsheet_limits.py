"""Uploaded spreadsheets are read within bounds set by the file, never by what the file declares.

A tiny XLSX declaring ``A1:XFD4000`` used to be padded to 65 million cells; a zip bomb was unpacked
whole; every row was built before the row limit was checked. Work is measured here (memory, rows
read, parsing never started), never time.
"""

from __future__ import annotations

import io
import itertools
import re
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from commitments.reporting import imports
from pact.kernel import tables


def _workbook(*rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite_sheet(content: bytes, change) -> bytes:
    """The same workbook with its first sheet's XML changed by ``change(xml) -> xml``."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            target.writestr(info.filename, data)
    return out.getvalue()


def _peak_bytes(function, *args):
    tracemalloc.start()
    try:
        result = function(*args)
    except Exception as exc:
        result = exc
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, peak


def test_a_declared_huge_sheet_is_neither_padded_nor_built():
    plain = _workbook(["target_id", "value"], [1, 25])
    assert len(plain) < 10_000
    # The sheet claims A1:XFD4000, and its second row has one more cell, far to the right.
    declared = _rewrite_sheet(
        plain,
        lambda xml: re.sub(
            r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD4000"/>', xml
        ).replace('<c r="B2"', '<c r="XFD2" t="inlineStr"><is><t>far</t></is></c><c r="B2"'),
    )
    assert b"XFD4000" in zipfile.ZipFile(io.BytesIO(declared)).read("xl/worksheets/sheet1.xml")
    rows, peak = _peak_bytes(imports.read_table, "reports.xlsx", declared)
    assert rows == [(2, {"target_id": "1", "value": "25"})]
    assert peak < 20 * 1024 * 1024


def test_a_far_away_row_is_refused_after_the_row_limit_not_walked_to(monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 100)
    plain = _workbook(["target_id", "value"], [1, 25])
    far = _rewrite_sheet(plain, lambda xml: xml.replace('<row r="2"', '<row r="2000000000"'))
    far = _rewrite_sheet(far, lambda xml: xml.replace('r="A2"', 'r="A2000000000"'))
    far = _rewrite_sheet(far, lambda xml: xml.replace('r="B2"', 'r="B2000000000"'))
    read = []
    lines = tables.xlsx_lines

    def counted(content):
        for line in lines(content):
            read.append(line)
            yield line

    monkeypatch.setattr(tables, "xlsx_lines", counted)
    with pytest.raises(imports.ImportRejected, match="At most 100 rows"):
        imports.read_table("reports.xlsx", far)
    assert len(read) <= 2 * 100 + 2


def test_a_zip_bomb_is_refused_before_anything_is_parsed(monkeypatch):
    plain = _workbook(["target_id", "value"], [1, 25])
    source = zipfile.ZipFile(io.BytesIO(plain))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(info.filename, source.read(info.filename))
        with bomb.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            for _ in range(tables.MAX_MEMBER_BYTES // (1024 * 1024) + 1):
                sheet.write(b" " * (1024 * 1024))
            sheet.write(b"<sheetData/></worksheet>")
    content = out.getvalue()
    assert len(content) < 200_000  # small file, huge sheet
    parsed = []
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: parsed.append(1))
    with pytest.raises(imports.ImportRejected, match="too large once unpacked"):
        imports.read_table("reports.xlsx", content)
    assert parsed == []


def test_csv_rows_stop_at_the_limit_plus_one(monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 10)
    read = []
    lines = tables.csv_lines

    def counted(content):
        for line in lines(content):
            read.append(line)
            yield line

    monkeypatch.setattr(tables, "csv_lines", counted)
    content = ("target_id,value\n" + "1,2\n" * 10_000).encode()
    with pytest.raises(imports.ImportRejected, match="At most 10 rows"):
        imports.read_table("reports.csv", content)
    assert len(read) == 1 + 10 + 1


def test_rows_are_taken_up_to_the_limit_and_blank_lines_are_bounded_too():
    endless = ((n, ["x"]) for n in itertools.count(1))
    with pytest.raises(tables.TableRejected):
        tables.take_rows(endless, 5)
    assert next(endless)[0] == 8  # header + 5 rows + the one past the limit, nothing more
    blanks = ((n, [None, ""]) for n in itertools.count(1))
    with pytest.raises(tables.TableRejected):
        tables.take_rows(blanks, 5)
    assert next(blanks)[0] == 13
    assert tables.take_rows([(1, ["h"]), (2, []), (3, ["v"])], 5) == [(1, ["h"]), (3, ["v"])]


def test_a_wide_csv_row_keeps_only_a_bounded_number_of_cells():
    content = ("a," * 100_000 + "b\n").encode()
    [(line, cells)] = list(tables.csv_lines(content))
    assert line == 1 and len(cells) == tables.MAX_COLUMNS
