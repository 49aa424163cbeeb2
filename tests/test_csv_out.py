"""The one CSV writer: BOM, CRLF, and no cell a spreadsheet would run as a formula."""
from __future__ import annotations

import csv
import io

import pytest

from marketplace.csv_out import BOM, spreadsheet_text, write_csv


@pytest.mark.parametrize("hostile", ["=1+1", "+91", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
                                     '=HYPERLINK("http://evil.example")'])
def test_a_text_cell_that_starts_a_formula_is_defused(hostile):
    assert spreadsheet_text(hostile) == "'" + hostile
    text = write_csv(["name"], [[hostile]])
    assert text.startswith(BOM) and text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text[len(BOM):])))
    assert rows == [["name"], ["'" + hostile]]


def test_numbers_and_plain_text_are_written_as_they_are():
    text = write_csv(["a", "b", "c"], [[-5, 2.5, "वाराणसी"], [None, 0, "x-y"]])
    assert text[len(BOM):] == "a,b,c\r\n-5,2.5,वाराणसी\r\n,0,x-y\r\n"


def test_an_admin_export_keeps_a_negative_amount_a_number():
    """csv_cell renders money as text ("-12.50"); the export must not defuse it a second time."""
    from marketplace.admin.exports import Column, Kind, Table, to_csv

    table = Table(title="t", columns=[Column("amount", "Amount", Kind.MONEY), Column("who", "Who")],
                  rows=[{"amount": -1250, "who": "=cmd"}])
    assert to_csv(table).decode("utf-8")[len(BOM):] == "Amount,Who\r\n-12.50,'=cmd\r\n"
