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
