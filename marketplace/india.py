"""Indian facts, one rule each: mobile numbers, PIN codes, India's time zone, the financial year.

Everything here is a plain function or constant with no database and no request, and it imports
nothing from the domain packages (it sits below ``accounts`` in the layers), so accounts,
catalog, orders, buyers and admin all share the same rule instead of keeping a copy.

- Mobile numbers are parsed with ``phonenumbers`` and stored as the ten-digit national number
  (``"9876543210"``), the form the database has always held; ``to_e164`` and ``format_mobile``
  give ``+919876543210`` and ``+91 98765 43210``.
- PIN codes have six digits and never start with 0 (which states use which PINs is
  ``marketplace.orders.regions``' data).
- ``IST`` is the one ``ZoneInfo("Asia/Kolkata")``; the financial year runs 1 April to 31 March,
  reckoned in IST, and is named by the calendar year it starts in (FY 2026 = "2026-27").
"""
from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import phonenumbers

IST = ZoneInfo("Asia/Kolkata")
FY_FIRST_MONTH = 4  # April

# --- mobile numbers ------------------------------------------------------------------------

_PHONE_CHARS = re.compile(r"^[(\s]*\+?[0-9\s\-().]+$")
_MOBILE_SERIES = re.compile(r"^[6-9][0-9]{9}$")  # TRAI: ten digits, the mobile series 6-9


def parse_mobile(text: str | None) -> str | None:
    """The ten-digit national number of the Indian mobile number in ``text``, or None.

    Accepts the ways people write it: ``98765 43210``, ``+91 98765-43210``, ``09876543210``,
    ``919876543210``, ``0091 9876543210``. Returns None for a foreign number, a landline
    (``0522 2345678``), too few or too many digits, or anything with letters in it.
    """
    value = (text or "").strip()
    if not value or not _PHONE_CHARS.match(value):
        return None
    try:
        number = phonenumbers.parse(value, "IN")
    except phonenumbers.NumberParseException:
        return None
    national = str(number.national_number)
    if number.country_code != 91 or not phonenumbers.is_valid_number(number):
        return None
    return national if _MOBILE_SERIES.match(national) else None


def is_valid_mobile(text: str | None) -> bool:
    """True when ``text`` is an Indian mobile number (see ``parse_mobile``)."""
    return parse_mobile(text) is not None


def to_e164(national: str) -> str:
    """``"9876543210"`` → ``"+919876543210"`` (for SMS gateways and ``tel:`` links)."""
    return f"+91{national}"


def format_mobile(text: str | None) -> str:
    """``"9876543210"`` (or any accepted form) → ``"+91 98765 43210"``; "" when not a mobile."""
    national = parse_mobile(text)
    return f"+91 {national[:5]} {national[5:]}" if national else ""


# --- PIN codes -----------------------------------------------------------------------------

_PIN = re.compile(r"^[1-9][0-9]{5}$")


def normalise_pin(pin: str | None) -> str | None:
    """The 6-digit PIN in ``pin`` (spaces removed), or None when it is not a valid Indian PIN.

    Indian PIN codes have six ASCII digits and never start with 0.
    """
    if pin is None:
        return None
    digits = re.sub(r"\s+", "", str(pin))
    return digits if _PIN.match(digits) else None


# --- time and the financial year -----------------------------------------------------------

def ist_date(when: dt.datetime | dt.date) -> dt.date:
    """The calendar date in India at the aware instant ``when`` (a date is returned as is).

    Raises ValueError for a naive datetime (it is ambiguous).
    """
    if isinstance(when, dt.datetime):
        if when.tzinfo is None:
            raise ValueError("naive datetime: pass a timezone-aware datetime (UTC)")
        return when.astimezone(IST).date()
    return when


def ist_midnight_utc(day: dt.date) -> dt.datetime:
    """Midnight IST at the start of ``day``, as an aware UTC datetime."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=IST).astimezone(dt.timezone.utc)


def financial_year(when: dt.datetime | dt.date) -> int:
    """The financial year (its starting calendar year) containing ``when``.

    ``when`` is an aware datetime (taken in IST) or a date taken as an Indian date.
    Raises ValueError for a naive datetime.
    """
    day = ist_date(when)
    return day.year if day.month >= FY_FIRST_MONTH else day.year - 1


def financial_year_label(fy: int) -> str:
    """"2026-27" for FY 2026: the way Indian offices write it, in either language."""
    return f"{fy}-{(fy + 1) % 100:02d}"


def financial_year_bounds(fy: int) -> tuple[dt.datetime, dt.datetime]:
    """UTC instants [start, end) of financial year ``fy``: 1 April IST to the next 1 April IST."""
    return (ist_midnight_utc(dt.date(fy, FY_FIRST_MONTH, 1)),
            ist_midnight_utc(dt.date(fy + 1, FY_FIRST_MONTH, 1)))
