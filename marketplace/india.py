"""Indian facts, one rule each: mobile numbers, PIN codes, India's time zone, the financial year.

Everything here is a plain function or constant with no database and no request, and it imports
nothing from the domain packages (it sits below ``accounts`` in the layers), so accounts,
catalog, orders, buyers and admin all share the same rule instead of keeping a copy.

- Mobile numbers are parsed with ``phonenumbers`` and stored as the ten-digit national number
  (``"9876543210"``), the form the database has always held; ``to_e164`` and ``format_mobile``
  give ``+919876543210`` and ``+91 98765 43210``.
- PIN codes have six digits and never start with 0. States and union territories are data
  (``marketplace/data/states_uts.csv``: a vehicle-registration style code such as ``UP``, the
  two-digit GST state code, state or UT, names in English and Hindi); every PIN code's state
  and district is data too (``marketplace/data/pin_directory.csv``, built from India Post's
  directory, source and licence in ``marketplace/data/README.md``; ``pin_place``): freight is
  priced from PINs, so nobody can pick a cheaper zone by typing another district or state.
- GSTIN and PAN are checked with ``python-stdnum`` (PAN shape and holder type, the GSTIN's
  mod-36 Luhn check character); the GST state codes are ours, because stdnum's table stops at 37
  (it has no 38, Ladakh, nor 97/99). Udyam numbers: ``UDYAM-XX-00-0000000``.
- ``IST`` is the one ``ZoneInfo("Asia/Kolkata")``; the financial year runs 1 April to 31 March,
  reckoned in IST, and is named by the calendar year it starts in (FY 2026 = "2026-27").
"""
from __future__ import annotations

import csv
import datetime as dt
import os
import re
import sys
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


# --- the PIN directory ------------------------------------------------------------------------
# Every PIN code with its state/UT and district (marketplace/data/pin_directory.csv, built from
# India Post's directory; source, date and licence in marketplace/data/README.md) and a few
# corrections (pin_overrides.csv: PINs of the districts created after the directory was made).
# Uttar Pradesh's districts carry the names of marketplace/catalog/data/districts.csv (the
# districts table), so a PIN's district can be compared with a seller's.

DATA_DIR = Path(__file__).resolve().parent / "data"
PIN_DIRECTORY = DATA_DIR / "pin_directory.csv"
PIN_OVERRIDES = DATA_DIR / "pin_overrides.csv"
UP_DISTRICTS = Path(__file__).resolve().parent / "catalog" / "data" / "districts.csv"
PIN_COLUMNS = ("pin", "state_code", "district", "place")


@dataclass(frozen=True, slots=True)
class PinPlace:
    """Where a PIN code is: its state/UT code (``UP``), district and post-office place."""

    pin: str
    state_code: str
    district: str
    place: str


def _read_pin_csv(path: Path) -> dict[str, PinPlace]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    table = {}
    for row in csv.DictReader(lines):
        # one string object per state code and district name: 19,000 rows share a few hundred
        place = PinPlace(row["pin"], sys.intern(row["state_code"]), sys.intern(row["district"]), row["place"])
        table[place.pin] = place
    return table


@lru_cache(maxsize=1)
def _pin_table() -> dict[str, PinPlace]:
    """The directory with the overrides applied, read once per process."""
    table = _read_pin_csv(PIN_DIRECTORY)
    table.update(_read_pin_csv(PIN_OVERRIDES))
    return table


def pin_place(pin: str | None) -> PinPlace | None:
    """Where the PIN code ``pin`` is (spaces allowed: ``"221 001"``), or None for a text that is
    not a PIN or a PIN the directory does not know (``"999999"``, the Army Postal Service)."""
    table = _pin_table()
    found = table.get(pin) if isinstance(pin, str) else None
    if found is not None:
        return found
    digits = normalise_pin(pin)
    return table.get(digits) if digits else None


def pin_matches_state(pin: str | None, state_code: str | None) -> bool:
    """True when the directory puts ``pin`` in the state/UT ``state_code`` (case-insensitive)."""
    place = pin_place(pin)
    return place is not None and bool(state_code) and place.state_code == state_code.strip().upper()


# Uttar Pradesh's districts made after the directory, and the districts their PINs may still be
# listed under (see pin_overrides.csv): a seller there may give such a PIN.
NEWER_UP_DISTRICTS = {
    "Hapur": frozenset({"Ghaziabad"}), "Shamli": frozenset({"Muzaffarnagar"}),
    "Sambhal": frozenset({"Moradabad", "Budaun"}), "Kasganj": frozenset({"Etah"}),
    "Amethi": frozenset({"Sultanpur", "Raebareli"}),
}


def pin_in_up_district(pin: str | None, district: str | None) -> bool:
    """True when the directory puts ``pin`` in Uttar Pradesh's district ``district`` (the
    districts table's name), or, for a district newer than the directory, in the district it
    was carved out of."""
    place = pin_place(pin)
    if place is None or place.state_code != UTTAR_PRADESH or not district:
        return False
    return place.district == district or place.district in NEWER_UP_DISTRICTS.get(district, ())


