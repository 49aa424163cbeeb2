"""Card payments through Stripe PaymentIntents, the Stripe webhook, refunds, and expiry.

* One PaymentIntent per payment attempt of an order, in INR paise, with the order id in its
  metadata and an idempotency key ``order-<id>-attempt-<n>`` (a retried request never makes a
  second intent). The payment page reuses a pending attempt instead of creating another.
* The webhook verifies the signature, then stores the event id in ``payment_events`` (unique):
  the same event a second time changes nothing. ``payment_intent.succeeded`` marks the order's
  sub-orders paid; ``payment_intent.payment_failed`` records the failed attempt only (Stripe
  lets the buyer try another card: the order stays pending until it expires);
  ``payment_intent.canceled`` of the live attempt cancels the unpaid sub-orders.
* An intent charges exactly the sub-orders still pending. Cancelling one of them while an
  intent is open cancels that intent (the next attempt charges the rest); if it is paid anyway,
  exactly the cancelled part is refunded.
* Refunds never exceed what was paid: the refundable amount is checked under a row lock on the
  payment, and the database has a CHECK (refunded <= paid) as the last word.
* Unpaid card orders expire after 30 minutes (``expire_unpaid``).
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from flask import current_app
from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError

from marketplace.database import utcnow
from marketplace.extensions import db

from .errors import (
    CancelledRefundsInFull,
    CardDeclined,
    NothingToRefund,
    OrderNotFound,
    OrderNotPayable,
    PaymentProviderError,
    PaymentsNotConfigured,
    RefundTooLarge,
)
from .fulfilment import lock_order, record_change, try_change
from .gateway import StripeGateway, parse_webhook
from .models import Order, OrderStatusChange, Payment, PaymentEvent, PaymentMethod, PaymentStatus, SubOrder
from .notices import notify_refund, order_confirmed, payment_declined
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


def _pending_suborders(order: Order) -> list[SubOrder]:
    return [s for s in order.suborders if s.status == Status.PENDING_PAYMENT]


def amount_due(order: Order) -> int:
    """What a card payment of ``order`` charges now: the sub-orders still awaiting payment."""
    return sum(s.total_paise for s in _pending_suborders(order))


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
    if order.payment_method != PaymentMethod.CARD or not _pending_suborders(order):
        raise OrderNotPayable()
    due = amount_due(order)
    for p in order.payments:
        if p.status != PaymentStatus.PENDING or not p.provider_intent_id:
            continue
        if p.amount_paise == due and not payment_method:
            return p
        if p.amount_paise != due:
            _cancel_attempt(p, gateway)
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
    try:
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
        paid = [sub for sub in _pending_suborders(order)
                if try_change(sub, Status.PAID, actor=Actor.SYSTEM, note=intent_id)]
        order.expires_at = None
        to_refund = _cancelled_while_open(order, payment, payment.paid_paise - sum(s.total_paise for s in paid))
        if paid:
            order_confirmed(order)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
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
    try:
        locked = _lock_pending_intent(intent_id)
        if locked is None:
            db.session.rollback()
            return False
        order, payment = locked
        payment.status = PaymentStatus.FAILED.value
        payment.failure_message = (message or "")[:300]
        db.session.add(PaymentEvent(payment_id=payment.id, provider_event_id=event_id,
                                    kind="payment_intent.payment_failed", provider_object_id=intent_id))
        if _pending_suborders(order):
            payment_declined(order)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return True


def payment_canceled(intent_id: str, *, event_id: str | None = None) -> bool:
    """Stripe cancelled the order's live attempt (not one we replaced ourselves, which is already
    marked cancelled): the sub-orders still awaiting payment are cancelled, stock and subsidy
    go back and the lines return to the buyer's cart. Idempotent; False when nothing changed."""
    try:
        locked = _lock_pending_intent(intent_id)
        if locked is None:
            db.session.rollback()
            return False
        order, payment = locked
        payment.status = PaymentStatus.CANCELLED.value
        db.session.add(PaymentEvent(payment_id=payment.id, provider_event_id=event_id,
                                    kind="payment_intent.canceled", provider_object_id=intent_id))
        for sub in _pending_suborders(order):
            if try_change(sub, Status.CANCELLED, actor=Actor.SYSTEM, reason="payment_cancelled"):
                for line in sub.lines:
                    _restore_to_cart(order.buyer_id, line.listing_id, line.quantity, line.unit_price_paise)
        order.expires_at = None
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return True


def _cancel_attempt(payment: Payment, gateway: StripeGateway | None) -> None:
    """Cancel a pending attempt with Stripe (when possible) and mark it cancelled (no commit)."""
    if gateway is not None and payment.provider_intent_id:
        try:
            gateway.cancel_intent(payment.provider_intent_id)
        except PaymentProviderError:
            pass  # already paid or failed: the webhook will tell, and refunds the excess
    payment.status = PaymentStatus.CANCELLED.value


def _restore_to_cart(user_id: int, listing_id: int, quantity: int, seen: int) -> None:
    from .models import Cart, CartItem

    cart = db.session.scalar(select(Cart).where(Cart.user_id == user_id))
    if cart is None:
        cart = Cart(user_id=user_id)
        db.session.add(cart)
        db.session.flush()
    if not any(i.listing_id == listing_id for i in cart.items):
        cart.items.append(CartItem(listing_id=listing_id, quantity=quantity, seen_unit_price_paise=seen))


HANDLED = {"payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.canceled"}


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
        elif kind == "payment_intent.canceled":
            changed = payment_canceled(obj.get("id", ""), event_id=event_id)
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


