"""Moving sub-orders through the state machine, with every side effect in one place.

Each move is checked against the one transition table (``states.check_transition``) and
recorded as an ``OrderStatusChange`` (who, when, from, to). Side effects:

* paid / confirmed: a freight-subsidy claim is opened for an eligible sub-order; the listing's
  ``sold_count`` grows; buyer and seller are told;
* cancelled: stock goes back, the seller's subsidy reservation for the year is released, an
  open claim is rejected;
* shipped / delivered: carrier and tracking number kept; a cash-on-delivery payment is
  recorded as collected on delivery.
"""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from flask_babel import lazy_gettext as _l

from marketplace.catalog.models import Listing
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.notifications.service import notify
from marketplace.params import parse_id
from marketplace.transaction import committed

from .errors import OrderNotFound, StatusChangedMeanwhile
from .models import (
    ClaimStatus,
    Order,
    OrderStatusChange,
    Payment,
    PaymentMethod,
    PaymentStatus,
    SubOrder,
    SubsidyClaim,
    SubsidyLedger,
)
from .labels import CANCEL_REASONS, name
from .ledger import record_cash_collected
from .quotes import release_quotes
from .signals import suborder_cancelled, suborder_delivered
from .states import LIVE, Actor, Status, check_transition, label
from .stock_events import note_popularity, note_stock


def record_change(suborder: SubOrder, target: Status | str, *, actor: Actor | str,
                  actor_id: int | None = None, note: str = "", carrier: str | None = None,
                  tracking_number: str | None = None, reason: str | None = None) -> None:
    """Check and apply one move of ``suborder`` (no commit) and run its side effects.

    The move is a guarded ``UPDATE suborders SET status = :target WHERE id = :id AND status =
    :current``: when another transaction moved the sub-order first (a buyer's cancel racing the
    expiry job or the payment webhook), nothing is applied and StatusChangedMeanwhile is raised,
    so stock, subsidy and money side effects run exactly once.
    Raises the state machine's errors (IllegalTransition, TransitionNotAllowedForActor,
    MissingShipmentDetails, MissingCancelReason) and StatusChangedMeanwhile; the caller rolls back.
    """
    if not try_change(suborder, target, actor=actor, actor_id=actor_id, note=note, carrier=carrier,
                      tracking_number=tracking_number, reason=reason):
        raise StatusChangedMeanwhile()


def try_change(suborder: SubOrder, target: Status | str, *, actor: Actor | str,
               actor_id: int | None = None, note: str = "", carrier: str | None = None,
               tracking_number: str | None = None, reason: str | None = None) -> bool:
    """Like ``record_change`` but answers False (nothing changed, no side effect) when the
    sub-order is no longer in the status this session read; for the system's batch moves."""
    current = Status(suborder.status)
    target = Status(target)
    check_transition(current, target, actor, carrier=carrier, tracking_number=tracking_number,
                     reason=reason)
    moved = db.session.execute(
        update(SubOrder).where(SubOrder.id == suborder.id, SubOrder.status == current.value)
        .values(status=target.value).execution_options(synchronize_session=False)).rowcount
    if moved != 1:
        return False
    set_committed_value(suborder, "status", target.value)
    if target == Status.SHIPPED:
        suborder.carrier, suborder.tracking_number = carrier.strip(), tracking_number.strip()
        note = note or f"{suborder.carrier} {suborder.tracking_number}"
    if target == Status.CANCELLED:
        suborder.cancel_reason = reason.strip()[:300]
        note = note or suborder.cancel_reason
    db.session.add(OrderStatusChange(suborder=suborder, from_status=current.value,
                                     to_status=target.value, actor_id=actor_id,
                                     actor_role=str(actor), note=note[:300]))
    if target in (Status.PAID, Status.CONFIRMED):
        _on_committed(suborder)
    elif target == Status.CANCELLED:
        _release(suborder)
    elif target == Status.DELIVERED:
        _collect_cash(suborder)
        suborder_delivered.send(suborder)
    elif target == Status.REFUNDED and current == Status.DELIVERED:
        _settle_claim(suborder, release_budget=True)
    return True


def lock_order(order_id: int):
    """Lock the order row, then its sub-orders in id order (FOR UPDATE, fresh from the database):
    the one lock order every status change takes, so concurrent changes of one order queue up
    instead of deadlocking. Returns (order, sub-orders); the order is None when it is missing."""
    order = db.session.scalars(select(Order).where(Order.id == order_id).with_for_update()
                               .execution_options(populate_existing=True)).first()
    if order is None:
        return None, []
    subs = list(db.session.scalars(select(SubOrder).where(SubOrder.order_id == order_id)
                                   .order_by(SubOrder.id).with_for_update()
                                   .execution_options(populate_existing=True)))
    return order, subs


