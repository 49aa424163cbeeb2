"""Refunds of card payments, and THE rule of which shipments the card paid for.

Refunds never exceed what was paid: the refundable amount is checked under a row lock on the
payment, and the database has a CHECK (refunded <= paid) as the last word. Only money the card
paid for the shipment itself comes back (``paid_by_card_clause``).
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError

from marketplace.extensions import db
from marketplace.money import format_paise
from marketplace.transaction import committed

from .errors import (
    CancelledRefundsInFull,
    NothingToRefund,
    OrderNotFound,
    PaymentsNotConfigured,
    RefundTooLarge,
    TransferReferenceInvalid,
)
from .fulfilment import lock_order, record_change
from .gateway import StripeGateway
from .ledger import CASH_UPI, record_refund
from .models import OrderStatusChange, Payment, PaymentEvent, PaymentMethod, PaymentStatus, SubOrder
from .notices import notify_refund
from .states import Actor, Status, check_transition


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


#: PaymentEvent kinds that gave a sub-order's money back: card refunds (a cancellation, the ODOP
#: cell's desk, a return) and cash-on-delivery returns paid out by the ODOP cell
REFUND_KINDS = ("refund", "cod_refund")


def refunded_for_suborder(suborder_id: int) -> int:
    """What has already gone back to the buyer for this sub-order, by any path (read now)."""
    return int(db.session.scalar(select(func.coalesce(func.sum(PaymentEvent.amount_paise), 0))
                                 .where(PaymentEvent.suborder_id == suborder_id,
                                        PaymentEvent.kind.in_(REFUND_KINDS))) or 0)


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
    with committed():
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
        # a return already refunded part of it: only the rest of the shipment's total is left
        most = min(refundable_paise(payment), sub.total_paise - refunded_for_suborder(sub.id))
        if most <= 0:
            raise NothingToRefund()
        amount = most if amount_paise is None else int(amount_paise)
        if amount <= 0 or amount > most:
            raise RefundTooLarge(left=format_paise(most))
        if sub.status == Status.CANCELLED and amount != most:
            # refunded is final: a part refund would leave the rest of a cancelled shipment unpaid back
            raise CancelledRefundsInFull(amount=format_paise(most))
        check_transition(sub.status, Status.REFUNDED, actor)
        refund = gateway.refund(payment.provider_intent_id, amount,
                                idempotency_key=f"refund-suborder-{sub.id}")
        payment.refunded_paise += refund.amount_paise
        record_refund(sub, refund.amount_paise, reference=refund.id, actor_id=actor_id)
        db.session.add(PaymentEvent(payment_id=payment.id, provider_event_id=f"refund:{refund.id}",
                                    kind="refund", amount_paise=refund.amount_paise,
                                    provider_object_id=refund.id, suborder_id=sub.id))
        record_change(sub, Status.REFUNDED, actor=actor, actor_id=actor_id,
                      note=" ".join(filter(None, (refund.id, format_paise(refund.amount_paise, "en"),
                                                  reason.strip())))[:300])
        notify_refund(sub, refund.amount_paise)
        if before_commit is not None:
            before_commit(sub, refund.amount_paise)
    return refund.amount_paise


def paid_by_upi_clause():
    """THE rule "a UPI credit paid for this shipment", as SQL correlated to ``SubOrder``: it
    reached ``paid`` on an order paid by UPI (a UPI credit pays exactly what was due)."""
    reached_paid = exists().where(OrderStatusChange.suborder_id == SubOrder.id,
                                  OrderStatusChange.to_status == Status.PAID.value)
    by_upi = exists().where(Payment.order_id == SubOrder.order_id, Payment.method == PaymentMethod.UPI.value,
                            Payment.status == PaymentStatus.SUCCEEDED.value)
    return reached_paid & by_upi


def _money_left(method: PaymentMethod):
    """SQL: the sub-order's order has a succeeded ``method`` payment with money not yet refunded."""
    return exists().where(Payment.order_id == SubOrder.order_id, Payment.method == method.value,
                          Payment.status == PaymentStatus.SUCCEEDED.value,
                          Payment.paid_paise > Payment.refunded_paise)