def pin_count() -> int:
    """How many PIN codes the directory knows."""
    return len(_pin_table())


# -- building the directory from India Post's data ---------------------------------------------
# State names as India Post's directories write them (older names included) -> our codes.
_STATE_ALIASES = {
    "CHATTISGARH": "CG", "CHHATISGARH": "CG", "PONDICHERRY": "PY", "ORISSA": "OD", "UTTARANCHAL": "UK",
    "DAMAN & DIU": "DD", "DAMAN AND DIU": "DD", "DADRA & NAGAR HAVELI": "DD", "DADRA AND NAGAR HAVELI": "DD",
    "THE DADRA AND NAGAR HAVELI AND DAMAN AND DIU": "DD", "JAMMU & KASHMIR": "JK",
    "ANDAMAN & NICOBAR ISLANDS": "AN", "ANDAMAN AND NICOBAR": "AN", "NCT OF DELHI": "DL",
}
# Districts that belong to a state or UT made after the directory: Ladakh (2019, from Jammu and
# Kashmir) and Telangana (2014, from Andhra Pradesh; its 2014 districts).
_MOVED_DISTRICTS = {
    "JK": ("LA", {"leh", "lehladakh", "kargil"}),
    "AP": ("TS", {"adilabad", "hyderabad", "kvrangareddy", "rangareddy", "rangareddi", "karimnagar",
                  "khammam", "mahabubnagar", "mahbubnagar", "medak", "nalgonda", "nizamabad", "warangal"}),
}
# Uttar Pradesh's old or other spellings -> the name in the districts table.
_UP_DISTRICT_ALIASES = {
    "allahabad": "Prayagraj", "faizabad": "Ayodhya", "jyotibaphulenagar": "Amroha", "jpnagar": "Amroha",
    "santravidasnagar": "Bhadohi", "santravidasnagarbhadohi": "Bhadohi", "bhadohi": "Bhadohi",
    "kheri": "Lakhimpur Kheri", "bagpat": "Baghpat", "gautambuddhanagar": "Gautam Buddh Nagar",
    "shrawasti": "Shravasti", "badaun": "Budaun", "bulandshahar": "Bulandshahr", "mahamayanagar": "Hathras",
    "kanshiramnagar": "Kasganj", "panchsheelnagar": "Hapur", "prabuddhnagar": "Shamli",
    "prabuddhanagar": "Shamli", "bhimnagar": "Sambhal", "chhatrapatishahujimaharajnagar": "Amethi",
    "mahrajganj": "Maharajganj", "siddharthanagar": "Siddharthnagar", "raebareily": "Raebareli",
    "barabanki": "Barabanki", "kushinagar": "Kushinagar", "padrauna": "Kushinagar",
}


def _name_key(name: str | None) -> str:
    """Letters only, case-folded: "Rae Bareli", "RAEBARELI" and "Sant Ravidas Nagar" match."""
    return re.sub(r"[^\w]|_|\d", "", (name or "").casefold())


@lru_cache(maxsize=1)
def _up_district_names() -> dict[str, str]:
    with UP_DISTRICTS.open(encoding="utf-8", newline="") as fh:
        names = {_name_key(row["district"]): row["district"] for row in csv.DictReader(fh)}
    names.update({key: name for key, name in _UP_DISTRICT_ALIASES.items() if _name_key(name) in names})
    return names


def _state_code(name: str) -> str | None:
    text = re.sub(r"\s+", " ", (name or "").strip().upper())
    if text in _STATE_ALIASES:
        return _STATE_ALIASES[text]
    for r in all_regions():
        if r.name_en.upper() == text or r.code == text:
            return r.code
    return None


def _title(text: str) -> str:
    text = re.sub(r"\s+", " ", (text or "").replace("*", "")).strip()
    return text.title() if text.isupper() else text


def _office_place(office: str) -> str:
    """"Sadar Bazar S.O (Agra)" -> "Sadar Bazar (Agra)": the office's place without its kind."""
    text = re.sub(r"\s+(B\.?O|S\.?O|H\.?O|G\.?P\.?O)\.?(?=\s|$|\()", "", _title(office))
    return re.sub(r"\s+", " ", text).strip()


def canonical_pin_row(pin: str, state_name: str, district: str, place: str) -> PinPlace | str:
    """One directory row in our terms: the PinPlace, or why the row is refused (a sentence for
    the refresh command's report: a bad PIN, an unknown state, no district, an Uttar Pradesh
    district that is not one of its 75)."""
    digits = normalise_pin(pin)
    if digits is None or len(str(pin).strip()) != 6:
        return f"not a PIN code: {pin!r}"
    code = _state_code(state_name)
    if code is None:
        return f"unknown state or union territory: {state_name!r}"
    name = _title(district)
    if not name or name.upper() in ("NA", "N/A"):
        return f"no district for PIN {digits}"
    if code in _MOVED_DISTRICTS and _name_key(name) in _MOVED_DISTRICTS[code][1]:
        code = _MOVED_DISTRICTS[code][0]
    if code == UTTAR_PRADESH:
        canonical = _up_district_names().get(_name_key(name))
        if canonical is None:
            return f"not a district of Uttar Pradesh: {district!r}"
        name = canonical
    return PinPlace(digits, code, name, _title(place)[:100])