def _on_committed(suborder: SubOrder) -> None:
    for line in suborder.lines:
        db.session.execute(update(Listing).where(Listing.id == line.listing_id)
                           .values(sold_count=Listing.sold_count + line.quantity)
                           .execution_options(synchronize_session=False))
        note_popularity(line.listing_id)  # search follows at once; cached pages may lag
    if suborder.subsidy_eligible and suborder.subsidy_paise > 0 and suborder.claim is None:
        db.session.add(SubsidyClaim(
            suborder=suborder, seller_id=suborder.seller_id,
            district_id=suborder.seller.district_id, financial_year=suborder.financial_year,
            amount_paise=suborder.subsidy_paise, status=ClaimStatus.CLAIMED.value,
        ))


def _release(suborder: SubOrder) -> None:
    """Give back what a live sub-order held: stock (in listing-id order), subsidy budget, and the
    seller quotes it used."""
    for line in sorted(suborder.lines, key=lambda ln: ln.listing_id):
        new_stock = db.session.execute(update(Listing).where(Listing.id == line.listing_id)
                                       .values(stock=Listing.stock + line.quantity)
                                       .returning(Listing.stock)
                                       .execution_options(synchronize_session=False)).scalar_one()
        note_stock(line.listing_id, new_stock, line.quantity)
    _settle_claim(suborder, release_budget=True)
    release_quotes(suborder)  # a negotiated price that priced it can be ordered again
    suborder_cancelled.send(suborder)


def _settle_claim(suborder: SubOrder, *, release_budget: bool) -> None:
    """A sub-order that will not be (or no longer is) delivered gives its subsidy back.

    An open claim (claimed or approved) is rejected and the seller's ledger reservation released.
    A claim already PAID to the seller cannot be undone here: the ledger keeps the charge (the
    money left the treasury) and the claim is marked ``recovery`` for the ODOP cell to recover.
    """
    claim = suborder.claim
    if claim is not None and claim.status in (ClaimStatus.PAID, ClaimStatus.RECOVERY):
        claim.status = ClaimStatus.RECOVERY.value
        claim.rejection_reason = f"order_{suborder.status}"
        claim.decided_at = utcnow()
        return
    if claim is not None and claim.status == ClaimStatus.REJECTED:
        return  # rejected by the ODOP cell: its budget was given back then
    if claim is not None:
        claim.status = ClaimStatus.REJECTED.value
        claim.rejection_reason = "order_cancelled"
        claim.decided_at = utcnow()
    if release_budget:
        release_budget_of(suborder)


def release_budget_of(suborder: SubOrder) -> None:
    """Give the sub-order's subsidy reservation back to the seller's ledger for its year: what
    its claim still holds (less than the subsidy once a return reduced it), else the subsidy."""
    if suborder.subsidy_eligible and suborder.subsidy_paise > 0:
        held = suborder.claim.amount_paise if suborder.claim is not None else suborder.subsidy_paise
        db.session.execute(
            update(SubsidyLedger)
            .where(SubsidyLedger.seller_id == suborder.seller_id,
                   SubsidyLedger.financial_year == suborder.financial_year)
            .values(amount_paise=SubsidyLedger.amount_paise - held,
                    claims=SubsidyLedger.claims - 1)
            .execution_options(synchronize_session=False))


def _collect_cash(suborder: SubOrder) -> None:
    order = suborder.order
    if order.payment_method != PaymentMethod.COD:
        return
    record_cash_collected(suborder)
    payment = db.session.scalar(select(Payment).where(Payment.order_id == order.id,
                                                      Payment.method == PaymentMethod.COD.value))
    if payment is not None:
        payment.paid_paise += suborder.total_paise
        live = [s for s in order.suborders if s.status in LIVE]
        if all(s.status == Status.DELIVERED for s in live):
            payment.status = PaymentStatus.SUCCEEDED.value


