"""CSV and XLSX writers that stream, and the neutralisation of formula-like cells.

A registrant who types ``=HYPERLINK(...)`` as their name must not get a live formula in
an organiser's spreadsheet (CSV injection): such cells are written with a leading
apostrophe, which spreadsheets show as text.
"""
from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

#: Characters that make a spreadsheet read a cell as a formula (also after spaces).
FORMULA_STARTS = ("=", "+", "-", "@")
#: Characters that are dangerous as the very first character (Excel and LibreOffice).
CONTROL_STARTS = ("\t", "\r", "\n")
BOM = "\ufeff"
#: Bytes handed to the web server at a time.
CHUNK_SIZE = 64 * 1024
CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """Text a spreadsheet could evaluate gets a leading apostrophe; numbers pass."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return value
    if value.startswith(CONTROL_STARTS) or value.lstrip().startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_chunks(header: list[str], rows: Iterable[list], *, bom: bool = True) -> Iterator[bytes]:
    """UTF-8 CSV, with a byte-order mark so that Excel recognises the encoding (Arabic
    and accented names otherwise show as mojibake)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        buffer.write(BOM)
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
        if buffer.tell() >= CHUNK_SIZE:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def _xlsx_cell(value):
    if value is None or value == "":
        return None  # an empty cell: nothing is written for it
    value = neutralise(value)
    if isinstance(value, str):
        # XML 1.0 forbids most control characters; openpyxl refuses them.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def xlsx_chunks(header: list[str], rows: Iterable[list], *, sheet_title: str = "Export",
                right_to_left: bool = False) -> Iterator[bytes]:
    """XLSX written with openpyxl's write-only mode (rows go to disk as they come, so memory
    stays flat), then streamed from a temporary file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_title))
    sheet.sheet_view.rightToLeft = right_to_left
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=_xlsx_cell(title))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    with tempfile.TemporaryFile(prefix="eventhub-export-", suffix=".xlsx") as handle:
        workbook.save(handle)
        handle.seek(0)
        while chunk := handle.read(CHUNK_SIZE):
            yield chunk


def _sheet_title(title: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title).strip("'") or "Export"
    return cleaned[:31]


class Counted:
    """Wraps an iterable of rows and counts what went through."""

    def __init__(self, rows: Iterable):
        self.rows = rows
        self.count = 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row
