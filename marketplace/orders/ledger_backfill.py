"""``flask --app marketplace ledger backfill``: the entries of orders older than the ledger
(orders_0009), written once. Idempotent: a sub-order whose sale is in the ledger, a refund event
already entered, a payment's overpayment or a DBT memo already entered is skipped, so running it
twice (or on a database that already has a ledger) adds nothing. Entries carry the time of the
event they record (the status change, the refund event, the claim's payment), so statements of
past months read right.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.transaction import committed

from . import ledger
from .ledger_models import EntryKind, LedgerEntry
from .models import (
    ClaimStatus,
    Order,
    OrderStatusChange,
    Payment,
    PaymentEvent,
    PaymentMethod,
    PaymentStatus,
    SubOrder,
    SubsidyClaim,
)
from .states import Status

K = EntryKind


@dataclass
class BackfillResult:
    sales: int = 0
    refunds: int = 0
    overpaid: int = 0
    memos: int = 0


def _first_move(sub_id: int, to_status: Status):
    return db.session.scalar(select(OrderStatusChange.created_at).where(
        OrderStatusChange.suborder_id == sub_id, OrderStatusChange.to_status == to_status.value)
        .order_by(OrderStatusChange.id).limit(1))


def backfill() -> BackfillResult:
    """Enter what the ledger misses of past orders (see the module). Commits once."""
    result = BackfillResult()
    with committed():
        for sub in db.session.scalars(select(SubOrder).order_by(SubOrder.id)):
            if ledger.has_sale(sub.id):
                continue
            order = sub.order
            if order.payment_method == PaymentMethod.CARD:
                when = _first_move(sub.id, Status.PAID)
                if when is None:
                    continue
                ledger.post(ledger.sale_legs(sub, ledger.CASH_CARD, K.PAYMENT_CARD), reference="backfill", now=when)
            else:
                when = _first_move(sub.id, Status.DELIVERED)
                if when is None:
                    continue
                ledger.record_cash_collected(sub, now=when)
            result.sales += 1
        for payment in db.session.scalars(select(Payment).where(Payment.method == PaymentMethod.CARD.value,
                                                                Payment.status == PaymentStatus.SUCCEEDED.value)):
            reference = payment.provider_intent_id or f"payment-{payment.id}"
            if db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.kind == K.OVERPAID.value,
                                                              LedgerEntry.reference == reference).limit(1)):
                continue
            sold = [s for s in db.session.get(Order, payment.order_id).suborders if ledger.has_sale(s.id)]
            excess = payment.paid_paise - sum(s.total_paise for s in sold)
            if excess and ledger.post([ledger.Leg(ledger.CASH_CARD, excess, K.PAYMENT_CARD),
                                       ledger.Leg(ledger.BUYER_CLEARING, -excess, K.OVERPAID)],
                                      reference=reference, now=payment.updated_at):
                result.overpaid += 1
        for event in db.session.scalars(select(PaymentEvent).where(PaymentEvent.kind == "refund",
                                                                   PaymentEvent.suborder_id.is_not(None))
                                        .order_by(PaymentEvent.id)):
            reference = event.provider_object_id or ""
            if db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.kind == K.REFUND.value,
                                                              LedgerEntry.suborder_id == event.suborder_id,
                                                              LedgerEntry.reference == reference).limit(1)):
                continue
            ledger.record_refund(db.session.get(SubOrder, event.suborder_id), event.amount_paise,
                                 reference=reference, now=event.created_at)
            result.refunds += 1
        for claim in db.session.scalars(select(SubsidyClaim).where(
                SubsidyClaim.status.in_((ClaimStatus.PAID.value, ClaimStatus.RECOVERY.value)),
                SubsidyClaim.paid_at.is_not(None))):
            if db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.kind == K.SUBSIDY_DBT_MEMO.value,
                                                              LedgerEntry.suborder_id == claim.suborder_id).limit(1)):
                continue
            ledger.record_dbt_subsidy(claim, now=claim.paid_at)
            result.memos += 1
    return result
