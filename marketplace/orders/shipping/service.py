"""Booking, pickup and tracking of shipments: the one place a parcel's life is written down.

Every change of a sub-order still goes through the state machine (``fulfilment.record_change``),
here as the ``system`` actor when the courier says so:

- booking with the courier aggregator assigns an AWB number and a label; the sub-order stays
  *accepted* until the courier picks the parcel up. A booking interrupted by the courier (a
  timeout, a 500) keeps what it obtained (the courier's order and shipment ids) on the
  ``Shipment`` row with status ``booking``, so "try again" resumes and never books twice;
- booking by hand (the manual adapter: the seller typed a carrier and a number) ships the
  sub-order at once, as before;
- tracking updates (webhook or poll) are stored once each (``TrackingEvent.event_key``); a
  parcel never moves backwards: an event older in the journey than the shipment's status is
  recorded with ``applied=False`` and changes nothing. Picked up / in transit ships an accepted
  sub-order; delivered delivers it and sets ``delivery_proof = "carrier"``; returned to origin
  cancels it (stock back, subsidy released, a card payment refunded); a failed attempt tells the
  buyer.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
import logging
from typing import Iterable, Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.notifications.service import notify
from marketplace.transaction import committed

from ..errors import (AlreadyBooked, BookingInProgress, InvalidParcelSize, NoPickupToRequest, NothingToRefund,
                      OrderNotFound, PaymentProviderError, RefundTooLarge, ShipmentNotAllowed, TrackingNumberTaken)
from ..fulfilment import _notify, lock_order, record_change, suborder_for_actor
from ..labels import PICKED_UP_NOTE
from ..models import PaymentMethod, SubOrder
from ..refunds import refund_suborder, was_paid_by_card
from ..states import Actor, Status
from .carriers import (FINAL, PROGRESS, Address, Booked, Booking, Carrier, CourierError, ManualCarrier,
                       TrackingCode, TrackingUpdate, tracking_link)
from .models import DeliveryProof, Shipment, ShipmentStatus, TrackingEvent
from .rates import parcel_size

MAX_WEIGHT_G = 50_000
# a booking row younger than this with no error is an attempt still talking to the courier
BOOKING_ATTEMPT_WINDOW = dt.timedelta(seconds=60)
MAX_SIDE_CM = 200
RETURNED_REASON = "returned_to_origin"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ParcelInput:
    weight_g: int
    length_cm: int
    width_cm: int
    height_cm: int


def check_parcel(parcel: ParcelInput) -> ParcelInput:
    """The parcel if its weight (1 g–50 kg) and sides (1–200 cm) are sensible integers; else
    InvalidParcelSize."""
    try:
        values = [int(v) for v in (parcel.weight_g, parcel.length_cm, parcel.width_cm, parcel.height_cm)]
    except (TypeError, ValueError):
        raise InvalidParcelSize() from None
    weight, *sides = values
    if not 1 <= weight <= MAX_WEIGHT_G or not all(1 <= s <= MAX_SIDE_CM for s in sides):
        raise InvalidParcelSize()
    return ParcelInput(*values)


def parcel_for(suborder: SubOrder) -> ParcelInput:
    """The parcel as the listings describe it, for the booking form to prefill: the weight the
    freight was charged on (actual), the largest length and width of the lines and their heights
    stacked. At least 1 g and 1 cm each, so a listing without sizes still gives a valid form."""
    length, width, height = parcel_size((ln.listing.length_cm, ln.listing.width_cm, ln.listing.height_cm,
                                         ln.quantity) for ln in suborder.lines)
    return ParcelInput(weight_g=max(1, min(suborder.actual_weight_g or 0, MAX_WEIGHT_G)),
                       length_cm=min(length, MAX_SIDE_CM), width_cm=min(width, MAX_SIDE_CM),
                       height_cm=min(height, MAX_SIDE_CM))


def _addresses(sub: SubOrder) -> tuple[Address, Address]:
    seller, order = sub.seller, sub.order
    pickup = Address(name=seller.enterprise_name_en or sub.seller_name_en or "", phone=seller.phone or "",
                     line1=seller.address or "", line2="", city=seller.city or seller.district.name_en,
                     district=seller.district.name_en, state_code="UP", pin_code=seller.pin_code or "")
    deliver = Address(name=order.ship_name, phone=order.ship_phone, line1=order.ship_line1,
                      line2=order.ship_line2 or "", city=order.ship_city, district=order.ship_district,
                      state_code=order.ship_state_code, pin_code=order.ship_pin_code)
    return pickup, deliver


def _booking(sub: SubOrder, parcel: ParcelInput, *, courier_id=None, carrier_name="", tracking_number="") -> Booking:
    pickup, deliver = _addresses(sub)
    cod = sub.total_paise if sub.order.payment_method == PaymentMethod.COD else 0
    items = tuple((ln.title_en, ln.quantity, ln.unit_price_paise) for ln in sub.lines)
    return Booking(reference=sub.number, pickup=pickup, deliver_to=deliver, weight_g=parcel.weight_g,
                   length_cm=parcel.length_cm, width_cm=parcel.width_cm, height_cm=parcel.height_cm,
                   goods_paise=sub.goods_paise, cod_paise=cod, items=items, courier_id=courier_id,
                   pickup_code=f"ODOP-{sub.seller.slug}"[:36],
                   carrier_name=carrier_name, tracking_number=tracking_number)


def _prepare(suborder_id, *, seller_id: int, user_id: int, parcel: ParcelInput, adapter: str) -> tuple[Shipment, Booking]:
    """Lock the sub-order, check it may be booked, store the shipment row in status ``booking``
    (or reuse the one an interrupted attempt left). Commits: the attempt is on record before the
    courier is called."""
    parcel = check_parcel(parcel)
    with committed():
        sub = suborder_for_actor(suborder_id, actor=Actor.SELLER, user_id=user_id, seller_id=seller_id, lock=True)
        if sub.status != Status.ACCEPTED:
            raise ShipmentNotAllowed()
        shipment = db.session.scalar(select(Shipment).where(Shipment.suborder_id == sub.id).with_for_update())
        if shipment is not None and shipment.status != ShipmentStatus.BOOKING:
            raise AlreadyBooked(awb=shipment.awb or "")
        now = utcnow()
        if (shipment is not None and shipment.last_error is None
                and shipment.updated_at > now - BOOKING_ATTEMPT_WINDOW):
            raise BookingInProgress()  # a second click while the courier is still being asked
        if shipment is not None and shipment.adapter != adapter and (shipment.courier_order_id or shipment.awb):
            raise AlreadyBooked(awb=shipment.awb or "")  # the courier holds an order for it: resume that
        if shipment is None or shipment.adapter != adapter:
            if shipment is not None:  # an unfinished attempt with another adapter: start over
                db.session.delete(shipment)
                db.session.flush()
            shipment = Shipment(suborder_id=sub.id, adapter=adapter, status=ShipmentStatus.BOOKING.value,
                                weight_g=0, length_cm=0, width_cm=0, height_cm=0)
            db.session.add(shipment)
        shipment.weight_g, shipment.length_cm = parcel.weight_g, parcel.length_cm
        shipment.width_cm, shipment.height_cm = parcel.width_cm, parcel.height_cm
        booking = _booking(sub, parcel)
        shipment.cod_paise = booking.cod_paise  # the one reckoning of what the courier collects
        shipment.booked_by_id, shipment.last_error, shipment.updated_at = user_id, None, now
    return shipment, booking


def _progress(shipment: Shipment) -> dict[str, str]:
    """What the courier gave an earlier attempt: its order and shipment ids, and the AWB when
    one was assigned (a retry after a failed label must not ask for a second AWB)."""
    rate = str(shipment.rate_paise) if shipment.rate_paise is not None else None
    return {k: v for k, v in (("order_id", shipment.courier_order_id),
                              ("shipment_id", shipment.courier_shipment_id),
                              ("awb", shipment.awb), ("courier_name", shipment.courier_name),
                              ("rate_paise", rate if shipment.awb else None)) if v}


def _keep_progress(shipment_id: int, error: CourierError) -> None:
    with committed():
        shipment = db.session.get(Shipment, shipment_id, with_for_update=True, populate_existing=True)
        shipment.courier_order_id = error.progress.get("order_id") or shipment.courier_order_id
        shipment.courier_shipment_id = error.progress.get("shipment_id") or shipment.courier_shipment_id
        if error.progress.get("awb"):
            shipment.awb = error.progress["awb"][:40]
            shipment.courier_name = (error.progress.get("courier_name") or shipment.courier_name or "")[:80] or None
            rate = error.progress.get("rate_paise")
            shipment.rate_paise = int(rate) if rate and rate.isdigit() else shipment.rate_paise
        shipment.last_error = (f"{error.step}: {error.detail}" if error.step else error.detail)[:300] or None


def book_shipment(suborder_id, *, seller_id: int, user_id: int, parcel: ParcelInput, carrier: Carrier,
                  courier_id: str | None = None) -> Shipment:
    """Book the parcel of an accepted sub-order with a courier ``carrier`` (not manual): AWB,
    label, then ask for a pickup. Returns the shipment (status ``booked`` or, when the pickup
    was asked for and agreed, ``pickup_requested``).

    Raises OrderNotFound (somebody else's), ShipmentNotAllowed (not accepted), AlreadyBooked,
    InvalidParcelSize, PickupAddressMissing (the courier is to collect from the seller's
    workshop and the profile has no address or mobile number), and CourierError when the courier fails: the shipment then stays in
    status ``booking`` with the courier's ids obtained so far; calling again resumes.
    A pickup the courier refuses does not undo the booking: the shipment stays ``booked`` with
    the reason in ``last_error``, and ``request_pickup`` asks again.
    """
    shipment, booking = _prepare(suborder_id, seller_id=seller_id, user_id=user_id, parcel=parcel,
                                 adapter=carrier.name)
    booking = Booking(**{**booking.__dict__, "courier_id": courier_id})
    try:
        booked = carrier.book(booking, _progress(shipment))
    except CourierError as exc:
        _keep_progress(shipment.id, exc)
        raise
    except Exception as exc:  # not the courier's answer (a profile without an address ...): retry at once
        _keep_progress(shipment.id, CourierError(step="book", detail=type(exc).__name__))
        raise
    try:
        with committed():
            _, subs = lock_order(shipment.suborder.order_id)
            shipment = db.session.get(Shipment, shipment.id, with_for_update=True, populate_existing=True)
            sub = next(s for s in subs if s.id == shipment.suborder_id)
            _record_booked(shipment, booked)
            if sub.status != Status.ACCEPTED:  # cancelled while the courier was asked
                shipment.last_error = f"sub-order {sub.status} during booking: cancel AWB {booked.awb} at the courier"
    except IntegrityError:
        raise TrackingNumberTaken() from None
    if shipment.last_error:
        raise ShipmentNotAllowed()
    _ask_pickup(shipment.id, carrier)
    return db.session.get(Shipment, shipment.id, populate_existing=True)


def _record_booked(shipment: Shipment, booked: Booked) -> None:
    shipment.awb, shipment.courier_name = booked.awb, booked.courier_name
    shipment.label_url = booked.label_url
    shipment.rate_paise = booked.rate_paise
    shipment.courier_order_id = booked.progress.get("order_id") or shipment.courier_order_id
    shipment.courier_shipment_id = booked.progress.get("shipment_id") or shipment.courier_shipment_id
    shipment.status, shipment.booked_at, shipment.last_error = ShipmentStatus.BOOKED.value, utcnow(), None
    db.session.flush()


def _ask_pickup(shipment_id: int, carrier: Carrier) -> Shipment:
    shipment = db.session.get(Shipment, shipment_id, populate_existing=True)
    booked = Booked(awb=shipment.awb, courier_name=shipment.courier_name or "", progress=_progress(shipment))
    try:
        pickup = carrier.pickup(booked)
    except CourierError as exc:
        with committed():
            shipment = db.session.get(Shipment, shipment_id, with_for_update=True, populate_existing=True)
            shipment.last_error = (str(exc.message) + (f" ({exc.detail})" if exc.detail else ""))[:300]
        raise
    with committed():
        shipment = db.session.get(Shipment, shipment_id, with_for_update=True, populate_existing=True)
        if shipment.status == ShipmentStatus.BOOKED:
            shipment.status = ShipmentStatus.PICKUP_REQUESTED.value
        shipment.pickup_scheduled_for, shipment.last_error = pickup.scheduled_for[:40], None
    return shipment


def request_pickup(suborder_id, *, seller_id: int, user_id: int, carrier: Carrier) -> Shipment:
    """Ask the courier (again) to collect a booked parcel. Raises OrderNotFound,
    NoPickupToRequest (not booked with a courier, or already picked up), CourierError (refused:
    the reason is kept on the shipment)."""
    sub = suborder_for_actor(suborder_id, actor=Actor.SELLER, user_id=user_id, seller_id=seller_id)
    shipment = sub.shipment
    if (shipment is None or shipment.adapter != carrier.name or isinstance(carrier, ManualCarrier)
            or shipment.status not in (ShipmentStatus.BOOKED, ShipmentStatus.PICKUP_REQUESTED)):
        raise NoPickupToRequest()
    return _ask_pickup(shipment.id, carrier)


def ship_by_hand(suborder_id, *, seller_id: int, user_id: int, carrier_name: str, tracking_number: str,
                 parcel: ParcelInput | None = None) -> Shipment:
    """The seller handed the parcel over themselves and typed the carrier and its number (the
    manual adapter): the sub-order is shipped at once. Raises OrderNotFound, ShipmentNotAllowed,
    AlreadyBooked, MissingManualDetails, TrackingNumberTaken, the state machine's errors."""
    manual = ManualCarrier()
    booked = manual.book(Booking(reference="", pickup=None, deliver_to=None, weight_g=0, length_cm=0,  # type: ignore[arg-type]
                                 width_cm=0, height_cm=0, goods_paise=0, cod_paise=0,
                                 carrier_name=carrier_name or "", tracking_number=tracking_number or ""), {})
    sub = suborder_for_actor(suborder_id, actor=Actor.SELLER, user_id=user_id, seller_id=seller_id)
    shipment, _ = _prepare(suborder_id, seller_id=seller_id, user_id=user_id,
                           parcel=parcel or parcel_for(sub), adapter=manual.name)
    try:
        with committed():
            _, subs = lock_order(sub.order_id)
            sub = next(s for s in subs if s.id == sub.id)
            shipment = db.session.get(Shipment, shipment.id, with_for_update=True, populate_existing=True)
            _record_booked(shipment, booked)
            shipment.status = ShipmentStatus.PICKED_UP.value
            record_change(sub, Status.SHIPPED, actor=Actor.SELLER, actor_id=user_id, carrier=booked.courier_name,
                          tracking_number=booked.awb)
            _tell_buyer(sub, Status.SHIPPED)
    except IntegrityError:
        raise TrackingNumberTaken() from None
    return shipment


def _tell_buyer(sub: SubOrder, target: Status) -> None:
    _notify(sub, target, Actor.SYSTEM)  # the one place order notices are worded


# -- tracking ---------------------------------------------------------------------------------
@dataclass
class Applied:
    """What one batch of tracking updates did."""

    applied: int = 0
    duplicates: int = 0
    stale: int = 0  # recorded, but older in the journey than the parcel's status
    unknown: int = 0  # no shipment with that AWB for this adapter
    keys: list[str] = field(default_factory=list)


def apply_updates(adapter: str, updates: Iterable[TrackingUpdate]) -> Applied:
    """Store and apply tracking updates from ``adapter``'s courier (webhook or poll), each in
    its own transaction (one bad or duplicate event never loses the others). Returns counts."""
    result = Applied()
    for update in updates:
        outcome = _apply_one(adapter, update)
        setattr(result, outcome, getattr(result, outcome) + 1)
        result.keys.append(update.key)
    return result


def _apply_one(adapter: str, update: TrackingUpdate) -> str:
    key = f"{adapter}:{update.key}"[:160]
    if db.session.scalar(select(TrackingEvent.id).where(TrackingEvent.event_key == key)):
        return "duplicates"
    found = db.session.scalar(select(Shipment).where(Shipment.adapter == adapter, Shipment.awb == update.awb))
    if found is None:
        return "unknown"
    refund_after = False
    try:
        with committed():
            _, subs = lock_order(found.suborder.order_id)  # the one lock order of every change
            shipment = db.session.get(Shipment, found.id, with_for_update=True, populate_existing=True)
            sub = next(s for s in subs if s.id == shipment.suborder_id)
            code = TrackingCode(update.code)
            moves_on = _moves_on(shipment, code, update)
            db.session.add(TrackingEvent(shipment=shipment, event_key=key, code=code.value,
                                         happened_at=update.happened_at, location=update.location[:120],
                                         description=update.description[:500], applied=moves_on))
            db.session.flush()  # a concurrent duplicate fails here, before anything else changes
            if code == TrackingCode.DELIVERED and sub.status == Status.DELIVERED and sub.delivery_proof is None:
                _carrier_proof(sub, update)  # the seller said so first; now the courier does
            if not moves_on:
                return "stale"
            shipment.status, shipment.last_event_at = code.value, update.happened_at
            refund_after = _move_suborder(sub, shipment, code, update)
    except IntegrityError:
        return "duplicates"
    if refund_after:
        _refund(found.suborder_id)
    return "applied"


def _moves_on(shipment: Shipment, code: TrackingCode, update: TrackingUpdate) -> bool:
    """Whether an event takes the parcel further: never after delivered or returned, never to an
    earlier stage, and at the same stage (another "in transit", out for delivery after a failed
    attempt) only when it is not older than the last event applied."""
    current = shipment.status
    if current not in TrackingCode._value2member_map_:
        return True  # booked / pickup requested: any courier event is news
    current = TrackingCode(current)
    if current in FINAL or PROGRESS[code] < PROGRESS[current]:
        return False
    last = shipment.last_event_at
    return PROGRESS[code] > PROGRESS[current] or last is None or update.happened_at >= last


def _move_suborder(sub: SubOrder, shipment: Shipment, code: TrackingCode, update: TrackingUpdate) -> bool:
    """Apply one accepted tracking code to the sub-order, in the event's transaction; True when
    the parcel came back and a card payment is to be refunded (after the commit)."""
    if sub.status == Status.ACCEPTED:
        record_change(sub, Status.SHIPPED, actor=Actor.SYSTEM, carrier=shipment.courier_name or shipment.adapter,
                      tracking_number=shipment.awb, note=PICKED_UP_NOTE)
        _tell_buyer(sub, Status.SHIPPED)
    if code == TrackingCode.DELIVERED:
        if sub.status == Status.SHIPPED:
            record_change(sub, Status.DELIVERED, actor=Actor.SYSTEM, note=update.location[:300])
            _tell_buyer(sub, Status.DELIVERED)
        if sub.status == Status.DELIVERED:
            _carrier_proof(sub, update)
    elif code == TrackingCode.FAILED_ATTEMPT:
        _tell_failed_attempt(sub, update)
    elif code == TrackingCode.RETURNED_TO_ORIGIN and sub.status == Status.SHIPPED:
        # cancelled in the same transaction as the event: stock back, subsidy released, both told
        record_change(sub, Status.CANCELLED, actor=Actor.SYSTEM, reason=RETURNED_REASON)
        _tell_buyer(sub, Status.CANCELLED)
        return was_paid_by_card(sub)
    # returned after the seller marked it delivered: it stays delivered on the seller's word, with
    # no proof, so its claim is never approved (the officer's confirmation refuses it too)
    return False


def _carrier_proof(sub: SubOrder, update: TrackingUpdate) -> None:
    if sub.delivery_proof:
        return  # the first proof stands: an officer's confirmation (file, reason) is not overwritten
    sub.delivery_proof, sub.delivery_proof_at = DeliveryProof.CARRIER.value, update.happened_at
    sub.delivery_proof_note = f"{update.awb} {update.location}".strip()[:300]


def _refund(suborder_id: int) -> None:
    """Refund a card-paid sub-order the courier brought back (cancelled already). A refund that
    fails leaves it cancelled for the ODOP cell to refund, as a seller's cancellation does."""
    from ..payments import gateway_from_config  # reads the app's configuration

    gateway = gateway_from_config()
    if gateway is None:
        return
    try:
        refund_suborder(suborder_id, gateway, actor=Actor.SYSTEM)
    except (PaymentProviderError, NothingToRefund, RefundTooLarge):
        pass


FAILED_SUBJECT = _l("Delivery of your order %(number)s could not be made")
FAILED_BODY = _l("The courier tried to deliver it and could not (%(reason)s). It will try again; keep your phone on.")


def _tell_failed_attempt(sub: SubOrder, update: TrackingUpdate) -> None:
    params = {"number": sub.number, "reason": update.description[:120] or update.location[:120] or "-"}
    notify(sub.order.buyer, lambda: str(FAILED_SUBJECT) % params, lambda: str(FAILED_BODY) % params,
           link=f"/orders/{sub.order_id}",
           sms=("buyer_delivery_failed", {"order": sub.number}), event_key=f"tracking:{update.key}"[:120])


def handle_webhook(adapter: str, headers: Mapping[str, str], body: bytes, carrier: Carrier) -> Applied:
    """One incoming tracking call: check its secret (BadCourierWebhook before anything is read
    or stored), then apply its updates."""
    if carrier.name != adapter:
        from .carriers import BadCourierWebhook

        raise BadCourierWebhook()
    return apply_updates(adapter, carrier.parse_webhook(headers, body))


def poll(carrier: Carrier, *, limit: int = 200) -> Applied:
    """Ask the courier for the events of every parcel on its way (a webhook may have been
    lost). A courier that fails for one AWB does not stop the others."""
    awbs = list(db.session.scalars(
        select(Shipment.awb).join(SubOrder, SubOrder.id == Shipment.suborder_id)
        .where(Shipment.adapter == carrier.name, Shipment.awb.is_not(None),
               Shipment.status.not_in([s.value for s in FINAL]),
               SubOrder.status.in_([Status.ACCEPTED.value, Status.SHIPPED.value, Status.DELIVERED.value]))
        # the longest unheard first, so a few stuck parcels never starve the others
        .order_by(Shipment.last_event_at.is_not(None), Shipment.last_event_at, Shipment.id).limit(limit)))
    total = Applied()
    for awb in awbs:
        try:
            part = apply_updates(carrier.name, carrier.track(awb))
        except Exception:  # one parcel's trouble (the courier, its data) never stops the others
            log.exception("tracking %s failed", awb)
            db.session.rollback()
            continue
        for name in ("applied", "duplicates", "stale", "unknown"):
            setattr(total, name, getattr(total, name) + getattr(part, name))
    return total


# -- what the pages show ----------------------------------------------------------------------
def tracking_url(sub: SubOrder) -> str | None:
    """A public page to follow the parcel: the carrier's, for numbers typed by hand or given by
    the courier aggregator (India Post's for Speed Post numbers); None when we know none."""
    shipment = getattr(sub, "shipment", None)
    carrier = shipment.courier_name if shipment is not None else sub.carrier
    number = shipment.awb if shipment is not None else sub.tracking_number
    return tracking_link(carrier, number)


def shipment_of(suborder_id: int) -> Shipment | None:
    return db.session.scalar(select(Shipment).where(Shipment.suborder_id == suborder_id))