def suborder_for_actor(suborder_id, *, actor: Actor | str, user_id: int, seller_id: int | None = None,
                       lock: bool = False) -> SubOrder:
    """The sub-order ``suborder_id`` if this actor may see it: the buyer of its order, its own
    seller (only once it is paid or confirmed: before that it holds the buyer's address but is
    no order yet), or an admin. Raises OrderNotFound (404) otherwise.

    ``lock``: lock the order and its sub-orders first (``lock_order``), as every change does.
    """
    sid = parse_id(suborder_id)
    if sid is None:
        raise OrderNotFound()
    suborder = db.session.get(SubOrder, sid)
    if suborder is None:
        raise OrderNotFound()
    if lock:
        _, subs = lock_order(suborder.order_id)
        suborder = next((s for s in subs if s.id == sid), None)
        if suborder is None:
            raise OrderNotFound()
    actor = Actor(actor)
    if actor == Actor.BUYER and suborder.order.buyer_id != user_id:
        raise OrderNotFound()
    if actor == Actor.SELLER and not suborder.seen_by_seller(seller_id):
        raise OrderNotFound()
    return suborder


NOTICES = {
    Status.ACCEPTED: (_l("Your order %(number)s was accepted"),
                      _l("The seller has accepted your order and is preparing it.")),
    Status.SHIPPED: (_l("Your order %(number)s is on its way"),
                     _l("Shipped with %(carrier)s, tracking number %(tracking)s.")),
    Status.DELIVERED: (_l("Your order %(number)s was delivered"),
                       _l("Thank you for buying ODOP products.")),
    Status.CANCELLED: (_l("Order %(number)s was cancelled"), _l("Reason: %(reason)s")),
}


def _notify(suborder: SubOrder, target: Status, actor: Actor) -> None:
    if target not in NOTICES:
        return
    subject, body = NOTICES[target]
    params = {"number": suborder.number, "carrier": suborder.carrier or "",
              "tracking": suborder.tracking_number or "", "reason": suborder.cancel_reason or ""}
    link = f"/orders/{suborder.order_id}"
    # the buyer is also texted (when they chose SMS) that the parcel left and that it arrived
    sms = {Status.SHIPPED: ("buyer_order_shipped", {"order": suborder.number, "carrier": params["carrier"],
                                                    "tracking": params["tracking"]}),
           Status.DELIVERED: ("buyer_order_delivered", {"order": suborder.number})}.get(target)
    if actor != Actor.BUYER:
        notify(suborder.order.buyer, lambda: str(subject) % params, lambda: _body(body, params), link=link,
               sms=sms, event_key=f"suborder:{suborder.id}:{target.value}" if sms else None)
    if target == Status.CANCELLED and actor != Actor.SELLER:
        notify(suborder.seller.user, lambda: str(subject) % params, lambda: _body(body, params),
               link=f"/seller/orders/{suborder.id}")


def _body(body, params: dict) -> str:
    """A notice's text in its reader's language: a reason the system gave ("payment_timeout",
    "returned_to_origin") is named, one a person typed is quoted."""
    return str(body) % {**params, "reason": name(CANCEL_REASONS, params["reason"])}


def move(suborder_id, target: Status | str, *, actor: Actor | str, user_id: int | None,
         seller_id: int | None = None, carrier: str | None = None,
         tracking_number: str | None = None, reason: str | None = None) -> SubOrder:
    """One fulfilment step by a buyer, seller or admin: accept, ship, deliver, cancel, ...

    Locks the sub-order, checks ownership (OrderNotFound for somebody else's), checks and
    records the move, tells the other party, commits. Raises the state machine's errors;
    nothing changes then.
    """
    with committed():
        suborder = suborder_for_actor(suborder_id, actor=actor, user_id=user_id, seller_id=seller_id,
                                      lock=True)
        record_change(suborder, target, actor=actor, actor_id=user_id, carrier=carrier,
                      tracking_number=tracking_number, reason=reason)
        _notify(suborder, Status(target), Actor(actor))
    return suborder


def seller_queue(seller_id: int, status: str | None = None) -> list[SubOrder]:
    """The seller's sub-orders, newest first, optionally of one status. Awaiting-payment ones
    are left out: the seller acts only once an order is paid or confirmed."""
    query = select(SubOrder).where(SubOrder.seen_by_seller(seller_id))
    if status:
        query = query.where(SubOrder.status == status)
    query = query.options(selectinload(SubOrder.lines), selectinload(SubOrder.claim),
                          selectinload(SubOrder.order), selectinload(SubOrder.shipment))
    return list(db.session.scalars(query.order_by(SubOrder.id.desc())))


def label_of(status) -> str:
    """The translated name of a status (for flashes)."""
    return label(status)