class PinSourceInvalid(DomainError, ValueError):
    """A PIN directory source has rows that cannot be used; ``problems`` lists
    ``(line number, reason)`` and nothing was written."""

    code = "pin_source_invalid"

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__(_l("The PIN directory file has rows that cannot be used."), code=self.code)
        self.problems = problems


def _rows_of_module(path: Path):
    """(line, pin, state, district, place) of the ``pincodes`` dict of the pincode-directory
    package (pin -> [post office, taluk, district, STATE]), read without running the file."""
    import ast  # only the refresh command reads a Python source

    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = [node.value for node in ast.walk(tree) if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)]
    if not found:
        raise PinSourceInvalid([(1, "no pincodes dictionary in the file")])
    for key, value in zip(found[0].keys, found[0].values):
        line = getattr(key, "lineno", 1)
        try:
            pin, entry = ast.literal_eval(key), ast.literal_eval(value)
        except ValueError:
            yield line, None, "", "", "", "not a literal entry"
            continue
        if not (isinstance(entry, (list, tuple)) and len(entry) == 4 and all(isinstance(x, str) for x in entry)):
            yield line, str(pin), "", "", "", f"PIN {pin!r}: expected [office, taluk, district, state]"
            continue
        office, taluk, district, state = entry
        usable = _title(taluk) if _title(taluk).upper() not in ("", "NA") else _office_place(office)
        yield line, str(pin), state, district, usable, None


# India Post's open-data CSV: several offices per PIN; the head office, then a sub-office, then a
# branch office names the PIN, a delivering office before a non-delivering one.
_OFFICE_RANK = {"HO": 0, "SO": 1, "BO": 2}
CSV_COLUMNS = ("pincode", "officename", "district", "statename")


def _rows_of_csv(path: Path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        columns = {(c or "").strip().lower() for c in reader.fieldnames or ()}
        missing = [c for c in CSV_COLUMNS if c not in columns]
        if missing:
            raise PinSourceInvalid([(1, "missing columns: " + ", ".join(missing))])
        for row in reader:
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
            kind = re.sub(r"[^A-Z]", "", row.get("officetype", "").upper())
            delivers = "NON" not in row.get("delivery", "").upper()
            rank = (_OFFICE_RANK.get(kind, 3), 0 if delivers else 1)
            yield reader.line_num, row["pincode"], row["statename"], row["district"], _office_place(row["officename"]), rank


def read_pin_source(path: str | Path) -> dict[str, PinPlace]:
    """Every PIN of a directory source: India Post's open-data CSV ("All India Pincode
    Directory", data.gov.in) or the ``pincodes.py`` of the pincode-directory package.

    Raises PinSourceInvalid listing every refused row with its line number (see
    ``canonical_pin_row``) and FileNotFoundError for a missing file."""
    path = Path(path)
    problems: list[tuple[int, str]] = []
    best: dict[str, tuple[tuple, PinPlace]] = {}
    if path.suffix == ".py":
        rows = ((line, pin, state, district, place, (0, 0), why)
                for line, pin, state, district, place, why in _rows_of_module(path))
    else:
        rows = ((line, pin, state, district, place, rank, None)
                for line, pin, state, district, place, rank in _rows_of_csv(path))
    for line, pin, state, district, place, rank, why in rows:
        result = why or canonical_pin_row(pin, state, district, place)
        if isinstance(result, str):
            problems.append((line, result))
        elif result.pin not in best or rank < best[result.pin][0]:
            best[result.pin] = (rank, result)
    if problems:
        raise PinSourceInvalid(problems)
    if not best:
        raise PinSourceInvalid([(1, "no PIN codes in the file")])
    return {pin: place for pin, (_, place) in sorted(best.items())}


@dataclass(frozen=True)
class PinRefresh:
    """What a refresh changed (or would change, on a dry run)."""

    added: int
    changed: int
    removed: int
    total: int


def refresh_pin_directory(source: str | Path, *, target: str | Path = PIN_DIRECTORY,
                          dry_run: bool = False) -> PinRefresh:
    """Replace the directory file ``target`` with the PINs of ``source`` (``read_pin_source``),
    written atomically (a temporary file renamed over it). ``dry_run`` counts and writes nothing.

    Returns the counts of PINs added, changed and removed. Raises PinSourceInvalid (nothing is
    written then)."""
    new = read_pin_source(source)
    target = Path(target)
    old = _read_pin_csv(target) if target.exists() else {}
    result = PinRefresh(added=len(new.keys() - old.keys()), removed=len(old.keys() - new.keys()),
                        changed=sum(1 for pin in new.keys() & old.keys() if new[pin] != old[pin]),
                        total=len(new))
    if not dry_run:
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            with temporary.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(PIN_COLUMNS)
                writer.writerows((p.pin, p.state_code, p.district, p.place) for p in new.values())
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
        _pin_table.cache_clear()
    return result

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
