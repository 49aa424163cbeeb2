"""Tables out of the portal: CSV (that Excel opens with Hindi intact) and XLSX.

A report hands over a :class:`Table` — translated column headings, a kind per column, plain
rows — and gets bytes back. Nothing here knows Flask; views wrap the bytes in a response.

- CSV starts with a UTF-8 byte-order mark: without it Excel on Windows reads the file as
  ANSI and Hindi turns into mojibake. Rows end in CRLF (RFC 4180). Money goes out in rupees with
  two decimals (``1234.50``), never in paise, because the DIC forwards these files to people.
  Text cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) are
  prefixed with an apostrophe (CSV injection).
- XLSX (openpyxl): one sheet per table, bold frozen header row, money as numbers with Indian
  digit grouping, dates as dates, widths fitted to the content.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from marketplace.csv_out import spreadsheet_text, write_cells

from marketplace.india import IST as KOLKATA


CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Lakh/crore grouping: 1,23,45,678.00
INDIAN_MONEY_FORMAT = "[>=10000000]##\\,##\\,##\\,##0.00;[>=100000]##\\,##\\,##0.00;##,##0.00"
INDIAN_INT_FORMAT = "[>=10000000]##\\,##\\,##\\,##0;[>=100000]##\\,##\\,##0;##,##0"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


class Kind(StrEnum):
    """How a column's values are written."""

    TEXT = "text"
    INT = "int"
    MONEY = "money"        # int paise in, rupees out
    PERCENT = "percent"    # a float like 12.5 meaning 12.5 %
    DECIMAL = "decimal"    # a float shown with one decimal (hours, averages)
    NUMBER = "number"      # an int or Decimal written as it is (a column of mixed figures)
    DATE = "date"          # date, or aware datetime shown as its Indian date
    DATETIME = "datetime"  # aware datetime shown in Asia/Kolkata


@dataclass(frozen=True)
class Column:
    """One column: ``key`` into each row dict, the translated ``header``, and its ``kind``."""

    key: str
    header: str
    kind: Kind = Kind.TEXT


@dataclass
class Table:
    """A titled table; ``rows`` are dicts keyed by the columns' ``key`` (missing keys: empty)."""

    title: str
    columns: Sequence[Column]
    rows: Sequence[dict[str, Any]] = field(default_factory=list)
    # Lines printed above the table in XLSX (e.g. "District: Agra", "Month: April 2026").
    notes: Sequence[str] = field(default_factory=list)


def paise_to_rupees(paise: int) -> Decimal:
    """Exact rupee amount of ``paise`` (``12345`` → ``Decimal("123.45")``)."""
    return (Decimal(int(paise)) / 100).quantize(Decimal("0.01"))


def _local(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime in an export: store aware UTC datetimes")
    return value.astimezone(KOLKATA)


def csv_cell(value: Any, kind: Kind) -> str:
    """The text written into a CSV cell for ``value`` of ``kind``."""
    if value is None:
        return ""
    if kind is Kind.MONEY:
        return f"{paise_to_rupees(value):.2f}"
    if kind is Kind.INT:
        return str(int(value))
    if kind is Kind.NUMBER:
        return str(value)
    if kind in (Kind.PERCENT, Kind.DECIMAL):
        return f"{float(value):.1f}"
    if kind is Kind.DATE:
        day = _local(value).date() if isinstance(value, dt.datetime) else value
        return day.isoformat()
    if kind is Kind.DATETIME:
        return _local(value).strftime("%Y-%m-%d %H:%M")
    return spreadsheet_text(value)


def to_csv(table: Table) -> bytes:
    """The table as CSV bytes: UTF-8 with BOM, header row first, CRLF line ends."""
    rows = ([csv_cell(row.get(c.key), c.kind) for c in table.columns] for row in table.rows)
    return write_cells([spreadsheet_text(c.header) for c in table.columns], rows).encode("utf-8")


def sheet_title(title: str, taken: set[str] | None = None) -> str:
    """A valid, unique worksheet name: no ``[]:*?/\\``, at most 31 characters."""
    base = _SHEET_BAD.sub(" ", title).strip().strip("'") or "Sheet"
    base = base[:31]
    name, n = base, 2
    while taken is not None and name.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    return name


def _xlsx_value(value: Any, kind: Kind) -> Any:
    if value is None:
        return None
    if kind is Kind.MONEY:
        return paise_to_rupees(value)
    if kind is Kind.INT:
        return int(value)
    if kind is Kind.NUMBER:
        return value
    if kind is Kind.PERCENT:
        return float(value) / 100
    if kind is Kind.DECIMAL:
        return round(float(value), 1)
    if kind is Kind.DATE:
        return _local(value).date() if isinstance(value, dt.datetime) else value
    if kind is Kind.DATETIME:
        return _local(value).replace(tzinfo=None)
    return str(value)


_NUMBER_FORMATS = {
    Kind.MONEY: INDIAN_MONEY_FORMAT,
    Kind.INT: INDIAN_INT_FORMAT,
    Kind.PERCENT: "0.0%",
    Kind.DECIMAL: "0.0",
    Kind.DATE: "dd-mm-yyyy",
    Kind.DATETIME: "dd-mm-yyyy hh:mm",
}


def to_xlsx(tables: Table | Sequence[Table]) -> bytes:
    """One workbook, one sheet per table (sheet named after the table title)."""
    if isinstance(tables, Table):
        tables = [tables]
    # openpyxl takes a second to import: load it when a workbook is asked for, not in every worker

    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDE6F0")
    for table in tables:
        ws = wb.create_sheet(sheet_title(table.title, taken))
        taken.add(ws.title)
        row_no = 1
        for note in table.notes:
            ws.cell(row=row_no, column=1, value=note).font = Font(italic=True)
            row_no += 1
        if table.notes:
            row_no += 1
        header_row = row_no
        widths = [len(c.header) for c in table.columns]
        for col_no, column in enumerate(table.columns, start=1):
            cell = ws.cell(row=header_row, column=col_no, value=column.header)
            cell.font = header_font
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            row_no += 1
            for col_no, column in enumerate(table.columns, start=1):
                value = _xlsx_value(row.get(column.key), column.kind)
                cell = ws.cell(row=row_no, column=col_no, value=value)
                if column.kind is Kind.TEXT and isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # user text is never a formula
                fmt = _NUMBER_FORMATS.get(column.kind)
                if fmt and value is not None:
                    cell.number_format = fmt
                widths[col_no - 1] = max(widths[col_no - 1], len(csv_cell(row.get(column.key), column.kind)))
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        for col_no, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col_no)].width = min(max(w + 2, 8), 60)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_filename(stem: str, extension: str, when: dt.date | None = None) -> str:
    """An ASCII file name: ``odop-claims-agra-2026-04.csv``; non-ASCII characters dropped."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-").lower() or "export"
    if when is not None:
        safe = f"{safe}-{when.isoformat()}"
    return f"{safe}.{extension.lstrip('.')}"
