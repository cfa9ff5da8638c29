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
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator

# openpyxl is imported where an XLSX is written: it costs a third of a second at every
# process start (the CLI, workers, CSV exports) otherwise.

#: The file formats an export is written in.
FORMATS = ("csv", "xlsx")
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


def csv_cell(value):
    """A cell as the CSV has it: nothing for None, date/times as text, formulas neutralised."""
    return "" if value is None else neutralise(csv_value(value))


def csv_chunks(header: list[str], rows: Iterable[list], *, bom: bool = True,
               checked: bool = False) -> Iterator[bytes]:
    """UTF-8 CSV, with a byte-order mark so that Excel recognises the encoding (Arabic
    and accented names otherwise show as mojibake). Rows are written a batch at a time;
    text whose first character is known harmless and integers are written as they are,
    every other cell goes through ``csv_cell``. ``checked``: the rows' cells are already
    what this would make of them (``selection.export_rows(..., for_csv=True)``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        buffer.write(BOM)
    writer.writerow([neutralise(cell) for cell in header])
    safe, text, integer = _SAFE_FIRST, str, int
    rows = iter(rows)
    while batch := list(itertools.islice(rows, CSV_BATCH)):
        writer.writerows(batch if checked else [
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
    """XLSX written with openpyxl's write-only mode, then streamed from a temporary file.
    What organisers need in Excel: a bold, frozen header row with an autofilter, column
    widths (``widths`` in characters, else from the header), and date/time values as real
    date/time cells: aware datetimes are shown in ``zone`` (the event's reference zone,
    which the header should state; Excel cells carry no zone).

    openpyxl writes the workbook's parts and the header row; the data rows' XML is written
    here (``_rows_xml``), exactly as openpyxl's write-only cells would write it, to a
    temporary file (memory stays flat in the row count), and spliced into the sheet.
    openpyxl's per-cell objects, style lookups and XML elements cost most of an export."""
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
    with tempfile.TemporaryFile(prefix="eventhub-export-", suffix=".xml") as rows_file:
        count = 0
        for part, rows_written in _rows_xml(sheet, rows, zone):
            rows_file.write(part)
            count = rows_written
        if header:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
        with tempfile.TemporaryFile(prefix="eventhub-export-", suffix=".xlsx") as skeleton, \
                tempfile.TemporaryFile(prefix="eventhub-export-", suffix=".xlsx") as handle:
            workbook.save(skeleton)
            _splice_rows(skeleton, sheet.path[1:], rows_file, handle)
            handle.seek(0)
            while chunk := handle.read(CHUNK_SIZE):
                yield chunk


#: Text that openpyxl and lxml would not write as it is: characters XML escapes (& < >,
#: carriage return), characters openpyxl strips (control characters), characters lxml
#: refuses (surrogates, U+FFFE, U+FFFF). Such cells are written by openpyxl itself.
_XML_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Rows whose XML is encoded and handed to the temporary file at a time.
XLSX_BATCH = 500
#: Date/time cells kept converted (the same registration time is on each of a person's rows).
_DATES_KEPT = 4096


