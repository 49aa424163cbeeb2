"""Freight rate versions, as the ODOP cell maintains them (``/admin/freight-rates``).

A change of rates is a new version with an effective date (today or later, in India), never an
edit: every sub-order records the version that priced it (``SubOrder.freight_rate_version_id``)
and keeps its price. A version that has not started yet may be deleted; one that is in force or
was in force never. Only the ODOP cell (``admin``) creates or deletes; DIC officers may look.
Every change is audited with the table before and after.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import Role
from marketplace.admin import audit
from marketplace.admin.periods import KOLKATA
from marketplace.database import utcnow
from marketplace.errors import DomainError, NotFound, PermissionDenied
from marketplace.extensions import db
from marketplace.money import InvalidAmount, paise_to_decimal, rupees_to_paise
from marketplace.orders import freight
from marketplace.orders.freight import Zone
from marketplace.orders.models import FreightRateVersion, SubOrder
from marketplace.params import parse_id
from marketplace.transaction import committed

ZONES = tuple(z.value for z in Zone)
ZONE_LABELS = {
    Zone.SAME_DISTRICT.value: _l("Within the seller's district"),
    Zone.WITHIN_UP.value: _l("Elsewhere in Uttar Pradesh"),
    Zone.REST_OF_INDIA.value: _l("Rest of India"),
}
MAX_WEIGHT_G = 1_000_000  # 1 tonne: no parcel band is heavier
MAX_PRICE_PAISE = 10_000_000  # ₹1,00,000 per band or per kilogram
MAX_DIVISOR = 100_000


class FreightRatesInvalid(DomainError):
    """The new table has mistakes; ``problems`` maps a form field name to its message."""

    code = "freight_rates_invalid"
    default_message = _l("Please correct the rate table.")

    def __init__(self, problems: dict[str, object]):
        super().__init__(problems=list(problems))
        self.problems = problems


class RateVersionStarted(DomainError):
    code = "freight_rates_in_force"
    default_message = _l("This rate version is or was already in force: orders were priced with it, "
                         "so it can never be deleted. Add a new version instead.")


@dataclass(frozen=True)
class Band:
    """One weight band as typed: up to ``max_weight_g`` grams costs ``price_paise`` (None = empty)."""

    max_weight_g: int | None
    price_paise: int | None


@dataclass(frozen=True)
class ZoneDraft:
    bands: tuple[Band, ...]
    extra_per_kg_paise: int | None


@dataclass(frozen=True)
class RateDraft:
    """A new version as the ODOP cell typed it (amounts already in paise)."""

    label: str
    effective_date: dt.date | None
    volumetric_divisor: int | None
    zones: dict[str, ZoneDraft]
    note: str = ""
    problems: dict[str, object] = field(default_factory=dict)  # parse errors found by the form


def field_name(zone: str, what: str, index: int | None = None) -> str:
    """The form field of a zone's band weight/price (``within_up_weight_2``) or extra per kg."""
    return f"{zone}_{what}" if index is None else f"{zone}_{what}_{index}"


def draft_from_form(get, bands_per_zone: int) -> RateDraft:
    """A RateDraft from the form's text fields (``get(name) -> str``): weights in whole grams,
    prices in rupees (at most two decimals), the date as YYYY-MM-DD. Text that does not parse
    is kept as a problem on its field (translated), for ``add_rate_version`` to report with the
    rest."""
    problems: dict[str, object] = {}

    def text(name):
        return (get(name) or "").strip()

    def whole(name, message):
        value = text(name).replace(",", "").replace("_", "")
        if not value:
            return None
        if not value.isdecimal() or len(value) > 9:  # ASCII or Devanagari digits; never "²"
            problems[name] = message
            return None
        return int(value)

    def rupees(name):
        value = text(name).replace(",", "")
        if not value:
            return None
        try:
            return rupees_to_paise(value)
        except InvalidAmount:
            problems[name] = _l("Enter an amount in rupees, for example 60 or 60.50.")
            return None

    day = None
    if text("effective_date"):
        try:
            day = dt.date.fromisoformat(text("effective_date"))
        except ValueError:
            problems["effective_date"] = _l("Enter the date as YYYY-MM-DD.")
    divisor = whole("volumetric_divisor", _l("The volumetric divisor must be a whole number above 0 and at most 100,000."))
    zones = {}
    for zone in ZONES:
        bands = tuple(Band(whole(field_name(zone, "weight", i), _l("Enter the weight in whole grams, for example 500.")),
                           rupees(field_name(zone, "price", i)))
                      for i in range(bands_per_zone))
        zones[zone] = ZoneDraft(bands, rupees(field_name(zone, "extra")))
    return RateDraft(label=text("label"), effective_date=day, volumetric_divisor=divisor, zones=zones,
                     note=text("note"), problems=problems)


