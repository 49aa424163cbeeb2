"""Freight quotes: chargeable weight, destination zone and price from the rate table.

The rates are data (``data/freight_rates.json``), not code. A shipment (one sub-order: every
line of one seller, packed together) is charged on the greater of its actual weight and its
volumetric weight, L×W×H / 5000 (cm³ per kg), both in grams and rounded up to the gram. The
zone is ``same_district`` when the parcel stays in the seller's district, ``within_up`` when it
stays in Uttar Pradesh, ``rest_of_india`` otherwise. Every seller is in Uttar Pradesh.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .errors import InvalidParcel, UnknownZone
from .regions import UTTAR_PRADESH

RATES_FILE = Path(__file__).resolve().parent / "data" / "freight_rates.json"


class Zone(StrEnum):
    SAME_DISTRICT = "same_district"
    WITHIN_UP = "within_up"
    REST_OF_INDIA = "rest_of_india"


@dataclass(frozen=True)
class Slab:
    max_weight_g: int
    price_paise: int


@dataclass(frozen=True)
class ZoneRates:
    slabs: tuple[Slab, ...]
    extra_per_kg_paise: int


@dataclass(frozen=True)
class RateTable:
    version: str
    volumetric_divisor: int  # cm³ per kg
    zones: dict[str, ZoneRates]


@dataclass(frozen=True)
class Parcel:
    """One kind of item in a shipment: weight of one unit, its box size and how many."""

    weight_g: int
    length_cm: int
    width_cm: int
    height_cm: int
    quantity: int = 1


@dataclass(frozen=True)
class FreightQuote:
    zone: str
    actual_weight_g: int
    volumetric_weight_g: int
    chargeable_weight_g: int
    amount_paise: int
    rate_version: str


def parse_rate_table(data: dict) -> RateTable:
    """Build a RateTable from its JSON form; ValueError when slabs are not increasing."""
    zones = {}
    for name, spec in data["zones"].items():
        slabs = tuple(Slab(int(s["max_weight_g"]), int(s["price_paise"])) for s in spec["slabs"])
        if not slabs:
            raise ValueError(f"zone {name}: no slabs")
        weights = [s.max_weight_g for s in slabs]
        if weights != sorted(set(weights)) or weights[0] <= 0:
            raise ValueError(f"zone {name}: slab weights must be positive and increasing")
        if any(s.price_paise < 0 for s in slabs) or int(spec["extra_per_kg_paise"]) < 0:
            raise ValueError(f"zone {name}: negative price")
        zones[name] = ZoneRates(slabs, int(spec["extra_per_kg_paise"]))
    return RateTable(str(data["version"]), int(data["volumetric_divisor_cm3_per_kg"]), zones)


@lru_cache(maxsize=1)
def default_rate_table() -> RateTable:
    """The rate table shipped in ``data/freight_rates.json``."""
    return parse_rate_table(json.loads(RATES_FILE.read_text(encoding="utf-8")))


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def volumetric_weight_g(length_cm: int, width_cm: int, height_cm: int, divisor: int = 5000) -> int:
    """Volumetric weight in grams of one box: L×W×H/divisor kg, rounded up to the gram."""
    return _ceil_div(length_cm * width_cm * height_cm * 1000, divisor)


def chargeable_weight(parcels: Iterable[Parcel], divisor: int = 5000) -> tuple[int, int, int]:
    """(actual, volumetric, chargeable) grams of a shipment packing all ``parcels`` together.

    Actual and volumetric weights are summed over every unit; the chargeable weight is the
    greater of the two. Raises InvalidParcel for negative weights, sizes or quantities.
    """
    actual = volume = 0
    for p in parcels:
        if min(p.weight_g, p.length_cm, p.width_cm, p.height_cm, p.quantity) < 0:
            raise InvalidParcel()
        actual += p.weight_g * p.quantity
        volume += p.length_cm * p.width_cm * p.height_cm * p.quantity
    volumetric = _ceil_div(volume * 1000, divisor)
    return actual, volumetric, max(actual, volumetric)


def price_for_weight(rates: ZoneRates, weight_g: int) -> int:
    """Paise for ``weight_g`` grams in one zone: first slab that holds it, else last + per kg."""
    for slab in rates.slabs:
        if weight_g <= slab.max_weight_g:
            return slab.price_paise
    last = rates.slabs[-1]
    return last.price_paise + _ceil_div(weight_g - last.max_weight_g, 1000) * rates.extra_per_kg_paise


def district_key(name: str | None) -> str:
    """Comparable form of a district name: NFC, case-folded, separators (space - _ . ,) as one space.

    "Kanpur Nagar", "kanpur-nagar" and " KANPUR  NAGAR " all give "kanpur nagar".
    """
    if not name:
        return ""
    text = unicodedata.normalize("NFC", name).casefold()
    text = re.sub(r"[\s\-_.,]+", " ", text)
    return text.strip()


def zone_for(origin_district_names: Iterable[str], dest_state_code: str, dest_district: str | None) -> Zone:
    """The freight zone from a seller's district in Uttar Pradesh to a destination.

    ``origin_district_names``: every name the seller's district goes by (English, Hindi, slug).
    ``dest_state_code``: the destination's state/UT code (``UP`` ...); ``dest_district``: the
    district written on the address. Raises UnknownZone when the state code is empty.
    """
    state = (dest_state_code or "").strip().upper()
    if not state:
        raise UnknownZone()
    if state != UTTAR_PRADESH:
        return Zone.REST_OF_INDIA
    origin = {district_key(n) for n in origin_district_names if n}
    if district_key(dest_district) and district_key(dest_district) in origin:
        return Zone.SAME_DISTRICT
    return Zone.WITHIN_UP


def quote(parcels: Iterable[Parcel], zone: Zone | str, table: RateTable | None = None) -> FreightQuote:
    """Freight for one shipment of ``parcels`` to ``zone``.

    Result: a FreightQuote with the weights used and the amount in paise. An empty shipment
    costs nothing. Raises UnknownZone when the table has no rates for ``zone`` and
    InvalidParcel for negative sizes.
    """
    table = table or default_rate_table()
    zone = str(zone)
    if zone not in table.zones:
        raise UnknownZone()
    parcels = list(parcels)
    actual, volumetric, chargeable = chargeable_weight(parcels, table.volumetric_divisor)
    if not any(p.quantity for p in parcels):
        amount = 0
    else:
        amount = price_for_weight(table.zones[zone], chargeable)
    return FreightQuote(zone, actual, volumetric, chargeable, amount, table.version)
