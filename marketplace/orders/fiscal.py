"""Indian financial years (1 April to 31 March), reckoned in Asia/Kolkata time.

A financial year is named by the calendar year it starts in: FY 2026 runs from
1 April 2026 00:00 IST to 31 March 2027 23:59:59 IST and is labelled "2026-27".
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

IST = ZoneInfo("Asia/Kolkata")


def _as_ist_date(when: dt.datetime | dt.date) -> dt.date:
    if isinstance(when, dt.datetime):
        if when.tzinfo is None:
            raise ValueError("naive datetime: pass a timezone-aware datetime (UTC)")
        return when.astimezone(IST).date()
    return when


def financial_year(when: dt.datetime | dt.date) -> int:
    """The financial year (its starting calendar year) containing ``when``.

    ``when`` is an aware datetime (converted to IST first) or a date taken as an IST date.
    Raises ValueError for a naive datetime.
    """
    day = _as_ist_date(when)
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(fy: int) -> str:
    """"2026-27" for FY 2026."""
    return f"{fy}-{(fy + 1) % 100:02d}"


def financial_year_bounds(fy: int) -> tuple[dt.datetime, dt.datetime]:
    """UTC instants [start, end) of financial year ``fy``: 1 April IST to the next 1 April IST."""
    start = dt.datetime(fy, 4, 1, tzinfo=IST).astimezone(dt.timezone.utc)
    end = dt.datetime(fy + 1, 4, 1, tzinfo=IST).astimezone(dt.timezone.utc)
    return start, end


def ist_date(when: dt.datetime) -> dt.date:
    """The calendar date in India at the aware instant ``when``."""
    return _as_ist_date(when)
