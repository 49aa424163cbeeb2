"""Cancelling a sub-order and expiring unpaid card orders, with the money settled.

The move itself is the state machine's (``fulfilment.move`` / ``try_change``: stock and subsidy
go back); this module adds what it means for the card payment: an open PaymentIntent that
included a cancelled sub-order is cancelled, a paid one is refunded (``refunds.py``), and an
order nobody paid within 30 minutes is cancelled whole (``expire_unpaid``), after checking
with Stripe that no payment is lost. It sits above ``payments`` and ``refunds``, which use the
state machine themselves.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.params import parse_id
from marketplace.transaction import committed

from .errors import BookedWithCourier, NothingToRefund, PaymentProviderError, RefundTooLarge
from .fulfilment import lock_order, move, try_change
from . import upi
from .gateway import StripeGateway
from .models import Order, PaymentMethod, PaymentStatus, SubOrder
from .payments import cancel_attempt, pending_suborders, sync_from_provider
from .refunds import refund_suborder, was_paid_by_card
from .states import Actor, Status


def cancel_suborder(suborder_id, *, actor: Actor | str, user_id: int, reason: str,
                    seller_id: int | None = None, gateway: StripeGateway | None = None):
    """Cancel a sub-order (buyer before acceptance, seller before shipping, admin), then settle
    its money when Stripe is configured:

    * it was paid by card: refund exactly its total at once (cancelled → refunded);
    * it was still awaiting payment: the open PaymentIntent (which included it) is cancelled, so
      the next attempt charges only the sub-orders left; an intent that succeeds anyway is
      refunded the cancelled part by ``payment_succeeded``.

    Raises OrderNotFound for somebody else's sub-order and the state machine's errors. A
    refund that fails leaves the sub-order cancelled for the ODOP cell to refund later.
    """
    if Actor(actor) == Actor.BUYER:
        mine = db.session.get(SubOrder, parse_id(suborder_id) or 0)
        if mine is not None and mine.status == Status.PENDING_PAYMENT:
            upi.check_buyer_may_cancel(mine.order)  # they said they paid the whole order
    if Actor(actor) == Actor.SELLER:
        booked = getattr(db.session.get(SubOrder, parse_id(suborder_id) or 0), "shipment", None)
        if booked is not None and booked.adapter != "manual" and booked.status in ("booked", "pickup_requested"):
            raise BookedWithCourier(awb=booked.awb or "")  # the courier would still come and deliver it
    sub = move(suborder_id, Status.CANCELLED, actor=actor, user_id=user_id, seller_id=seller_id,
               reason=reason)
    was = sub.history[-1].from_status if sub.history else None
    order = sub.order
    if was == Status.PENDING_PAYMENT:
        with committed():
            order, _ = lock_order(order.id)
            for p in order.payments:
                if p.method == PaymentMethod.CARD and p.status == PaymentStatus.PENDING:
                    cancel_attempt(p, gateway)
            upi.after_cancel(order)
            if not pending_suborders(order):
                order.expires_at = None
        return sub
    if gateway is not None and was_paid_by_card(sub):
        try:
            refund_suborder(sub.id, gateway, actor=Actor.SYSTEM)
        except (PaymentProviderError, NothingToRefund, RefundTooLarge):
            pass
    return sub


def expire_unpaid(now: dt.datetime | None = None, gateway: StripeGateway | None = None) -> int:
    """Cancel card orders still unpaid past ``expires_at`` (30 minutes after checkout), giving
    their stock and subsidy budget back. Returns how many orders expired. Commits per order.

    Before expiring, a pending intent is checked with Stripe (when keys are set): an intent that
    did succeed is recorded as paid instead, so a late webhook never loses a payment.
    """
    now = now or utcnow()
    ids = list(db.session.scalars(select(Order.id).where(Order.expires_at.is_not(None),
                                                         Order.expires_at <= now).order_by(Order.id)))
    expired = 0
    for order_id in ids:
        order = db.session.get(Order, order_id, populate_existing=True)
        if gateway is not None:
            try:
                sync_from_provider(order, gateway)
                for p in order.payments:
                    if p.status == PaymentStatus.PENDING and p.provider_intent_id:
                        gateway.cancel_intent(p.provider_intent_id)
            except PaymentProviderError:
                continue  # try again on the next run rather than expire blindly
        with committed():  # one order at a time
            order, _ = lock_order(order_id)
            pending = pending_suborders(order)
            if order.expires_at is None or not pending:
                db.session.rollback()
                continue
            for sub in pending:
                try_change(sub, Status.CANCELLED, actor=Actor.SYSTEM, reason="payment_timeout")
            for p in order.payments:
                if p.status == PaymentStatus.PENDING:
                    p.status = PaymentStatus.CANCELLED.value
            order.expires_at = None
        expired += 1
    return expired
