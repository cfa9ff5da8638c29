"""The XLSX export's fast path (issue 20: the data rows' XML written by eventhub instead
of one openpyxl ``WriteOnlyCell`` per cell) writes the workbook the former way wrote:
same sheet, frozen header row, widths, autofilter, cell values, types and number formats,
formula-safe text; in fact the same bytes in every part but the creation time.

The oracle below is ``xlsx_chunks`` as it was written before (6cef612): every cell
through ``_xlsx_cell`` (``neutralise`` and openpyxl's illegal-character filter) and
openpyxl's own cell writer, date/times as styled ``WriteOnlyCell``s."""
from __future__ import annotations

import datetime as dt
import gc
import io
import sys
import tempfile
import tracemalloc
import zipfile

import pytest
import pytz
from flask_babel import force_locale
from openpyxl import load_workbook

from eventhub.exports import writers
from eventhub.exports.selection import EXPORT_COLUMNS, RegistrationFilters, column_widths, header_row
from eventhub.exports.services import export_registrations
from eventhub.extensions import db
from eventhub.registration.models import Registration
from tests.exports.test_fast_csv import Labels, reference_cell, varied_people  # noqa: F401 (fixture)

ALL_COLUMNS = list(EXPORT_COLUMNS)


def reference_xlsx(header, rows, *, sheet_title="Export", right_to_left=False, widths=None, zone=None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=writers._sheet_title(sheet_title))
    sheet.sheet_view.rightToLeft = right_to_left
    sheet.freeze_panes = "A2"
    for index, title in enumerate(header, 1):
        wanted = (widths[index - 1] if widths and index <= len(widths) else 0) or 0
        width = max(writers.MIN_WIDTH, min(writers.MAX_WIDTH, max(wanted, len(str(title)) + 2)))
        sheet.column_dimensions[get_column_letter(index)].width = width
    header_cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=writers._xlsx_cell(title))
        cell.font = Font(bold=True)
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
                cell.number_format = writers.DATETIME_FORMAT
                cells.append(cell)
            else:
                cells.append(writers._xlsx_cell(value))
        sheet.append(cells)
        count += 1
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()
                if info.filename != "docProps/core.xml"}  # its creation time differs


def read_back(data: bytes) -> dict:
    """What openpyxl reads in the workbook: sheets, view, widths, filter, every cell."""
    workbook = load_workbook(io.BytesIO(data))
    sheets = {}
    for sheet in workbook.worksheets:
        sheets[sheet.title] = {
            "freeze": sheet.freeze_panes, "rtl": sheet.sheet_view.rightToLeft, "filter": sheet.auto_filter.ref,
            "widths": {key: dim.width for key, dim in sheet.column_dimensions.items()},
            "cells": [[(cell.value, cell.data_type, cell.number_format, cell.font.b, cell.alignment.wrap_text)
                       for cell in row] for row in sheet.iter_rows()],
        }
    return sheets


def assert_same_workbook(fast: bytes, reference: bytes) -> dict:
    expected = read_back(reference)
    assert read_back(fast) == expected
    assert parts(fast) == parts(reference)
    return expected


def reference_rows(event, columns):
    names = Labels()
    registrations = db.session.execute(
        db.select(Registration).where(Registration.event_id == event.id).order_by(Registration.id)).scalars()
    for registration in registrations:
        for place in sorted(registration.sessions, key=lambda p: p.session.number):
            yield [reference_cell(key, registration, place, names) for key in columns]


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_xlsx_export_is_the_workbook_the_former_writer_wrote(app, demo_event, varied_people, lang):
    zone = demo_event.reference_timezone
    with force_locale(lang):
        for columns in (ALL_COLUMNS, ["family_name", "registration_id", "attended"], ["registered_at"],
                        ["given_name", "minutes_attended"]):
            export = export_registrations(demo_event, RegistrationFilters(), columns, "xlsx", actor="t", via="cli")
            fast = b"".join(export.chunks)
            reference = reference_xlsx(header_row(columns, zone=zone), reference_rows(demo_event, columns),
                                       sheet_title=_registrations_title(),
                                       right_to_left=lang == "ar", widths=column_widths(columns),
                                       zone=pytz.timezone(zone))
            sheets = assert_same_workbook(fast, reference)
            if columns == ALL_COLUMNS:
                (sheet,) = sheets.values()
                assert sheet["freeze"] == "A2" and sheet["rtl"] is (lang == "ar")
                values = [cell[0] for row in sheet["cells"] for cell in row]
                assert "'=HYPERLINK(\"http://evil.example\")" in values and "'＝Ada" in values
                assert "'@SUM(A1)" in values and "'\tDr" in values and "'\u00a0=1" in values
                assert "فاطمة" in values and not any(isinstance(v, str) and v.startswith("=") for v in values)
                dates = [cell for row in sheet["cells"][1:] for cell in row if isinstance(cell[0], dt.datetime)]
                assert dates and all(c[1] == "d" and c[2] == writers.DATETIME_FORMAT for c in dates)


