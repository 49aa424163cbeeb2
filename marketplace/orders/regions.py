"""India's states and union territories, and PIN code checks, for delivery addresses.

The list is data (``data/states_uts.csv``): a short code (vehicle-registration style, e.g.
``UP``), the two-digit GST state code (place of supply on a tax invoice), whether it is a
state or a union territory, and the name in English and Hindi.

Which states use which PIN codes is data too (``data/pin_prefixes.csv``, India Post's postal
circles by the PIN's first two digits, with its source noted there): a delivery address's PIN
must belong to its state, so nobody can pick a cheaper freight zone by naming the wrong state.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from marketplace.india import normalise_pin

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
