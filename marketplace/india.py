"""Indian facts, one rule each: mobile numbers, PIN codes, India's time zone, the financial year.

Everything here is a plain function or constant with no database and no request, and it imports
nothing from the domain packages (it sits below ``accounts`` in the layers), so accounts,
catalog, orders, buyers and admin all share the same rule instead of keeping a copy.

- Mobile numbers are parsed with ``phonenumbers`` and stored as the ten-digit national number
  (``"9876543210"``), the form the database has always held; ``to_e164`` and ``format_mobile``
  give ``+919876543210`` and ``+91 98765 43210``.
- PIN codes have six digits and never start with 0. States and union territories are data
  (``marketplace/data/states_uts.csv``: a vehicle-registration style code such as ``UP``, the
  two-digit GST state code, state or UT, names in English and Hindi); which states use which
  PIN codes is data too (``marketplace/data/pin_prefixes.csv``, India Post's postal circles by
  the PIN's first two digits, source noted there): a delivery address's PIN must belong to its
  state, so nobody can pick a cheaper freight zone by naming the wrong state.
- GSTIN and PAN are checked with ``python-stdnum`` (PAN shape and holder type, the GSTIN's
  mod-36 Luhn check character); the GST state codes are ours, because stdnum's table stops at 37
  (it has no 38, Ladakh, nor 97/99). Udyam numbers: ``UDYAM-XX-00-0000000``.
- ``IST`` is the one ``ZoneInfo("Asia/Kolkata")``; the financial year runs 1 April to 31 March,
  reckoned in IST, and is named by the calendar year it starts in (FY 2026 = "2026-27").
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers
from flask_babel import lazy_gettext as _l
from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.in_ import pan as stdnum_pan

from marketplace.errors import DomainError

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


def why_not_mobile(text: str | None) -> str | None:
    """Why ``text`` is not an Indian mobile number: ``"foreign"`` (another country's number),
    ``"landline"`` (an Indian fixed line such as ``0522 2345678``) or ``"invalid"``; ``None``
    when it is one (``parse_mobile`` accepts it)."""
    if parse_mobile(text) is not None:
        return None
    value = (text or "").strip()
    if not value or not _PHONE_CHARS.match(value):
        return "invalid"
    try:
        number = phonenumbers.parse(value, "IN")
    except phonenumbers.NumberParseException:
        return "invalid"
    if number.country_code != 91:
        return "foreign" if phonenumbers.is_possible_number(number) else "invalid"
    if phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.FIXED_LINE:
        return "landline"
    return "invalid"


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


# --- states and union territories ---------------------------------------------------------

DATA = Path(__file__).resolve().parent / "data" / "states_uts.csv"
PIN_PREFIXES = Path(__file__).resolve().parent / "data" / "pin_prefixes.csv"
UTTAR_PRADESH = "UP"


@dataclass(frozen=True)
class Region:
    """One state or union territory."""

    code: str
    gst_code: str
    kind: str  # "state" or "ut"
    name_en: str
    name_hi: str

    @property
    def is_union_territory(self) -> bool:
        return self.kind == "ut"


@lru_cache(maxsize=1)
def all_regions() -> tuple[Region, ...]:
    """Every state and UT, states first, each group in English alphabetical order."""
    with DATA.open(encoding="utf-8", newline="") as fh:
        rows = [Region(**row) for row in csv.DictReader(fh)]
    return tuple(sorted(rows, key=lambda r: (r.kind != "state", r.name_en)))


@lru_cache(maxsize=1)
def _by_code() -> dict[str, Region]:
    return {r.code: r for r in all_regions()}


def region(code: str | None) -> Region | None:
    """The state/UT with this code (case-insensitive), or None when there is none."""
    if not code:
        return None
    return _by_code().get(code.strip().upper())


def is_valid_region(code: str | None) -> bool:
    """True when ``code`` names one of India's states or UTs."""
    return region(code) is not None


@lru_cache(maxsize=1)
def _pin_prefixes() -> dict[str, frozenset[str]]:
    with PIN_PREFIXES.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    table = {row["prefix"]: frozenset(row["states"].split()) for row in csv.DictReader(lines)}
    unknown = {code for codes in table.values() for code in codes} - set(_by_code())
    if unknown:
        raise ValueError(f"pin_prefixes.csv names unknown state codes: {sorted(unknown)}")
    return table


def states_for_pin(pin: str | None) -> frozenset[str]:
    """The codes of every state/UT that uses PIN codes starting like ``pin`` (by its first two
    digits, the postal circle); empty for an invalid PIN or a prefix no delivery address uses."""
    digits = normalise_pin(pin)
    if digits is None:
        return frozenset()
    return _pin_prefixes().get(digits[:2], frozenset())


def pin_matches_state(pin: str | None, state_code: str | None) -> bool:
    """True when ``pin`` is a valid PIN that ``state_code``'s post offices use. A prefix shared
    by several states (24: Uttar Pradesh and Uttarakhand ...) matches each of them."""
    return bool(state_code) and state_code.strip().upper() in states_for_pin(pin)


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


# --- GSTIN, PAN, Udyam ---------------------------------------------------------------------

class InvalidIdentifier(DomainError, ValueError):
    """A GSTIN or Udyam number is not valid; ``code`` says which part (``gstin_check`` ...)."""

    code = "invalid_identifier"

    def __init__(self, code: str, message) -> None:
        super().__init__(message, code=code)


# Two-letter state/UT codes used in Udyam registration numbers (the RTO-style codes, with the
# older and newer spellings that appear on certificates: OR/OD, UK/UT, TS/TG, CG/CT).
UDYAM_STATE_CODES = frozenset(
    "AN AP AR AS BR CH CG CT DN DD DL GA GJ HR HP JK JH KA KL LA LD MP MH MN ML MZ NL "
    "OD OR PY PB RJ SK TN TS TG TR UP UK UT WB".split()
)

# GST state codes: 01-38 (38 = Ladakh), 97 (other territory), 99 (centre jurisdiction).
GST_STATE_CODES = frozenset([f"{n:02d}" for n in range(1, 39)] + ["97", "99"])

_GSTIN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_UDYAM_RE = re.compile(r"^UDYAM-([A-Z]{2})-(\d{2})-(\d{7})$")
_GSTIN_RE = re.compile(r"^(\d{2})([A-Z]{5}\d{4}[A-Z])([1-9A-Z])Z([0-9A-Z])$")


def parse_pan(text: str | None) -> str | None:
    """The PAN in ``text`` upper-cased without spaces (``"AAPFU0939F"``), or None when stdnum's
    PAN rule refuses it (shape, holder type in the 4th letter, serial 0000)."""
    try:
        return stdnum_pan.validate(text or "")
    except ValidationError:
        return None


def gstin_check_character(first14: str) -> str:
    """The GSTIN check character for the first 14 characters (stdnum's mod-36 Luhn)."""
    if len(first14) != 14:
        raise ValueError("need exactly 14 characters")
    return luhn.calc_check_digit(first14.upper(), _GSTIN_ALPHABET)


def normalise_gstin(text: str | None) -> str:
    """Return the GSTIN upper-cased and stripped, after checking every part of it.

    Raises InvalidIdentifier with code ``gstin_format`` (not 15 characters of the right shape,
    or a PAN part stdnum refuses), ``gstin_state`` (the first two digits are not a GST state
    code) or ``gstin_check`` (the last character does not match the others: a typo).
    """
    value = re.sub(r"\s+", "", (text or "")).upper()
    match = _GSTIN_RE.match(value)
    if not match or parse_pan(match.group(2)) is None:
        raise InvalidIdentifier(
            "gstin_format",
            _l("GSTIN must be 15 characters: state code, PAN, entity number, Z and a check character."),
        )
    if match.group(1) not in GST_STATE_CODES:
        raise InvalidIdentifier("gstin_state", _l("The GSTIN starts with an unknown state code."))
    try:
        luhn.validate(value, _GSTIN_ALPHABET)
    except ValidationError:
        raise InvalidIdentifier(
            "gstin_check", _l("The GSTIN check character does not match; please check for a typo.")) from None
    return value


def normalise_udyam(text: str | None) -> str:
    """Return the Udyam registration number in canonical form ``UDYAM-UP-00-0000000``.

    Accepts lower case, surrounding spaces, and spaces or en-dashes in place of hyphens.
    Raises InvalidIdentifier("udyam_format") when the shape is wrong and
    InvalidIdentifier("udyam_state") when the two letters are not an Indian state/UT code.
    """
    value = re.sub(r"[\s\u2010-\u2015_]+", "-", (text or "").strip().upper())
    match = _UDYAM_RE.match(value)
    if not match:
        raise InvalidIdentifier(
            "udyam_format",
            _l("Udyam number must look like UDYAM-UP-00-0000000 (state code, two digits, seven digits)."),
        )
    if match.group(1) not in UDYAM_STATE_CODES:
        raise InvalidIdentifier("udyam_state", _l("The Udyam number has an unknown state code."))
    return value