def _registrations_title():
    from flask_babel import gettext as _

    return _("Registrations")


AWKWARD = ["=2+2", "+41 22", "-x", "@SUM(A1)", "\t=cmd", "\rdata", "  =HYPERLINK(\"x\")", "\u00a0=1", "\n-1",
           "＝Ada", "－Lovelace", "＠", "Ａda", "محمد الخطيب", "Lucía Pérez", "a & <b> > c", "carriage\rreturn",
           "bad\x00\x07name", "\x01\x02", " leading", "trailing ", "  ", "", None, "#N/A", "#DIV/0!", "#",
           "'quoted", 0, -5, 12, 10**17, 2.5, float("nan"), True, False,
           dt.datetime(2022, 11, 20, 7, 5, 59, tzinfo=dt.timezone.utc), dt.datetime(2022, 3, 27, 1, 30),
           dt.datetime(1899, 12, 31, tzinfo=dt.timezone.utc), dt.date(2022, 1, 2), "\U0001F600 emoji", "\u2028\x85\x7f"]


def test_xlsx_chunks_write_awkward_values_as_before():
    """Every kind of value, in rows of varying lengths, across two batches of rows."""
    rows = [AWKWARD[n % 7:] + AWKWARD[:n % 7] + AWKWARD[: n % 3] + (["y" * 33_000] if n % 100 == 0 else [])
            for n in range(620)]
    header = ["Name", "=h", "When (Europe/Zurich)"]
    options = dict(sheet_title="Registrations", right_to_left=True, widths=[10, 0, 18],
                   zone=pytz.timezone("Europe/Zurich"))
    fast = b"".join(writers.xlsx_chunks(header, iter(rows), **options))
    assert_same_workbook(fast, reference_xlsx(header, rows, **options))


def test_xlsx_without_rows_or_dates_is_as_before():
    for header, rows in ((["A", "B"], []), (["A"], [["x"], [None], [3]]), ([], [["x", 1]])):
        assert_same_workbook(b"".join(writers.xlsx_chunks(header, rows)), reference_xlsx(header, rows))


# A refused character leaves openpyxl's sheet generators open; their clean-up complains.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_every_code_point_is_written_as_openpyxl_writes_it():
    """Each code point alone, first and last in a text (the BMP, and a sample of the other
    planes); surrogates, U+FFFE and U+FFFF are refused as before."""
    codes = [c for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF and c not in (0xFFFE, 0xFFFF)]
    codes += list(range(0x10000, sys.maxunicode + 1, 97))
    cells = [text for c in codes for text in (chr(c), chr(c) + "x", "x" + chr(c))]
    rows = [cells[i:i + 90] for i in range(0, len(cells), 90)]
    fast = b"".join(writers.xlsx_chunks(["h"], rows))
    assert parts(fast) == parts(reference_xlsx(["h"], rows))
    for bad in ("\ud800", "a\udfffb", "\ufffe", "x\uffff"):
        with pytest.raises(Exception) as former:
            reference_xlsx(["h"], [[bad]])
        with pytest.raises(type(former.value)):
            b"".join(writers.xlsx_chunks(["h"], [[bad]]))
    gc.collect()  # the abandoned generators complain here, not in the next test


def _peak(rows: int) -> int:
    def generated():
        for n in range(rows):
            yield [n, "Amina", f"Diallo {n}", f"person{n}@parliament.example", "Assemblée nationale", "=x",
                   dt.datetime(2022, 11, 20, 7, n % 60, tzinfo=dt.timezone.utc), n % 90 or None]

    tracemalloc.start()
    try:
        with tempfile.TemporaryFile() as target:
            for chunk in writers.xlsx_chunks(["a", "b", "c", "d", "e", "f", "g", "h"], generated(),
                                             zone=pytz.timezone("Europe/Zurich")):
                target.write(chunk)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_xlsx_memory_stays_flat_in_the_row_count():
    _peak(500)  # one-time imports and caches
    small, large = _peak(1_500), _peak(15_000)
    assert large < small * 1.5 + 512 * 1024, (small, large)
