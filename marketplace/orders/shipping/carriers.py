"""Carriers as adapters: one interface, one adapter per way of shipping.

A carrier adapter is a plain object with five methods, so the shipping service
(``shipping/service.py``) never knows which courier it talks to:

- ``rates(from_pin, to_pin, weight_g, size, cod)`` → a list of ``Rate`` (may be empty: the
  adapter has no price list, like ``manual``);
- ``book(booking, progress)`` → ``Booked`` (AWB number, courier name, label link). Booking with
  an aggregator takes several calls (create order → assign AWB → label); ``progress`` is what an
  earlier, interrupted attempt already obtained (``{"order_id": ..., "shipment_id": ...}``), so a
  retry resumes instead of booking twice. When a call fails the adapter raises ``CourierError``
  carrying the progress made so far, which the service stores;
- ``pickup(booked)`` → ``Pickup`` (the date the courier comes), or ``CourierError`` (refused);
- ``track(awb)`` → the list of ``TrackingUpdate`` the courier knows, oldest first;
- ``parse_webhook(headers, body)`` → ``TrackingUpdate`` list from one incoming tracking call,
  after checking its shared secret (``BadCourierWebhook`` otherwise, before anything is read).

Two adapters: ``manual`` (here: the seller types the carrier and the number, as before; India
Post Speed Post numbers get a tracking link) and ``aggregator`` (``shipping/aggregator.py``: an
HTTP client in the shape of Shiprocket's public API). ``carrier_for(name)`` gives the one
configured by the ``SHIPPING_*`` settings.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Callable, Mapping, Protocol
from urllib.parse import quote

from flask_babel import lazy_gettext as _l

from marketplace.errors import DomainError


class TrackingCode(StrEnum):
    """What happened to a parcel, in our words (each adapter maps its courier's codes to these)."""

    PICKED_UP = "picked_up"
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    FAILED_ATTEMPT = "failed_attempt"
    DELIVERED = "delivered"
    RETURNED_TO_ORIGIN = "returned_to_origin"


TRACKING_LABELS = {
    TrackingCode.PICKED_UP: _l("Picked up by the courier"),
    TrackingCode.IN_TRANSIT: _l("In transit"),
    TrackingCode.OUT_FOR_DELIVERY: _l("Out for delivery"),
    TrackingCode.FAILED_ATTEMPT: _l("Delivery attempt failed"),
    TrackingCode.DELIVERED: _l("Delivered"),
    TrackingCode.RETURNED_TO_ORIGIN: _l("Returned to the seller"),
}

# How far along the way each code is: a parcel never moves back (a late "in transit" after
# "delivered" is recorded but changes nothing). A failed attempt is as far as "out for
# delivery": the next attempt goes out again. Delivered and returned are the ends.
PROGRESS = {
    TrackingCode.PICKED_UP: 1,
    TrackingCode.IN_TRANSIT: 2,
    TrackingCode.OUT_FOR_DELIVERY: 3,
    TrackingCode.FAILED_ATTEMPT: 3,
    TrackingCode.DELIVERED: 9,
    TrackingCode.RETURNED_TO_ORIGIN: 9,
}
FINAL = frozenset({TrackingCode.DELIVERED, TrackingCode.RETURNED_TO_ORIGIN})


@dataclass(frozen=True)
class Rate:
    """One courier's price for one parcel, in paise."""

    courier_id: str
    courier_name: str
    amount_paise: int
    days: int | None = None  # estimated days in transit


@dataclass(frozen=True)
class Address:
    name: str
    phone: str  # ten digits
    line1: str
    line2: str
    city: str
    district: str
    state_code: str
    pin_code: str


@dataclass(frozen=True)
class Booking:
    """What a carrier needs to book one parcel (one sub-order)."""

    reference: str  # our sub-order number, the courier's "order id" (idempotent there)
    pickup: Address
    deliver_to: Address
    weight_g: int
    length_cm: int
    width_cm: int
    height_cm: int
    goods_paise: int
    cod_paise: int  # to collect on delivery; 0 when paid
    items: tuple[tuple[str, int, int], ...] = ()  # (title, quantity, unit price paise)
    courier_id: str | None = None  # a chosen courier (from ``rates``), else the adapter's pick
    pickup_code: str = ""  # the seller's pickup location's name at the courier (one per seller)
    # manual adapter only: what the seller typed
    carrier_name: str = ""
    tracking_number: str = ""


@dataclass(frozen=True)
class Booked:
    awb: str
    courier_name: str
    label_url: str | None = None
    progress: Mapping[str, str] = field(default_factory=dict)  # courier-side ids to keep
    rate_paise: int | None = None


@dataclass(frozen=True)
class Pickup:
    scheduled_for: str  # as the courier says it (a date), shown to the seller
    reference: str = ""


@dataclass(frozen=True)
class TrackingUpdate:
    """One tracking event. ``key`` identifies it at the courier (a replay has the same key)."""

    awb: str
    code: TrackingCode
    happened_at: dt.datetime  # aware
    key: str
    location: str = ""
    description: str = ""


class CourierError(DomainError):
    """The courier refused or did not answer. ``progress`` is what was obtained before the
    failure (the service keeps it, so a retry resumes); ``step`` names the call that failed."""

    code = "courier_error"
    status = 502
    default_message = _l("The courier did not answer. Nothing was booked twice; please try again in a few minutes.")

    def __init__(self, message=None, *, step: str = "", progress: Mapping[str, str] | None = None,
                 detail: str = "") -> None:
        super().__init__(message)
        self.step, self.progress, self.detail = step, dict(progress or {}), detail[:300]


class BadCourierWebhook(DomainError):
    code = "bad_webhook"
    status = 401
    default_message = _l("The tracking call is not signed with the courier's shared secret.")


class Carrier(Protocol):
    name: str

    def rates(self, from_pin: str, to_pin: str, weight_g: int, size: tuple[int, int, int],
              cod: bool) -> list[Rate]: ...

    def book(self, booking: Booking, progress: Mapping[str, str]) -> Booked: ...

    def pickup(self, booked: Booked) -> Pickup: ...

    def track(self, awb: str) -> list[TrackingUpdate]: ...

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> list[TrackingUpdate]: ...


# -- tracking links for numbers the seller types ----------------------------------------------
LINKS_FILE = Path(__file__).resolve().parent.parent / "data" / "tracking_links.json"


@lru_cache(maxsize=1)
def _links() -> list[dict]:
    return json.loads(LINKS_FILE.read_text(encoding="utf-8"))["carriers"]


_S10 = re.compile(r"^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$")
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def is_s10(number: str) -> bool:
    """True for a UPU S10 item number with a correct check digit, the form of India Post's
    Speed Post and registered-post numbers (``EE123456785IN``)."""
    match = _S10.match((number or "").strip().upper())
    if not match:
        return False
    total = sum(int(d) * w for d, w in zip(match.group(2), _S10_WEIGHTS))
    check = 11 - total % 11
    check = 5 if check == 11 else 0 if check == 10 else check
    return check == int(match.group(3))


def tracking_link(carrier: str | None, number: str | None) -> str | None:
    """A public tracking page for ``number`` at ``carrier`` (matched by name or alias,
    case-insensitive, also followed by a service name such as "Delhivery Surface"), or None when we know no page. An S10 number ending in IN is India Post's,
    whatever carrier name was typed."""
    number = (number or "").strip()
    if not number:
        return None
    name = (carrier or "").strip().casefold()
    for entry in _links():
        names = [entry["name"].casefold(), *(a.casefold() for a in entry.get("aliases", []))]
        s10 = entry.get("s10_country") and is_s10(number) and number.upper().endswith(entry["s10_country"])
        # "Delhivery Surface", "Blue Dart Air": the courier's service after its name
        if s10 or any(name == n or name.startswith(n + " ") for n in names):
            return entry["url"].format(number=quote(number, safe=""))
    return None


# -- the manual adapter -----------------------------------------------------------------------
class ManualCarrier:
    """Today's way: the seller hands the parcel to a carrier and types its name and number.
    It has no rates, books nothing anywhere, and knows no tracking beyond the link."""

    name = "manual"

    def rates(self, from_pin, to_pin, weight_g, size, cod) -> list[Rate]:
        return []

    def book(self, booking: Booking, progress: Mapping[str, str]) -> Booked:
        carrier, number = booking.carrier_name.strip(), booking.tracking_number.strip().upper()
        if not carrier or not number:
            raise MissingManualDetails()
        return Booked(awb=number[:40], courier_name=carrier[:80])

    def pickup(self, booked: Booked) -> Pickup:
        raise CourierError(_l("A parcel sent by hand has no pickup to request."), step="pickup")

    def track(self, awb: str) -> list[TrackingUpdate]:
        return []

    def parse_webhook(self, headers, body) -> list[TrackingUpdate]:
        raise BadCourierWebhook()


class MissingManualDetails(DomainError):
    code = "missing_shipment_details"
    default_message = _l("Enter the carrier and the tracking number.")


ADAPTERS = ("manual", "aggregator")

#: adapter name → ``factory(config)`` for the adapters that live in their own module. They
#: register here (``aggregator`` does when ``orders.init_app`` imports it): this module cannot
#: import them, because they import it (the sibling-cycle rule of .importlinter).
FACTORIES: dict[str, Callable[[Mapping], Carrier]] = {}


def register_adapter(name: str, factory: Callable[[Mapping], Carrier]) -> None:
    """Make ``carrier_for(name)`` build its adapter with ``factory(config)``."""
    if name not in ADAPTERS:
        raise ValueError(f"unknown carrier adapter {name!r}")
    FACTORIES[name] = factory


def carrier_for(name: str | None = None, config: Mapping | None = None) -> Carrier:
    """The adapter called ``name`` (default: the ``SHIPPING_ADAPTER`` setting, else manual),
    built from ``config`` (default: the app's). The aggregator needs ``SHIPPING_API_URL``."""
    if config is None:
        from flask import current_app

        config = current_app.config
    name = name or config.get("SHIPPING_ADAPTER") or "manual"
    if name == "aggregator" and config.get("SHIPPING_API_URL") and name in FACTORIES:
        return FACTORIES[name](config)
    return ManualCarrier()


def courier_booking_enabled(config: Mapping | None = None) -> bool:
    """True when a courier aggregator is configured (the seller may book through the site)."""
    if config is None:
        from flask import current_app

        config = current_app.config
    return config.get("SHIPPING_ADAPTER") == "aggregator" and bool(config.get("SHIPPING_API_URL"))
