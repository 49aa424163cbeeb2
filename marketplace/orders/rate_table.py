"""The freight rate table as data: its types, its JSON form and the table shipped with the code.

Pure (no database): ``orders.models.FreightRateVersion`` builds its table with
``parse_rate_table`` and ``orders.freight`` prices with it, so both import this module and
neither imports the other at module level (``.importlinter``'s no-cycles contract).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

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
    version_id: int | None = None  # the stored FreightRateVersion it came from, if any


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


def parse_rate_table(data: dict, version_id: int | None = None) -> RateTable:
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
    divisor = int(data["volumetric_divisor_cm3_per_kg"])
    if divisor <= 0:
        raise ValueError("volumetric divisor must be positive")
    return RateTable(str(data["version"]), divisor, zones, version_id)


def rate_document(table: RateTable) -> dict:
    """The JSON form of ``table`` (what ``parse_rate_table`` reads), without a description."""
    return {
        "version": table.version,
        "volumetric_divisor_cm3_per_kg": table.volumetric_divisor,
        "zones": {
            name: {"slabs": [{"max_weight_g": s.max_weight_g, "price_paise": s.price_paise} for s in rates.slabs],
                   "extra_per_kg_paise": rates.extra_per_kg_paise}
            for name, rates in table.zones.items()
        },
    }


@lru_cache(maxsize=1)
def default_rate_table() -> RateTable:
    """The rate table shipped in ``data/freight_rates.json``."""
    return parse_rate_table(json.loads(RATES_FILE.read_text(encoding="utf-8")))
