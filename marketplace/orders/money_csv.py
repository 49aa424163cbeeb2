"""Reading the money files others send us: a bank's statement of credits (``upi.py``) and a
courier's cash-on-delivery remittance (``cod.py``). THE home of what such a file may look like:
UTF-8 CSV, a header naming the columns (in the words banks and couriers use), dates as Indian
offices write them, amounts in rupees with at most two decimals. Each bad line is reported with
every reason; the callers import all or nothing."""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from marketplace.money import InvalidAmount, rupees_to_paise
from marketplace.params import has_control_characters

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d-%b-%Y", "%d %b %Y")


@dataclass(frozen=True)
class LineError:
    line: int
    reasons: tuple[str, ...]

    def message(self) -> str:
        return str(_l("Line %(line)s: %(reasons)s", line=self.line, reasons="; ".join(self.reasons)))


def parse_date(text: str) -> dt.date | None:
    if not text or len(text) > 20:
        return None
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_amount(text: str) -> int | None:
    """Rupees ("1,250.50", "₹99") as paise above zero, or None."""
    try:
        paise = rupees_to_paise(text)
    except InvalidAmount:
        return None
    return paise if paise > 0 else None


def clean_text(text: str, max_length: int) -> str | None:
    """Free text of a cell, or None when too long or carrying control characters."""
    return None if len(text) > max_length or has_control_characters(text) else text


def read_rows(data: bytes, columns: tuple[str, ...], aliases: dict[str, str]) \
        -> tuple[list[tuple[int, dict[str, str]]], list[LineError]]:
    """The file's lines as ``(line number, {column: stripped text})`` for the named ``columns``
    (header names looked up in ``aliases``, lower case), blank lines skipped; or the errors that
    make the whole file unreadable (size, encoding, header, CSV syntax, too many lines)."""
    if len(data) > MAX_BYTES:
        return [], [LineError(1, (str(_l("The file is larger than 2 MB; split it by month.")),))]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [LineError(1, (str(_l("The file is not UTF-8 text; save it as “CSV UTF-8”.")),))]
    if "\x00" in text:
        return [], [LineError(1, (str(_l("The file is not a CSV text file.")),))]
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        names = [aliases.get((h or "").strip().lower()) for h in (header or [])]
        missing = [c for c in columns if c not in names]
        if missing:
            return [], [LineError(1, (str(_l("The first line must name the columns %(columns)s (missing: "
                                             "%(missing)s).", columns=", ".join(columns),
                                             missing=", ".join(missing))),))]
        rows = []
        for number, cells in enumerate(reader, start=2):
            if not any((c or "").strip() for c in cells):
                continue
            if len(rows) >= MAX_ROWS:
                return [], [LineError(number, (str(_l("More than 5,000 lines: split the file.")),))]
            rows.append((number, {name: (cells[i].strip() if i < len(cells) else "")
                                  for i, name in enumerate(names) if name}))
    except csv.Error:
        return [], [LineError(reader.line_num, (str(_l("The file is not a well-formed CSV.")),))]
    if not rows:
        return [], [LineError(1, (str(_l("The file has no lines after the header.")),))]
    return rows, []
