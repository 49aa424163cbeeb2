"""Reporting periods: calendar months and Indian financial years, in Asia/Kolkata.

District monitoring happens "monthly" in the sense a DIC officer means it: the month as the clock
on the office wall in Lucknow shows it, not the UTC month. An order placed at 02:00 IST on
1 April belongs to April (and to the new financial year), although in UTC it is still 31 March.
So every report asks a :class:`Month` for its UTC bounds and filters stored (UTC) timestamps
with ``start_utc <= t < end_utc``.

The Indian financial year runs from 1 April to 31 March; ``FinancialYear(2026)`` is "2026-27".
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from babel.dates import get_month_names

from marketplace.india import FY_FIRST_MONTH, financial_year, financial_year_label, ist_date, ist_midnight_utc
from marketplace.india import IST as KOLKATA  # noqa: F401  (admin code says KOLKATA)

_MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


class PeriodError(ValueError):
    """A month or financial year given as text could not be understood."""


def _babel_locale(locale: str | None) -> str:
    return "hi" if (locale or "en").lower().startswith("hi") else "en_IN"


@dataclass(frozen=True, order=True)
class Month:
    """One calendar month in India (Asia/Kolkata)."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise PeriodError(f"month must be 1..12, got {self.month}")
        if not 1900 <= self.year <= 9998:
            raise PeriodError(f"year out of range: {self.year}")

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str) -> "Month":
        """``"2026-04"`` → ``Month(2026, 4)``; raises :class:`PeriodError` on anything else."""
        m = _MONTH_RE.match(text or "")
        if not m:
            raise PeriodError(f"not a month (YYYY-MM): {text!r}")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, moment: dt.datetime | dt.date) -> "Month":
        """The Indian month containing ``moment``.

        An aware datetime is converted to Asia/Kolkata first; a naive datetime is refused
        (it is ambiguous); a plain date is taken as an Indian date.
        """
        if isinstance(moment, dt.datetime) and moment.tzinfo is None:
            raise PeriodError("naive datetime: give an aware (UTC) datetime")
        day = ist_date(moment)
        return cls(day.year, day.month)

    @classmethod
    def current(cls, now: dt.datetime | None = None) -> "Month":
        """The month it is now in India."""
        return cls.of(now or dt.datetime.now(dt.timezone.utc))

    # -- arithmetic ---------------------------------------------------------------------------
    def shift(self, months: int) -> "Month":
        """The month ``months`` later (negative: earlier)."""
        index = self.year * 12 + (self.month - 1) + months
        return Month(index // 12, index % 12 + 1)

    def previous(self) -> "Month":
        return self.shift(-1)

    def next(self) -> "Month":
        return self.shift(1)

    # -- bounds -------------------------------------------------------------------------------
    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return self.next().first_day - dt.timedelta(days=1)

    @property
    def start_utc(self) -> dt.datetime:
        """Midnight IST on the 1st, as an aware UTC datetime (inclusive bound)."""
        return ist_midnight_utc(self.first_day)

    @property
    def end_utc(self) -> dt.datetime:
        """Midnight IST on the 1st of the next month, in UTC (exclusive bound)."""
        return ist_midnight_utc(self.next().first_day)

    def contains(self, moment: dt.datetime) -> bool:
        """True when the aware datetime ``moment`` falls in this Indian month."""
        return self.start_utc <= moment < self.end_utc

    @property
    def financial_year(self) -> "FinancialYear":
        return FinancialYear.of(self.first_day)

    # -- display ------------------------------------------------------------------------------
    @property
    def key(self) -> str:
        """``"2026-04"``: for URLs, CSV columns and form values."""
        return f"{self.year:04d}-{self.month:02d}"

    def label(self, locale: str | None = "en", short: bool = False) -> str:
        """``"April 2026"`` / ``"अप्रैल 2026"``; ``short``: ``"Apr 26"`` / ``"अप्रैल 26"``."""
        width = "abbreviated" if short else "wide"
        name = get_month_names(width, locale=_babel_locale(locale))[self.month]
        year = f"{self.year % 100:02d}" if short else str(self.year)
        return f"{name} {year}"

    def __str__(self) -> str:
        return self.key


@dataclass(frozen=True, order=True)
class FinancialYear:
    """An Indian financial year, named by the calendar year in which it starts (April)."""

    start_year: int

    @classmethod
    def of(cls, moment: dt.datetime | dt.date) -> "FinancialYear":
        """The financial year containing ``moment`` (aware datetimes are taken in IST)."""
        if isinstance(moment, dt.datetime) and moment.tzinfo is None:
            raise PeriodError("naive datetime: give an aware (UTC) datetime")
        return cls(financial_year(moment))

    @classmethod
    def parse(cls, text: str) -> "FinancialYear":
        """``"2026-27"`` or ``"2026"`` → ``FinancialYear(2026)``."""
        m = re.match(r"^\s*(\d{4})(?:\s*[-–/]\s*(\d{2}|\d{4}))?\s*$", text or "")
        if not m:
            raise PeriodError(f"not a financial year (YYYY-YY): {text!r}")
        start = int(m.group(1))
        if m.group(2):
            end = int(m.group(2))
            if end % 100 != (start + 1) % 100:
                raise PeriodError(f"a financial year spans two consecutive years: {text!r}")
        return cls(start)

    @property
    def months(self) -> list[Month]:
        """April of ``start_year`` to March of the next year, in order."""
        first = Month(self.start_year, FY_FIRST_MONTH)
        return [first.shift(i) for i in range(12)]

    @property
    def start_utc(self) -> dt.datetime:
        return Month(self.start_year, FY_FIRST_MONTH).start_utc

    @property
    def end_utc(self) -> dt.datetime:
        return Month(self.start_year + 1, FY_FIRST_MONTH).start_utc

    def contains(self, moment: dt.datetime) -> bool:
        return self.start_utc <= moment < self.end_utc

    def label(self) -> str:
        """``"2026-27"``: the way Indian offices write it, in either language."""
        return financial_year_label(self.start_year)

    def __str__(self) -> str:
        return self.label()


def month_range(first: Month, last: Month) -> list[Month]:
    """Every month from ``first`` to ``last`` inclusive (empty when ``last`` is before ``first``)."""
    count = (last.year * 12 + last.month) - (first.year * 12 + first.month) + 1
    return [first.shift(i) for i in range(max(count, 0))]


def trailing_months(last: Month, count: int) -> list[Month]:
    """The ``count`` months ending with ``last``, oldest first (for a trend chart)."""
    if count < 1:
        raise PeriodError("count must be at least 1")
    return month_range(last.shift(-(count - 1)), last)


@dataclass(frozen=True)
class Change:
    """Month-over-month change of one figure."""

    current: int
    previous: int

    @property
    def delta(self) -> int:
        return self.current - self.previous

    @property
    def percent(self) -> float | None:
        """Change in percent of last month's figure; ``None`` when last month was zero."""
        if self.previous == 0:
            return None
        return round(100.0 * self.delta / self.previous, 1)

    @property
    def direction(self) -> str:
        """``"up"``, ``"down"`` or ``"same"`` (for an arrow and a CSS class)."""
        return "up" if self.delta > 0 else "down" if self.delta < 0 else "same"
