"""CSV and XLSX writers that stream, and the neutralisation of formula-like cells.

A registrant who types ``=HYPERLINK(...)`` as their name must not get a live formula in
an organiser's spreadsheet (CSV injection): such cells are written with a leading
apostrophe, which spreadsheets show as text.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator

# openpyxl is imported where an XLSX is written: it costs a third of a second at every
# process start (the CLI, workers, CSV exports) otherwise.

#: Characters that make a spreadsheet read a cell as a formula (also after spaces).
FORMULA_STARTS = ("=", "+", "-", "@")
#: Characters that are dangerous as the very first character (Excel and LibreOffice).
CONTROL_STARTS = ("\t", "\r", "\n")
BOM = "\ufeff"
#: Bytes handed to the web server at a time.
CHUNK_SIZE = 64 * 1024
#: Rows handed to ``csv.writer.writerows`` at a time.
CSV_BATCH = 200
CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


#: First characters already found harmless (a cell's verdict depends only on its first
#: character when that is not white space): most cells are decided by one set lookup.
#: Grows with the distinct first characters met (letters of every script), bounded.
_SAFE_FIRST: set[str] = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") | {""}
_SAFE_FIRST_LIMIT = 20_000


def neutralise(value):
    """Text a spreadsheet could evaluate gets a leading apostrophe; numbers pass."""
    if value.__class__ is str and value[:1] in _SAFE_FIRST:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return value
    stripped = value.lstrip()
    # Spreadsheets (and the people who paste into them) also read full-width and other
    # compatibility forms (＝ ＋ － ＠, U+FF1D/FF0B/FF0D/FF20, ﹦ ...) as the plain signs:
    # the first character is compared in its NFKC form.
    first = unicodedata.normalize("NFKC", stripped[:1])
    if value.startswith(CONTROL_STARTS) or first.startswith(FORMULA_STARTS):
        return "'" + value
    if value[:1] == stripped[:1] and len(_SAFE_FIRST) < _SAFE_FIRST_LIMIT:
        _SAFE_FIRST.add(value[:1])
    return value


def csv_chunks(header: list[str], rows: Iterable[list], *, bom: bool = True) -> Iterator[bytes]:
    """UTF-8 CSV, with a byte-order mark so that Excel recognises the encoding (Arabic
    and accented names otherwise show as mojibake). Rows are written a batch at a time;
    text whose first character is known harmless and integers are written as they are,
    every other cell goes through ``csv_value`` and ``neutralise``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        buffer.write(BOM)
    writer.writerow([neutralise(cell) for cell in header])
    safe, text, integer = _SAFE_FIRST, str, int
    rows = iter(rows)
    while batch := list(itertools.islice(rows, CSV_BATCH)):
        writer.writerows([
            [cell if (cell.__class__ is text and cell[:1] in safe) or cell.__class__ is integer
             else "" if cell is None else neutralise(csv_value(cell)) for cell in row]
            for row in batch
        ])
        if buffer.tell() >= CHUNK_SIZE:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


#: Excel's number format for the date/time cells.
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
#: Column widths in characters: at least the header's, at most this.
MIN_WIDTH, MAX_WIDTH = 8, 60


def csv_value(value, zone=None):
    """A date/time as text ("2022-12-06 07:00", in ``zone`` when given, else UTC)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(zone or dt.timezone.utc).replace(tzinfo=None)
        if value.year >= 1000:  # what strftime("%Y-%m-%d %H:%M") prints, in half the time
            return value.isoformat(" ", "minutes")
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def _xlsx_cell(value):
    if value is None or value == "":
        return None  # an empty cell: nothing is written for it
    if isinstance(value, dt.datetime):
        return value  # a real date/time (converted by the caller; never a formula)
    value = neutralise(value)
    if isinstance(value, str):
        # XML 1.0 forbids most control characters; openpyxl refuses them.
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def xlsx_chunks(header: list[str], rows: Iterable[list], *, sheet_title: str = "Export",
                right_to_left: bool = False, widths: list[float] | None = None,
                zone=None) -> Iterator[bytes]:
    """XLSX written with openpyxl's write-only mode (rows go to disk as they come, so memory
    stays flat), then streamed from a temporary file. What organisers need in Excel: a
    bold, frozen header row with an autofilter, column widths (``widths`` in characters,
    else from the header), and date/time values as real date/time cells: aware datetimes
    are shown in ``zone`` (the event's reference zone, which the header should state;
    Excel cells carry no zone)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_title))
    sheet.sheet_view.rightToLeft = right_to_left
    sheet.freeze_panes = "A2"
    for index, title in enumerate(header, 1):
        wanted = (widths[index - 1] if widths and index <= len(widths) else 0) or 0
        width = max(MIN_WIDTH, min(MAX_WIDTH, max(wanted, len(str(title)) + 2)))
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=_xlsx_cell(title))
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, dt.datetime):
                if value.tzinfo is not None:
                    value = value.astimezone(zone or dt.timezone.utc).replace(tzinfo=None)
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = DATETIME_FORMAT
                cells.append(cell)
            else:
                cells.append(_xlsx_cell(value))
        sheet.append(cells)
        count += 1
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
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
