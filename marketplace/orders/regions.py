"""India's states and union territories, and PIN code checks, for delivery addresses.

The list is data (``data/states_uts.csv``): a short code (vehicle-registration style, e.g.
``UP``), the two-digit GST state code (place of supply on a tax invoice), whether it is a
state or a union territory, and the name in English and Hindi.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "states_uts.csv"
UTTAR_PRADESH = "UP"
_PIN = re.compile(r"^[1-9][0-9]{5}$")


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


def normalise_pin(pin: str | None) -> str | None:
    """The 6-digit PIN in ``pin`` (spaces removed), or None when it is not a valid Indian PIN.

    Indian PIN codes have six digits and never start with 0.
    """
    if pin is None:
        return None
    digits = re.sub(r"\s+", "", str(pin))
    return digits if _PIN.match(digits) else None