def _rows_xml(sheet, rows: Iterable[list], zone) -> Iterator[tuple[bytes, int]]:
    """``(xml, rows so far)`` for the data rows, from row 2: the bytes openpyxl's
    write-only worksheet writes for the cells ``_xlsx_cell`` gives (and for date/times
    converted to ``zone``). Text whose first character is known harmless, integers and
    datetimes are written here; every other cell goes through ``neutralise``, and a cell
    whose XML is not plain (escaping, stripped characters, error codes, very long text,
    other types) is written by openpyxl's own cell writer (``_openpyxl_cell_xml``)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.datetime import to_excel

    safe, special, error_codes = _SAFE_FIRST, _XML_SPECIAL.search, frozenset(ERROR_CODES)
    text, integer, datetime = str, int, dt.datetime
    zone = zone or dt.timezone.utc
    epoch = sheet.parent.epoch
    plain_dates = not sheet.parent.iso_dates
    letters: list[str] = []
    dates: dict = {}
    date_style = None
    parts: list[str] = []
    row_number = 1
    for row in rows:
        row_number += 1
        number = str(row_number)
        parts.append(f'<row r="{number}">')
        if len(row) > len(letters):
            letters.extend(get_column_letter(index) for index in range(len(letters) + 1, len(row) + 1))
        for column, value in enumerate(row):
            cls = value.__class__
            if cls is text:
                if not value:
                    continue
                if value[:1] not in safe:
                    value = neutralise(value)
                if special(value) is None and value not in error_codes and len(value) <= 32767:
                    if value.strip() == value:
                        parts.append(f'<c r="{letters[column]}{number}" t="inlineStr"><is><t>{value}</t></is></c>')
                    else:
                        parts.append(f'<c r="{letters[column]}{number}" t="inlineStr"><is>'
                                     f'<t xml:space="preserve">{value}</t></is></c>')
                    continue
            elif cls is integer:
                parts.append(f'<c r="{letters[column]}{number}" t="n"><v>{"%.16g" % value}</v></c>')
                continue
            elif value is None:
                continue
            elif cls is datetime and plain_dates:
                serial = dates.get(value)
                if serial is None:
                    local = value if value.tzinfo is None else value.astimezone(zone).replace(tzinfo=None)
                    serial = "%.16g" % to_excel(local, epoch)
                    if len(dates) >= _DATES_KEPT:
                        dates.clear()
                    dates[value] = serial
                if date_style is None:
                    # Registered when first used, as openpyxl does (a datetime cell first
                    # gets openpyxl's default date/time format, also kept in the styles).
                    date_cell = WriteOnlyCell(sheet, value=value.replace(tzinfo=None))
                    date_cell.number_format = DATETIME_FORMAT
                    date_style = date_cell.style_id
                parts.append(f'<c r="{letters[column]}{number}" s="{date_style}" t="n"><v>{serial}</v></c>')
                continue
            parts.append(_openpyxl_cell_xml(sheet, value, row_number, column + 1, zone))
        parts.append("</row>")
        if row_number % XLSX_BATCH == 1:
            # lxml writes every character outside ASCII as a decimal character reference.
            yield "".join(parts).encode("ascii", "xmlcharrefreplace"), row_number - 1
            parts.clear()
    yield "".join(parts).encode("ascii", "xmlcharrefreplace"), row_number - 1


def _openpyxl_cell_xml(sheet, value, row: int, column: int, zone) -> str:
    """One cell's XML as openpyxl's write-only worksheet writes it (the way every cell was
    written before): ``_xlsx_cell``'s value in a ``WriteOnlyCell``, through its cell writer."""
    from lxml.etree import xmlfile
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell._writer import write_cell

    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(zone).replace(tzinfo=None)
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT
    else:
        value = _xlsx_cell(value)
        if value is None:
            return ""
        cell = WriteOnlyCell(sheet, value=value)
    if cell._value is None and not cell.has_style:
        return ""
    cell.row, cell.column = row, column
    buffer = io.BytesIO()
    with xmlfile(buffer) as xf:
        write_cell(xf, sheet, cell, cell.has_style)
    return buffer.getvalue().decode("ascii")


def _splice_rows(skeleton, member: str, rows_file, output) -> None:
    """Copy the workbook ``skeleton`` (a zip) to ``output``, with the XML in ``rows_file``
    inserted at the end of the sheet ``member``'s data (after the header row)."""
    import zipfile

    skeleton.seek(0)
    with zipfile.ZipFile(skeleton) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename != member:
                target.writestr(info, data)
                continue
            head, tail = data.split(b"</sheetData>", 1)
            with target.open(info, "w") as out:
                out.write(head)
                rows_file.seek(0)
                while chunk := rows_file.read(CHUNK_SIZE):
                    out.write(chunk)
                out.write(b"</sheetData>" + tail)


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
