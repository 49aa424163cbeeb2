"""The one CSV writer for files people open in a spreadsheet.

Every CSV the site sends goes through :func:`write_csv` (the admin exports build on
:func:`spreadsheet_text`): UTF-8 with a byte-order mark, so Excel on Windows reads Hindi, CRLF
line ends (RFC 4180), and a text cell that a spreadsheet would run as a formula (``=``, ``+``,
``-``, ``@``, tab or CR first, e.g. a name typed as ``=HYPERLINK(...)``) is prefixed with an
apostrophe (CSV injection). It sits below the domain packages so that each of them can use it.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Sequence

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: Any) -> str:
    """``value`` as cell text that no spreadsheet runs as a formula ("" for None)."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def write_cells(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """The CSV text (BOM first, CRLF line ends) of cells already made safe by the caller
    (the admin exports render each cell by its column's kind, text through spreadsheet_text)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The CSV text (BOM first, CRLF line ends) of ``header`` and ``rows``, every cell defused.

    Numbers are written as they are (a negative amount stays a number); only text is defused.
    """
    def cell(value: Any) -> Any:
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else spreadsheet_text(value)

    return write_cells([spreadsheet_text(h) for h in header], ([cell(v) for v in row] for row in rows))
