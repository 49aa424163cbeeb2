"""What the seller's shipping pages ask of the shipping service beyond one call: the courier's
prices for the booking form, and booking several sub-orders at once (each on its own: one
refusal never stops the others)."""
from __future__ import annotations

from dataclasses import dataclass

from marketplace.errors import DomainError

from ..errors import OrderNotFound
from ..fulfilment import suborder_for_actor
from ..models import PaymentMethod, SubOrder
from ..states import Actor
from .carriers import Carrier, CourierError, Rate
from .models import Shipment, ShipmentStatus
from .service import ParcelInput, book_shipment, parcel_for, shipment_of


def rates_for(sub: SubOrder, parcel: ParcelInput, carrier: Carrier) -> list[Rate] | None:
    """The courier's prices for this parcel from the seller's PIN to the buyer's, cheapest
    first; None when the courier did not answer (the page then books without a choice)."""
    try:
        rates = carrier.rates(sub.seller.pin_code or "", sub.order.ship_pin_code, parcel.weight_g,
                              (parcel.length_cm, parcel.width_cm, parcel.height_cm),
                              sub.order.payment_method == PaymentMethod.COD)
    except CourierError:
        return None
    return sorted(rates, key=lambda r: (r.amount_paise, r.days or 0))


@dataclass
class Outcome:
    """One sub-order of a bulk booking: ``shipment`` when booked (``pickup_problem`` when the
    courier refused the pickup: the booking stands), else ``error`` (translated)."""

    suborder_id: int
    number: str | None = None
    shipment: Shipment | None = None
    error: str | None = None
    error_code: str | None = None  # the DomainError's code ("courier_error", "not_found", ...)
    pickup_problem: str | None = None


def book_one(suborder_id: int, *, seller_id: int, user_id: int, parcel: ParcelInput | None,
             carrier: Carrier, courier_id: str | None = None) -> Outcome:
    """Book one sub-order (its listings' parcel when ``parcel`` is None) and say what happened,
    never raising a DomainError: OrderNotFound, ShipmentNotAllowed, AlreadyBooked,
    InvalidParcelSize and CourierError become ``error``. A courier that booked but refused the
    pickup gives the shipment with ``pickup_problem``."""
    outcome = Outcome(suborder_id=suborder_id)
    try:
        sub = suborder_for_actor(suborder_id, actor=Actor.SELLER, user_id=user_id, seller_id=seller_id)
        outcome.number = sub.number
        outcome.shipment = book_shipment(suborder_id, seller_id=seller_id, user_id=user_id,
                                         parcel=parcel or parcel_for(sub), carrier=carrier, courier_id=courier_id)
    except CourierError as exc:
        shipment = shipment_of(suborder_id)
        if shipment is not None and shipment.status not in (ShipmentStatus.BOOKING,):
            outcome.shipment, outcome.pickup_problem = shipment, str(exc.message)
        else:
            outcome.error, outcome.error_code = str(exc.message), exc.code
    except DomainError as exc:
        outcome.error, outcome.error_code = str(exc.message), exc.code
    return outcome


def book_many(suborder_ids: list[int], *, seller_id: int, user_id: int, carrier: Carrier) -> list[Outcome]:
    """Book each sub-order in ``suborder_ids`` (in the given order, each once) with its
    listings' parcel and the courier's own pick. Somebody else's or a made-up id is reported as
    not found, like any other refusal, in its ``Outcome``."""
    seen: dict[int, Outcome] = {}
    for suborder_id in suborder_ids:
        if suborder_id not in seen:
            seen[suborder_id] = book_one(suborder_id, seller_id=seller_id, user_id=user_id, parcel=None,
                                         carrier=carrier)
    return list(seen.values())


def own_shipments(suborder_ids: list[int], *, seller_id: int, user_id: int) -> list[SubOrder]:
    """The seller's own sub-orders among ``suborder_ids`` that have a shipment with an AWB (for
    printing their labels); others are left out silently."""
    subs = []
    for suborder_id in dict.fromkeys(suborder_ids):
        try:
            sub = suborder_for_actor(suborder_id, actor=Actor.SELLER, user_id=user_id, seller_id=seller_id)
        except OrderNotFound:
            continue
        if sub.shipment is not None and sub.shipment.awb:
            subs.append(sub)
    return subs