def refund_due_clause():
    """THE rule "this shipment's money is owed back", as SQL correlated to ``SubOrder``: it is
    cancelled, the card (``paid_by_card_clause``) or a UPI credit (``paid_by_upi_clause``) paid
    for it, and that payment still holds money. The order desk's "refunds due" and the
    reconciliation read it."""
    return ((SubOrder.status == Status.CANCELLED.value)
            & ((paid_by_card_clause() & _money_left(PaymentMethod.CARD))
               | (paid_by_upi_clause() & _money_left(PaymentMethod.UPI))))


def was_paid_by_upi(sub: SubOrder) -> bool:
    return bool(db.session.scalar(select(paid_by_upi_clause()).where(SubOrder.id == sub.id)))


def transfer_event_id(reference: str) -> str:
    """The payment event id of money the ODOP cell sent back by hand: unique, so one transfer
    (its reference, in any case) pays one refund, whichever desk records it."""
    return f"transfer:{reference.upper()}"[:80]


def transfer_used(reference: str) -> bool:
    return db.session.scalar(select(PaymentEvent.id).where(
        PaymentEvent.provider_event_id == transfer_event_id(reference))) is not None


def record_transfer(sub: SubOrder, payment: Payment, amount: int, reference: str, *, actor_id: int | None,
                    kind: str = "refund", cash: str = CASH_UPI) -> None:
    """THE record of a refund the ODOP cell sent by hand (a returned or cancelled UPI shipment,
    a cash-on-delivery return): the payment's refunded amount, its event and the ledger entry out
    of ``cash``, in the caller's unit of work (no commit; the caller holds the order and payment
    locks and has checked the caps)."""
    payment.refunded_paise += amount
    db.session.add(PaymentEvent(payment_id=payment.id, provider_event_id=transfer_event_id(reference), kind=kind,
                                amount_paise=amount, provider_object_id=reference[:80], suborder_id=sub.id))
    record_refund(sub, amount, reference=reference, actor_id=actor_id, cash=cash)


def refund_by_transfer(suborder_id: int, *, reference: str, actor_id: int, amount_paise: int | None = None,
                       reason: str = "", before_commit: Callable[[SubOrder, int], None] | None = None) -> int:
    """The ODOP cell sent a UPI-paid shipment's money back to the buyer from the collecting
    account (a UPI refund or a bank transfer) and records it with the transfer's reference: the
    shipment is marked refunded, the buyer told. The same caps as a card refund: never more than
    the shipment's total less what already went back, nor what is left on the payment; a
    cancelled shipment in full. A reference is used once (``PaymentEvent``'s unique event id).
    Raises OrderNotFound, NothingToRefund, RefundTooLarge, CancelledRefundsInFull,
    TransferReferenceInvalid, the state machine's errors."""
    ref = (reference or "").strip().upper() if isinstance(reference, str) else ""
    if not ref or len(ref) > 40 or not all(c.isascii() and (c.isalnum() or c in "-/") for c in ref):
        raise TransferReferenceInvalid()
    try:
        with committed():
            found = db.session.get(SubOrder, suborder_id)
            if found is None:
                raise OrderNotFound()
            _, subs = lock_order(found.order_id)
            sub = next(s for s in subs if s.id == suborder_id)
            if not was_paid_by_upi(sub):
                raise NothingToRefund()
            payment = db.session.scalars(
                select(Payment).where(Payment.order_id == sub.order_id, Payment.method == PaymentMethod.UPI.value,
                                      Payment.status == PaymentStatus.SUCCEEDED.value)
                .with_for_update().execution_options(populate_existing=True)).first()
            most = min(refundable_paise(payment), sub.total_paise - refunded_for_suborder(sub.id))
            if most <= 0:
                raise NothingToRefund()
            amount = most if amount_paise is None else int(amount_paise)
            if amount <= 0 or amount > most:
                raise RefundTooLarge(left=format_paise(most))
            if sub.status == Status.CANCELLED and amount != most:
                raise CancelledRefundsInFull(amount=format_paise(most))
            check_transition(sub.status, Status.REFUNDED, Actor.ADMIN)
            if transfer_used(ref):
                raise TransferReferenceInvalid()
            record_transfer(sub, payment, amount, ref, actor_id=actor_id)
            record_change(sub, Status.REFUNDED, actor=Actor.ADMIN, actor_id=actor_id,
                          note=" ".join(filter(None, (ref, format_paise(amount, "en"), reason.strip())))[:300])
            notify_refund(sub, amount, to_card=False)
            if before_commit is not None:
                before_commit(sub, amount)
    except IntegrityError:  # the same reference recorded at the same moment
        raise TransferReferenceInvalid() from None
    return amount