def _rupees_text(paise: int) -> str:
    """``6000`` → ``"60"``, ``6050`` → ``"60.50"`` (what the form shows)."""
    return str(paise // 100) if paise % 100 == 0 else str(paise_to_decimal(paise))


def form_data(version: FreightRateVersion, now: dt.datetime | None = None) -> dict[str, str]:
    """The new-version form filled from ``version`` (prices in rupees), dated tomorrow in India,
    with an empty name."""
    data = {"label": "", "effective_date": (today_in_india(now) + dt.timedelta(days=1)).isoformat(),
            "volumetric_divisor": str(version.volumetric_divisor), "note": ""}
    for zone in ZONES:
        spec = version.zones.get(zone) or {"slabs": [], "extra_per_kg_paise": None}
        for i, slab in enumerate(spec["slabs"]):
            data[field_name(zone, "weight", i)] = str(slab["max_weight_g"])
            data[field_name(zone, "price", i)] = _rupees_text(slab["price_paise"])
        if spec.get("extra_per_kg_paise") is not None:
            data[field_name(zone, "extra")] = _rupees_text(spec["extra_per_kg_paise"])
    return data


def _require_cell(actor) -> None:
    if actor.role != Role.ADMIN:
        raise PermissionDenied()


def today_in_india(now: dt.datetime | None = None) -> dt.date:
    return (now or utcnow()).astimezone(KOLKATA).date()


def start_of(day: dt.date, now: dt.datetime) -> dt.datetime:
    """When a version dated ``day`` takes effect: midnight in India that day, or ``now`` when the
    day is today (a version never takes effect before it was created)."""
    midnight = dt.datetime.combine(day, dt.time(0, 0), tzinfo=KOLKATA).astimezone(dt.timezone.utc)
    return max(midnight, now)


def _validated_zones(draft: RateDraft, problems: dict[str, object]) -> dict:
    zones = {}
    for zone in ZONES:
        spec = draft.zones.get(zone) or ZoneDraft((), None)
        slabs, last_weight, last_price = [], 0, 0
        for i, band in enumerate(spec.bands):
            w_field, p_field = field_name(zone, "weight", i), field_name(zone, "price", i)
            if w_field in problems or p_field in problems:
                continue
            if band.max_weight_g is None and band.price_paise is None:
                continue
            if band.max_weight_g is None:
                problems[w_field] = _l("Give the weight limit of this band, or clear its price.")
                continue
            if band.price_paise is None:
                problems[p_field] = _l("Give the price of this band, or clear its weight.")
                continue
            if not 0 < band.max_weight_g <= MAX_WEIGHT_G:
                problems[w_field] = _l("The weight must be a whole number of grams above 0 and at most 1,000,000.")
                continue
            if not 0 < band.price_paise <= MAX_PRICE_PAISE:
                problems[p_field] = _l("The price must be more than ₹0 and at most ₹1,00,000.")
                continue
            if band.max_weight_g <= last_weight:
                problems[w_field] = _l("Each band must go up to a higher weight than the band above it.")
                continue
            if band.price_paise < last_price:
                problems[p_field] = _l("A heavier band may not cost less than a lighter one.")
                continue
            slabs.append({"max_weight_g": band.max_weight_g, "price_paise": band.price_paise})
            last_weight, last_price = band.max_weight_g, band.price_paise
        extra_field = field_name(zone, "extra")
        if not slabs and not any(k.startswith(f"{zone}_") for k in problems):
            problems[field_name(zone, "weight", 0)] = _l("Every destination needs at least one weight band.")
        if extra_field not in problems:
            if spec.extra_per_kg_paise is None:
                problems[extra_field] = _l("Give the price of each kilogram above the last band.")
            elif not 0 < spec.extra_per_kg_paise <= MAX_PRICE_PAISE:
                problems[extra_field] = _l("The price must be more than ₹0 and at most ₹1,00,000.")
        zones[zone] = {"slabs": slabs, "extra_per_kg_paise": spec.extra_per_kg_paise}
    return zones


def add_rate_version(actor, draft: RateDraft, now: dt.datetime | None = None) -> FreightRateVersion:
    """Store a new freight rate version (ODOP cell only), audited with the current version as
    "before"; commits.

    Checks: a unique name (at most 20 characters); an effective date today or later in India
    (today means from now on) and not the day another version starts; a positive volumetric
    divisor; for every zone at least one band, each with a positive weight (grams) and a
    positive price (paise), weights increasing and prices never decreasing down the bands; a
    positive price per extra kilogram. Raises :class:`PermissionDenied` or
    :class:`FreightRatesInvalid` (every problem, by form field); nothing is stored then.
    """
    _require_cell(actor)
    now = now or utcnow()
    problems: dict[str, object] = dict(draft.problems)
    label = " ".join((draft.label or "").split())
    if "label" not in problems:
        if not label:
            problems["label"] = _l("Give the version a name.")
        elif len(label) > 20:
            problems["label"] = _l("The name is too long (at most 20 characters).")
        elif db.session.scalar(select(FreightRateVersion.id).where(func.lower(FreightRateVersion.label) == label.lower())):
            problems["label"] = _l("A rate version with this name already exists.")
    starts = None
    if "effective_date" not in problems:
        if draft.effective_date is None:
            problems["effective_date"] = _l("Give the date the new rates take effect.")
        elif draft.effective_date < today_in_india(now):
            problems["effective_date"] = _l("The new rates must take effect today or later: orders already "
                                            "placed keep the rates they were priced with.")
        else:
            starts = start_of(draft.effective_date, now)
            if draft.effective_date > today_in_india(now) and db.session.scalar(
                    select(FreightRateVersion.id).where(FreightRateVersion.effective_from == starts)):
                problems["effective_date"] = _l("Another rate version starts on that day; delete it first or choose another day.")
    if "volumetric_divisor" not in problems and not (
            draft.volumetric_divisor is not None and 0 < draft.volumetric_divisor <= MAX_DIVISOR):
        problems["volumetric_divisor"] = _l("The volumetric divisor must be a whole number above 0 and at most 100,000.")
    if len(draft.note or "") > 2000:
        problems["note"] = _l("The note is too long (at most 2,000 characters).")
    zones = _validated_zones(draft, problems)
    if problems:
        raise FreightRatesInvalid(problems)
    freight.parse_rate_table({"version": label, "volumetric_divisor_cm3_per_kg": draft.volumetric_divisor,
                              "zones": zones})  # the pricing code's own check: cannot fail after the above
    current = freight.current_rate_version(now)
    try:
        with committed():
            version = FreightRateVersion(label=label, effective_from=starts, volumetric_divisor=draft.volumetric_divisor,
                                         zones=zones, note=(draft.note or "").strip(), created_by_id=actor.id)
            db.session.add(version)
            db.session.flush()
            audit.record(actor, "freight_rates.new_version", version, before=_snapshot(current),
                         after=_snapshot(version), summary=f"{label} ({starts.astimezone(KOLKATA):%Y-%m-%d %H:%M} IST)")
    except IntegrityError:  # the same name saved at the same moment by another session
        raise FreightRatesInvalid({"label": _l("A rate version with this name already exists.")}) from None
    return version


def _snapshot(version: FreightRateVersion | None) -> dict:
    if version is None:
        return {}
    return audit.snapshot(version, ("label", "effective_from", "volumetric_divisor", "zones", "note"))


def delete_rate_version(actor, version_id, now: dt.datetime | None = None) -> None:
    """Delete a version that has not taken effect yet (ODOP cell only); audited; commits.

    Raises :class:`PermissionDenied`, :class:`NotFound` for an unknown id, and
    :class:`RateVersionStarted` for a version in force now or in the past (or one a sub-order
    refers to).
    """
    _require_cell(actor)
    now = now or utcnow()
    number = parse_id(version_id)
    version = db.session.get(FreightRateVersion, number) if number is not None else None
    if version is None:
        raise NotFound()
    used = db.session.scalar(select(SubOrder.id).where(SubOrder.freight_rate_version_id == version.id).limit(1))
    if version.effective_from <= now or used is not None:
        raise RateVersionStarted()
    with committed():
        audit.record(actor, "freight_rates.delete", version, before=_snapshot(version), after={},
                     summary=version.label)
        db.session.delete(version)


@dataclass(frozen=True)
class VersionRow:
    version: FreightRateVersion
    state: str  # "future", "current" or "past"
    orders: int  # sub-orders priced with it

    @property
    def deletable(self) -> bool:
        return self.state == "future" and self.orders == 0


def versions(now: dt.datetime | None = None) -> list[VersionRow]:
    """Every version, latest start first, marked future / current / past, with how many
    sub-orders it priced. Stores the shipped table first on an empty database."""
    now = now or utcnow()
    current = freight.current_rate_version(now)
    counts = dict(db.session.execute(
        select(SubOrder.freight_rate_version_id, func.count()).where(SubOrder.freight_rate_version_id.is_not(None))
        .group_by(SubOrder.freight_rate_version_id)).all())
    rows = []
    for v in db.session.scalars(select(FreightRateVersion).order_by(FreightRateVersion.effective_from.desc(),
                                                                    FreightRateVersion.id.desc())):
        state = "current" if v.id == current.id else ("future" if v.effective_from > now else "past")
        rows.append(VersionRow(v, state, counts.get(v.id, 0)))
    return rows


def current_version(now: dt.datetime | None = None) -> FreightRateVersion:
    """The version in force now (what the new-version form starts from)."""
    return freight.current_rate_version(now)
