"""Card payments through Stripe PaymentIntents, the Stripe webhook, refunds, and expiry.

* One PaymentIntent per payment attempt of an order, in INR paise, with the order id in its
  metadata and an idempotency key ``order-<id>-attempt-<n>`` (a retried request never makes a
  second intent). The payment page reuses a pending attempt instead of creating another.
* The webhook verifies the signature, then stores the event id in ``payment_events`` (unique):
  the same event a second time changes nothing. ``payment_intent.succeeded`` marks the order's
  sub-orders paid; ``payment_intent.payment_failed`` cancels the order and gives its stock back
  (the lines return to the buyer's cart, so paying again is one click away).
* Refunds never exceed what was paid: the refundable amount is checked under a row lock on the
  payment, and the database has a CHECK (refunded <= paid) as the last word.
* Unpaid card orders expire after 30 minutes (``expire_unpaid``).
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.database import utcnow
from marketplace.extensions import db

from .errors import (
    CardDeclined,
    NothingToRefund,
    OrderNotPayable,
    PaymentProviderError,
    PaymentsNotConfigured,
    RefundTooLarge,
)
from .fulfilment import record_change
from .gateway import StripeGateway, parse_webhook
from .models import Order, Payment, PaymentEvent, PaymentMethod, PaymentStatus, SubOrder
from .notices import order_confirmed
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
    return db.session.scalars(select(Order).where(Order.id == order_id).with_for_update()
                              .execution_options(populate_existing=True)).one()


def _pending_suborders(order: Order) -> list[SubOrder]:
    return [s for s in order.suborders if s.status == Status.PENDING_PAYMENT]


def start_card_payment(order: Order, gateway: StripeGateway | None, *,
                       payment_method: str | None = None) -> Payment:
    """The pending card payment of ``order``, creating its PaymentIntent if there is none.

    ``payment_method`` (e.g. ``pm_card_visa``) attaches a method at creation, for a
    server-side confirm. Raises PaymentsNotConfigured without keys, OrderNotPayable when the
    order is not waiting for payment, PaymentProviderError when Stripe fails.
    """
    if gateway is None:
        raise PaymentsNotConfigured()
    if order.payment_method != PaymentMethod.CARD or not _pending_suborders(order):
        raise OrderNotPayable()
    pending = next((p for p in order.payments if p.status == PaymentStatus.PENDING
                    and p.provider_intent_id and not payment_method), None)
    if pending is not None:
        return pending
    attempt = db.session.scalar(select(func.count(Payment.id)).where(Payment.order_id == order.id)) + 1
    key = f"order-{order.id}-attempt-{attempt}"
    intent = gateway.create_intent(order.total_paise, order_id=order.id, idempotency_key=key,
                                   payment_method=payment_method)
    payment = Payment(order_id=order.id, method=PaymentMethod.CARD.value, idempotency_key=key,
                      provider_intent_id=intent.id, client_secret=intent.client_secret,
                      amount_paise=order.total_paise, status=PaymentStatus.PENDING.value)
    db.session.add(payment)
    db.session.commit()
    return payment


def pay_with_card(order: Order, gateway: StripeGateway | None, payment_method: str) -> Payment:
    """Pay ``order`` server-side with a Stripe payment method id: create the intent with it,
    confirm, and record the outcome at once (the webhook later finds nothing left to do).

    Raises CardDeclined (the order is cancelled, stock released) and the errors of
    ``start_card_payment``.
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
    (already recorded, or an unknown intent). Commits."""
    try:
        payment = db.session.scalars(select(Payment).where(Payment.provider_intent_id == intent_id)
                                     .with_for_update()).first()
        if payment is None:
            db.session.rollback()
            return False
        order = _lock_order(payment.order_id)
        if payment.status == PaymentStatus.SUCCEEDED:
            db.session.rollback()
            return False
        payment.status = PaymentStatus.SUCCEEDED.value
        payment.paid_paise = int(amount_paise)
        db.session.add(PaymentEvent(payment_id=payment.id, provider_event_id=event_id,
                                    kind="payment_intent.succeeded", amount_paise=int(amount_paise),
                                    provider_object_id=intent_id))
        pending = _pending_suborders(order)
        for sub in pending:
            record_change(sub, Status.PAID, actor=Actor.SYSTEM, note=intent_id)
        order.expires_at = None
        if pending:
            order_confirmed(order)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    if not pending:
        # paid after the order was cancelled or had expired: give the money back at once
        gateway = gateway_from_config()
        for sub in order.suborders:
            if sub.status == Status.CANCELLED and gateway is not None:
                refund_suborder(sub.id, gateway, actor=Actor.SYSTEM)
    return True


def payment_failed(intent_id: str, *, event_id: str | None = None, message: str = "") -> bool:
    """Record a failed PaymentIntent: the payment failed, the order's waiting sub-orders are
    cancelled (stock and subsidy released) and the lines go back into the buyer's cart.
    Idempotent; returns False when nothing changed. Commits."""
    try:
        payment = db.session.scalars(select(Payment).where(Payment.provider_intent_id == intent_id)
                                     .with_for_update()).first()
        if payment is None or payment.status != PaymentStatus.PENDING:
            db.session.rollback()
            return False
        order = _lock_order(payment.order_id)
        payment.status = PaymentStatus.FAILED.value
        payment.failure_message = (message or "")[:300]
        db.session.add(PaymentEvent(payment_id=payment.id, provider_event_id=event_id,
                                    kind="payment_intent.payment_failed", provider_object_id=intent_id))
        for sub in _pending_suborders(order):
            record_change(sub, Status.CANCELLED, actor=Actor.SYSTEM, reason="payment_failed")
            for line in sub.lines:
                _restore_to_cart(order.buyer_id, line.listing_id, line.quantity, line.unit_price_paise)
        order.expires_at = None
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return True


def _restore_to_cart(user_id: int, listing_id: int, quantity: int, seen: int) -> None:
    from .models import Cart, CartItem

    cart = db.session.scalar(select(Cart).where(Cart.user_id == user_id))
    if cart is None:
        cart = Cart(user_id=user_id)
        db.session.add(cart)
        db.session.flush()
    if not any(i.listing_id == listing_id for i in cart.items):
        cart.items.append(CartItem(listing_id=listing_id, quantity=quantity, seen_unit_price_paise=seen))


HANDLED = {"payment_intent.succeeded", "payment_intent.payment_failed"}


def handle_webhook(payload: bytes, signature: str | None, secret: str | None) -> str:
    """Verify and apply one Stripe webhook call; returns "processed", "duplicate" or "ignored".

    Raises BadWebhookSignature (the view answers 400) before anything is stored.
    """
    event = parse_webhook(payload, signature, secret or "")
    event_id, kind = event.get("id"), event.get("type", "")
    obj = (event.get("data") or {}).get("object") or {}
    if not event_id:
        return "ignored"
    if db.session.scalar(select(PaymentEvent.id).where(PaymentEvent.provider_event_id == event_id)):
        return "duplicate"
    if kind not in HANDLED:
        return "ignored"
    try:
        if kind == "payment_intent.succeeded":
            changed = payment_succeeded(obj.get("id", ""), int(obj.get("amount_received") or obj.get("amount") or 0),
                                        event_id=event_id)
        else:
            error = obj.get("last_payment_error") or {}
            changed = payment_failed(obj.get("id", ""), event_id=event_id,
                                     message=str(error.get("code") or error.get("message") or ""))
    except IntegrityError:  # the same event delivered twice at the same moment
        db.session.rollback()
        return "duplicate"
    if not changed:
        # keep the event id so a replay is recognised even when there was nothing to do
        try:
            db.session.add(PaymentEvent(provider_event_id=event_id, kind=kind,
                                        provider_object_id=obj.get("id")))
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            return "duplicate"
    return "processed" if changed else "ignored"


def refundable_paise(payment: Payment) -> int:
    """What can still be refunded on ``payment``."""
    return max(payment.paid_paise - payment.refunded_paise, 0)


def refund_suborder(suborder_id: int, gateway: StripeGateway | None, *, actor: Actor | str = Actor.ADMIN,
                    actor_id: int | None = None, amount_paise: int | None = None) -> int:
    """Refund a cancelled (or, by an admin, a delivered) card-paid sub-order and mark it refunded.

    ``amount_paise`` defaults to the sub-order's total; it may never exceed what is left
    refundable on the order's payment. Returns the amount refunded.
    Raises PaymentsNotConfigured, NothingToRefund, RefundTooLarge, the state machine's errors,
    PaymentProviderError (nothing recorded then).
    """
    if gateway is None:
        raise PaymentsNotConfigured()
    try:
        sub = db.session.scalars(select(SubOrder).where(SubOrder.id == suborder_id).with_for_update()
                                 .execution_options(populate_existing=True)).one()
        payment = db.session.scalars(
            select(Payment).where(Payment.order_id == sub.order_id,
                                  Payment.status == PaymentStatus.SUCCEEDED.value,
                                  Payment.method == PaymentMethod.CARD.value)
            .with_for_update().execution_options(populate_existing=True)).first()
        if payment is None or refundable_paise(payment) <= 0:
            raise NothingToRefund()
        amount = sub.total_paise if amount_paise is None else int(amount_paise)
        from marketplace.money import format_paise

        if amount <= 0 or amount > refundable_paise(payment):
            raise RefundTooLarge(left=format_paise(refundable_paise(payment)))
        from .states import check_transition

        check_transition(sub.status, Status.REFUNDED, actor)
        refund = gateway.refund(payment.provider_intent_id, amount,
                                idempotency_key=f"refund-suborder-{sub.id}")
        payment.refunded_paise += refund.amount_paise
        db.session.add(PaymentEvent(payment_id=payment.id, provider_event_id=f"refund:{refund.id}",
                                    kind="refund", amount_paise=refund.amount_paise,
                                    provider_object_id=refund.id, suborder_id=sub.id))
        record_change(sub, Status.REFUNDED, actor=actor, actor_id=actor_id,
                      note=f"{refund.id} {amount}")
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return refund.amount_paise


def cancel_suborder(suborder_id, *, actor: Actor | str, user_id: int, reason: str,
                    seller_id: int | None = None, gateway: StripeGateway | None = None):
    """Cancel a sub-order (buyer before acceptance, seller before shipping, admin), then give a
    card payment for it back at once when Stripe is configured (cancelled → refunded).

    Raises OrderNotFound for somebody else's sub-order and the state machine's errors. A
    refund that fails leaves the sub-order cancelled for the ODOP cell to refund later.
    """
    from .fulfilment import move

    sub = move(suborder_id, Status.CANCELLED, actor=actor, user_id=user_id, seller_id=seller_id,
               reason=reason)
    order = sub.order
    paid = any(p.status == PaymentStatus.SUCCEEDED and p.method == PaymentMethod.CARD
               for p in order.payments)
    if paid and gateway is not None:
        try:
            refund_suborder(sub.id, gateway, actor=Actor.SYSTEM)
        except (PaymentProviderError, NothingToRefund):
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
        order = db.session.get(Order, order_id)
        if gateway is not None:
            try:
                sync_from_provider(order, gateway)
                for p in order.payments:
                    if p.status == PaymentStatus.PENDING and p.provider_intent_id:
                        gateway.cancel_intent(p.provider_intent_id)
            except PaymentProviderError:
                continue  # try again on the next run rather than expire blindly
        try:
            order = _lock_order(order_id)
            pending = _pending_suborders(order)
            if order.expires_at is None or not pending:
                db.session.rollback()
                continue
            for sub in pending:
                record_change(sub, Status.CANCELLED, actor=Actor.SYSTEM, reason="payment_timeout")
            for p in order.payments:
                if p.status == PaymentStatus.PENDING:
                    p.status = PaymentStatus.CANCELLED.value
            order.expires_at = None
            db.session.commit()
            expired += 1
        except Exception:
            db.session.rollback()
            raise
    return expired