def paid_by_card_clause():
    """THE rule "the buyer's card paid for this shipment", as SQL correlated to ``SubOrder``:
    it reached ``paid``, or it was cancelled while awaiting payment after a card payment that
    included it had started and that payment then succeeded (``payment_succeeded`` refunds that
    part). A shipment cancelled before the payment was started was never charged, even if the
    rest of the order was paid afterwards. Used by ``was_paid_by_card``, the refund of a
    payment that succeeded after a cancel, and the admin order desk's "refunds due" filter."""
    reached_paid = exists().where(OrderStatusChange.suborder_id == SubOrder.id,
                                  OrderStatusChange.to_status == Status.PAID.value)
    charged_while_open = exists().where(
        OrderStatusChange.suborder_id == SubOrder.id,
        OrderStatusChange.from_status == Status.PENDING_PAYMENT.value,
        OrderStatusChange.to_status == Status.CANCELLED.value,
        Payment.order_id == SubOrder.order_id, Payment.method == PaymentMethod.CARD.value,
        Payment.status == PaymentStatus.SUCCEEDED.value, Payment.created_at <= OrderStatusChange.created_at)
    return reached_paid | charged_while_open


def was_paid_by_card(sub: SubOrder) -> bool:
    """Whether the buyer's card paid for ``sub`` (``paid_by_card_clause``, read now: changes
    not yet committed in this transaction count)."""
    return bool(db.session.scalar(select(paid_by_card_clause()).where(SubOrder.id == sub.id)))


def refundable_paise(payment: Payment) -> int:
    """What can still be refunded on ``payment``."""
    return max(payment.paid_paise - payment.refunded_paise, 0)


def refund_suborder(suborder_id: int, gateway: StripeGateway | None, *, actor: Actor | str = Actor.ADMIN,
                    actor_id: int | None = None, amount_paise: int | None = None, reason: str = "",
                    before_commit: Callable[[SubOrder, int], None] | None = None) -> int:
    """Refund a cancelled (or, by an admin, a delivered) card-paid sub-order, mark it refunded
    and tell the buyer (in their language) how much comes back.

    ``amount_paise`` defaults to the sub-order's total; it may never exceed the sub-order's total
    nor what is left refundable on the order's payment. ``reason`` goes into the status history.
    ``before_commit(suborder, amount)`` runs inside the same transaction (the admin package
    writes its audit entry there). Returns the amount refunded.
    Raises OrderNotFound, PaymentsNotConfigured, NothingToRefund, RefundTooLarge, the state
    machine's errors, PaymentProviderError (nothing recorded then).
    """
    if gateway is None:
        raise PaymentsNotConfigured()
    try:
        found = db.session.get(SubOrder, suborder_id)
        if found is None:
            raise OrderNotFound()
        _, subs = lock_order(found.order_id)
        sub = next(s for s in subs if s.id == suborder_id)
        if not was_paid_by_card(sub):  # cancelled before payment: none of the money is this shipment's
            raise NothingToRefund()
        payment = db.session.scalars(
            select(Payment).where(Payment.order_id == sub.order_id,
                                  Payment.status == PaymentStatus.SUCCEEDED.value,
                                  Payment.method == PaymentMethod.CARD.value,
                                  Payment.paid_paise > Payment.refunded_paise)
            .order_by(Payment.id).with_for_update().execution_options(populate_existing=True)).first()
        if payment is None or refundable_paise(payment) <= 0:
            raise NothingToRefund()
        from marketplace.money import format_paise

        most = min(refundable_paise(payment), sub.total_paise)
        amount = most if amount_paise is None else int(amount_paise)
        if amount <= 0 or amount > most:
            raise RefundTooLarge(left=format_paise(most))
        if sub.status == Status.CANCELLED and amount != most:
            # refunded is final: a part refund would leave the rest of a cancelled shipment unpaid back
            raise CancelledRefundsInFull(amount=format_paise(most))
        from .states import check_transition

        check_transition(sub.status, Status.REFUNDED, actor)
        refund = gateway.refund(payment.provider_intent_id, amount,
                                idempotency_key=f"refund-suborder-{sub.id}")
        payment.refunded_paise += refund.amount_paise
        db.session.add(PaymentEvent(payment_id=payment.id, provider_event_id=f"refund:{refund.id}",
                                    kind="refund", amount_paise=refund.amount_paise,
                                    provider_object_id=refund.id, suborder_id=sub.id))
        record_change(sub, Status.REFUNDED, actor=actor, actor_id=actor_id,
                      note=" ".join(filter(None, (refund.id, format_paise(refund.amount_paise, "en"),
                                                  reason.strip())))[:300])
        notify_refund(sub, refund.amount_paise)
        if before_commit is not None:
            before_commit(sub, refund.amount_paise)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return refund.amount_paise


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
    from .fulfilment import move

    sub = move(suborder_id, Status.CANCELLED, actor=actor, user_id=user_id, seller_id=seller_id,
               reason=reason)
    was = sub.history[-1].from_status if sub.history else None
    order = sub.order
    if was == Status.PENDING_PAYMENT:
        try:
            order = _lock_order(order.id)
            for p in order.payments:
                if p.method == PaymentMethod.CARD and p.status == PaymentStatus.PENDING:
                    _cancel_attempt(p, gateway)
            if not _pending_suborders(order):
                order.expires_at = None
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
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
        try:
            order = _lock_order(order_id)
            pending = _pending_suborders(order)
            if order.expires_at is None or not pending:
                db.session.rollback()
                continue
            for sub in pending:
                try_change(sub, Status.CANCELLED, actor=Actor.SYSTEM, reason="payment_timeout")
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
