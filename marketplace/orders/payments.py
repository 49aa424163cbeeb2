"""Card payments through Stripe PaymentIntents, and what their outcomes do to an order.

* One PaymentIntent per payment attempt of an order, in INR paise, with the order id in its
  metadata and an idempotency key ``order-<id>-attempt-<n>`` (a retried request never makes a
  second intent). The payment page reuses a pending attempt instead of creating another.
* ``payment_intent.succeeded`` (from the webhook, ``webhooks.py``, or read back when the buyer
  returns) marks the order's sub-orders paid; a failed attempt is recorded only (Stripe lets
  the buyer try another card: the order stays pending until it expires); a cancelled live
  attempt cancels the unpaid sub-orders.
* An intent charges exactly the sub-orders still pending. Cancelling one of them while an
  intent is open cancels that intent (``cancellation.py``; the next attempt charges the rest);
  if it is paid anyway, exactly the cancelled part is refunded (``refunds.py``).

Refunds: ``refunds.py``. The Stripe webhook: ``webhooks.py``. Cancelling sub-orders and
expiring unpaid card orders: ``cancellation.py``.
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.transaction import committed

from .errors import (
    CardDeclined,
    NothingToRefund,
    OrderNotPayable,
    PaymentProviderError,
    PaymentsNotConfigured,
    RefundTooLarge,
)
from . import ledger
from .fulfilment import lock_order, try_change
from .gateway import StripeGateway
from .models import Cart, CartItem, Order, Payment, PaymentEvent, PaymentMethod, PaymentStatus, SubOrder
from .notices import order_confirmed, payment_declined
from .refunds import refund_suborder, was_paid_by_card
from .states import Actor, Status


def gateway_from_config(config=None) -> StripeGateway | None:
    """A StripeGateway when STRIPE_SECRET_KEY is set (STRIPE_API_BASE points it at localstripe
    in tests), else None: cash on delivery still works with no keys."""
    config = config if config is not None else current_app.config
    key = config.get("STRIPE_SECRET_KEY")
    if not key:
        return None
    retries = 0 if config.get("TESTING") else None
    return StripeGateway(key, api_base=config.get("STRIPE_API_BASE"), max_network_retries=retries)


def _lock_order(order_id: int) -> Order:
    """Lock the order and its sub-orders (``fulfilment.lock_order``) and return the order."""
    order, _ = lock_order(order_id)
    return order


def _lock_payment(payment_id: int) -> Payment:
    return db.session.scalars(select(Payment).where(Payment.id == payment_id).with_for_update()
                              .execution_options(populate_existing=True)).one()


def _payment_of_intent(intent_id: str) -> Payment | None:
    return db.session.scalars(select(Payment).where(Payment.provider_intent_id == intent_id)).first()


def _lock_intent(intent_id: str) -> tuple[Order, Payment] | None:
    """The order (locked first, as every status change locks it) and the payment of
    ``intent_id``, or None for an intent we never made."""
    found = _payment_of_intent(intent_id)
    if found is None:
        return None
    return _lock_order(found.order_id), _lock_payment(found.id)


def _lock_pending_intent(intent_id: str) -> tuple[Order, Payment] | None:
    """Like ``_lock_intent``, but None also when the payment is no longer pending (a repeated or
    late event changes nothing)."""
    locked = _lock_intent(intent_id)
    if locked is None or locked[1].status != PaymentStatus.PENDING:
        return None
    return locked


def pending_suborders(order: Order) -> list[SubOrder]:
    """The sub-orders of ``order`` still awaiting payment."""
    return [s for s in order.suborders if s.status == Status.PENDING_PAYMENT]


def amount_due(order: Order) -> int:
    """What a card payment of ``order`` charges now: the sub-orders still awaiting payment."""
    return sum(s.total_paise for s in pending_suborders(order))


def open_attempt(order: Order) -> Payment | None:
    """The pending card attempt that charges exactly what is due now, or None. Reads only:
    showing the payment page never creates a PaymentIntent."""
    due = amount_due(order)
    return next((p for p in order.payments if p.status == PaymentStatus.PENDING and p.provider_intent_id
                 and p.method == PaymentMethod.CARD and p.amount_paise == due), None)


def start_card_payment(order: Order, gateway: StripeGateway | None, *,
                       payment_method: str | None = None) -> Payment:
    """The pending card payment of ``order``, creating its PaymentIntent if there is none.

    The intent charges the sub-orders still awaiting payment (``amount_due``), not the order's
    original total: a pending attempt for another amount (a sub-order was cancelled since) is
    cancelled with Stripe and replaced.

    ``payment_method`` (e.g. ``pm_card_visa``) attaches a method at creation, for a
    server-side confirm. Raises PaymentsNotConfigured without keys, OrderNotPayable when the
    order is not waiting for payment, PaymentProviderError when Stripe fails.
    """
    if gateway is None:
        raise PaymentsNotConfigured()
    if order.payment_method != PaymentMethod.CARD or not pending_suborders(order):
        raise OrderNotPayable()
    due = amount_due(order)
    for p in order.payments:
        if p.status != PaymentStatus.PENDING or not p.provider_intent_id:
            continue
        if p.amount_paise == due and not payment_method:
            return p
        if p.amount_paise != due:
            cancel_attempt(p, gateway)
    attempt = db.session.scalar(select(func.count(Payment.id)).where(Payment.order_id == order.id)) + 1
    key = f"order-{order.id}-attempt-{attempt}"
    intent = gateway.create_intent(due, order_id=order.id, idempotency_key=key,
                                   payment_method=payment_method)
    payment = Payment(order_id=order.id, method=PaymentMethod.CARD.value, idempotency_key=key,
                      provider_intent_id=intent.id, client_secret=intent.client_secret,
                      amount_paise=due, status=PaymentStatus.PENDING.value)
    db.session.add(payment)
    db.session.commit()
    return payment


def pay_with_card(order: Order, gateway: StripeGateway | None, payment_method: str) -> Payment:
    """Pay ``order`` server-side with a Stripe payment method id: create the intent with it,
    confirm, and record the outcome at once (the webhook later finds nothing left to do).

    Raises CardDeclined (the attempt is recorded as failed; the order keeps waiting for another
    card until it expires) and the errors of ``start_card_payment``.
    """
    payment = start_card_payment(order, gateway, payment_method=payment_method)
    try:
        intent = gateway.confirm_intent(payment.provider_intent_id)
    except CardDeclined:
        payment_failed(payment.provider_intent_id, message="card_declined")
        raise
    if intent.status == "succeeded":
        payment_succeeded(intent.id, intent.amount_paise)
    return db.session.get(Payment, payment.id)


def sync_from_provider(order: Order, gateway: StripeGateway | None) -> None:
    """After the buyer returns from Stripe.js, read the intent's state and record it
    (the webhook does the same; whichever comes first wins, the other changes nothing)."""
    if gateway is None:
        return
    for payment in order.payments:
        if payment.status == PaymentStatus.PENDING and payment.provider_intent_id:
            intent = gateway.retrieve_intent(payment.provider_intent_id)
            if intent.status == "succeeded":
                payment_succeeded(intent.id, intent.amount_paise)


def payment_succeeded(intent_id: str, amount_paise: int, *, event_id: str | None = None) -> bool:
    """Record a succeeded PaymentIntent: payment succeeded, pending sub-orders paid, claims
    opened, buyer and sellers told. Idempotent: returns False when there was nothing to do
    (already recorded, or an unknown intent). Commits.

    Locks the order and its sub-orders first, so a buyer's cancel or the expiry job either
    finished before (the sub-order stays cancelled) or waits. Sub-orders this intent was charged
    for that were cancelled meanwhile are refunded exactly, after the commit.
    """
    with committed():
        locked = _lock_intent(intent_id)
        if locked is None:
            db.session.rollback()
            return False
        order, payment = locked
        if payment.status == PaymentStatus.SUCCEEDED:
            db.session.rollback()
            return False
        payment.status = PaymentStatus.SUCCEEDED.value
        payment.paid_paise = int(amount_paise)
        db.session.add(PaymentEvent(payment_id=payment.id, provider_event_id=event_id,
                                    kind="payment_intent.succeeded", amount_paise=int(amount_paise),
                                    provider_object_id=intent_id))
        paid = [sub for sub in pending_suborders(order)
                if try_change(sub, Status.PAID, actor=Actor.SYSTEM, note=intent_id)]
        order.expires_at = None
        ledger.record_card_payment(order, payment, paid)
        to_refund = _cancelled_while_open(order, payment, payment.paid_paise - sum(s.total_paise for s in paid))
        if paid:
            order_confirmed(order)
    gateway = gateway_from_config() if to_refund else None
    for sub_id in to_refund:
        if gateway is None:
            break  # no keys: the ODOP cell refunds by hand (the sub-order stays cancelled)
        try:
            refund_suborder(sub_id, gateway, actor=Actor.SYSTEM)
        except (PaymentProviderError, NothingToRefund, RefundTooLarge):
            pass
    return True


def _cancelled_while_open(order: Order, payment: Payment, excess: int) -> list[int]:
    """Sub-orders ``payment`` was charged for (``was_paid_by_card``: cancelled while awaiting
    payment after it started) as long as their totals fit in what was paid beyond the sub-orders
    it paid for."""
    ids = []
    for sub in order.suborders:
        if sub.status != Status.CANCELLED or sub.total_paise > excess or not was_paid_by_card(sub):
            continue
        ids.append(sub.id)
        excess -= sub.total_paise
    return ids


def payment_failed(intent_id: str, *, event_id: str | None = None, message: str = "") -> bool:
    """Record a failed payment attempt (a declined card). The order keeps waiting: Stripe lets
    the buyer try again, and the payment page starts a new attempt; an order nobody pays
    expires after 30 minutes as usual. The buyer is told. Idempotent; returns False when
    nothing changed. Commits."""
    with committed():
        locked = _lock_pending_intent(intent_id)
        if locked is None:
            db.session.rollback()
            return False
        order, payment = locked
        payment.status = PaymentStatus.FAILED.value
        payment.failure_message = (message or "")[:300]
        db.session.add(PaymentEvent(payment_id=payment.id, provider_event_id=event_id,
                                    kind="payment_intent.payment_failed", provider_object_id=intent_id))
        if pending_suborders(order):
            payment_declined(order)
    return True


def payment_canceled(intent_id: str, *, event_id: str | None = None) -> bool:
    """Stripe cancelled the order's live attempt (not one we replaced ourselves, which is already
    marked cancelled): the sub-orders still awaiting payment are cancelled, stock and subsidy
    go back and the lines return to the buyer's cart. Idempotent; False when nothing changed."""
    with committed():
        locked = _lock_pending_intent(intent_id)
        if locked is None:
            db.session.rollback()
            return False
        order, payment = locked
        payment.status = PaymentStatus.CANCELLED.value
        db.session.add(PaymentEvent(payment_id=payment.id, provider_event_id=event_id,
                                    kind="payment_intent.canceled", provider_object_id=intent_id))
        for sub in pending_suborders(order):
            if try_change(sub, Status.CANCELLED, actor=Actor.SYSTEM, reason="payment_cancelled"):
                for line in sub.lines:
                    _restore_to_cart(order.buyer_id, line.listing_id, line.quantity, line.unit_price_paise)
        order.expires_at = None
    return True


def cancel_attempt(payment: Payment, gateway: StripeGateway | None) -> None:
    """Cancel a pending attempt with Stripe (when possible) and mark it cancelled (no commit)."""
    if gateway is not None and payment.provider_intent_id:
        try:
            gateway.cancel_intent(payment.provider_intent_id)
        except PaymentProviderError:
            pass  # already paid or failed: the webhook will tell, and refunds the excess
    payment.status = PaymentStatus.CANCELLED.value


def _restore_to_cart(user_id: int, listing_id: int, quantity: int, seen: int) -> None:
    cart = db.session.scalar(select(Cart).where(Cart.user_id == user_id))
    if cart is None:
        cart = Cart(user_id=user_id)
        db.session.add(cart)
        db.session.flush()
    if not any(i.listing_id == listing_id for i in cart.items):
        cart.items.append(CartItem(listing_id=listing_id, quantity=quantity, seen_unit_price_paise=seen))
