"""Formula neutralisation and the streaming writers."""
from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from eventhub.exports.writers import BOM, csv_chunks, neutralise, xlsx_chunks


@pytest.mark.parametrize("value", [
    "=1+1", "+41 22 919 41 50", "-2+3", "@SUM(A1:A2)", "\t=cmd", "\rdata", "  =HYPERLINK(\"x\")",
    "\u00a0=1", "\n-1",
])
def test_formula_like_text_gets_an_apostrophe(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Amina Diallo", "محمد", "a=b", "jane-doe@example.org", "", "2022-12-06 07:00"])
def test_plain_text_is_unchanged(value):
    assert neutralise(value) == value


def test_numbers_stay_numbers_and_none_is_empty():
    assert neutralise(12) == 12 and neutralise(-5) == -5 and neutralise(None) == ""


@given(st.text())
def test_no_neutralised_cell_can_start_a_formula(value):
    cell = neutralise(value)
    if cell.startswith("'"):
        return
    assert not cell.lstrip().startswith(("=", "+", "-", "@"))
    assert not cell.startswith(("\t", "\r"))


def test_csv_starts_with_bom_and_uses_crlf():
    data = b"".join(csv_chunks(["Name"], [["محمد"], ["=1+1"]]))
    text = data.decode("utf-8")
    assert text.startswith(BOM)
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["Name"], ["محمد"], ["'=1+1"]]


def test_csv_streams_in_several_chunks():
    rows = ([f"person {n}", "x" * 100] for n in range(5000))
    chunks = list(csv_chunks(["a", "b"], rows))
    assert len(chunks) > 3


def test_xlsx_keeps_text_as_text_strips_control_characters_and_can_be_right_to_left():
    data = b"".join(xlsx_chunks(["Name", "Count"], [["=2+2", 3], ["bad\x00\x07name", 4], ["فاطمة", 5]],
                                sheet_title="Registrations", right_to_left=True))
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Registrations"
    assert sheet.sheet_view.rightToLeft is True
    assert sheet["A2"].value == "'=2+2" and sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "badname"
    assert sheet["A4"].value == "فاطمة" and sheet["B4"].value == 5
    assert sheet["A1"].font.bold
