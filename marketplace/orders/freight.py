"""Freight quotes: chargeable weight, destination zone and price from the rate table.

The rates are data, not code: versions of the rate table are stored in the database
(``FreightRateVersion``, edited by the ODOP cell as a new version with an effective date) and
``current_rate_table(at)`` picks the one in force; the first version is the table shipped in
``data/freight_rates.json``. Everything here except ``current_rate_table`` and
``ensure_default_rates`` is a pure function of its arguments. A shipment (one sub-order: every
line of one seller, packed together) is charged on the greater of its actual weight and its
volumetric weight, L×W×H / 5000 (cm³ per kg), both in grams and rounded up to the gram. The
zone is ``same_district`` when the parcel stays in the seller's district, ``within_up`` when it
stays in Uttar Pradesh, ``rest_of_india`` otherwise, reckoned from the PIN directory (the
delivery PIN's district and state), never from typed text. Every seller is in Uttar Pradesh.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.india import UTTAR_PRADESH, PinPlace

from .errors import InvalidParcel, UnknownZone
from .labels import SHIPPED_RATES_NOTE
from .models import FreightRateVersion
from .rate_table import (  # noqa: F401  (re-exported: callers use freight.RateTable etc.)
    RATES_FILE, FreightQuote, Parcel, RateTable, Slab, Zone, ZoneRates, default_rate_table,
    parse_rate_table, rate_document)


# -- the stored versions (database) --------------------------------------------------------------
# The first stored version: the shipped table, in force since the ODOP scheme began (1 April
# 2019, midnight in India), so every order ever placed has a version that explains it.
DEFAULT_EFFECTIVE_FROM = dt.datetime(2019, 3, 31, 18, 30, tzinfo=dt.timezone.utc)


def ensure_default_rates():
    """Store the shipped table as the first version unless a version with its name exists.

    Idempotent and safe under concurrency (INSERT ... ON CONFLICT DO NOTHING on the version
    name); adds to the caller's transaction, never commits. Returns the stored version.
    """
    table = default_rate_table()
    document = rate_document(table)
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    now = utcnow()
    db.session.execute(
        insert(FreightRateVersion)
        .values(label=table.version, effective_from=DEFAULT_EFFECTIVE_FROM,
                volumetric_divisor=table.volumetric_divisor, zones=document["zones"],
                note=SHIPPED_RATES_NOTE, created_at=now, updated_at=now)
        .on_conflict_do_nothing(index_elements=["label"]))
    return db.session.scalars(select(FreightRateVersion).where(FreightRateVersion.label == table.version)).one()


def current_rate_version(at: dt.datetime | None = None):
    """The stored FreightRateVersion in force at ``at`` (now by default): the newest whose
    ``effective_from`` is at or before ``at``. Before the first version, the first one; on a
    database with no version at all, the shipped table is stored first (see
    ``ensure_default_rates``)."""
    at = at or utcnow()
    found = db.session.scalars(
        select(FreightRateVersion).where(FreightRateVersion.effective_from <= at)
        .order_by(FreightRateVersion.effective_from.desc(), FreightRateVersion.id.desc()).limit(1)).first()
    if found is None:
        found = db.session.scalars(select(FreightRateVersion).order_by(
            FreightRateVersion.effective_from, FreightRateVersion.id).limit(1)).first()
    return found if found is not None else ensure_default_rates()


def current_rate_table(at: dt.datetime | None = None) -> RateTable:
    """The rate table in force at ``at`` (now by default), with ``version_id`` set: what
    checkout prices shipments with. See ``current_rate_version``."""
    return current_rate_version(at).table()


# -- pure pricing -------------------------------------------------------------------------------
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


def zone_for(origin_district: str | None, dest: PinPlace | None) -> Zone:
    """The freight zone from a seller's district in Uttar Pradesh to a delivery PIN's place.

    ``origin_district``: the seller's district as the districts table names it (see
    ``checkout.seller_district``); ``dest``: the directory's entry for the delivery PIN
    (``india.pin_place``), never text a buyer typed. Raises UnknownZone when ``dest`` is None.
    """
    if dest is None or not dest.state_code:
        raise UnknownZone()
    if dest.state_code != UTTAR_PRADESH:
        return Zone.REST_OF_INDIA
    if district_key(origin_district) and district_key(origin_district) == district_key(dest.district):
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
