"""The ODOP cell's money reports (issue #14.6): payouts by district and month, and THE list of
differences between the money received and the orders.

``payout_report``: per district, for a period: what is still held and what is payable at its
end (from the ledger), what was paid out and what failed in it (from the payout lines).

``differences``: every place where what the books say and what the orders say disagree, each
with its kind, the order or credit it concerns, the amount and what to do:

* ``ledger_unbalanced``: a journal transaction whose legs do not sum to zero (never, by design);
* ``cash_mismatch``: a cash account of the ledger (card, UPI) against the payments table: money
  received less refunded must equal the account's balance;
* ``paid_without_money``: a sub-order that reached "paid" with no succeeded card or UPI payment;
* ``refund_due``: a cancelled shipment whose card or UPI money has not gone back to the buyer;
* ``unmatched_credit``: money in the collecting account that paid no order (``upi.py``);
* ``cod_not_remitted``: cash a courier collected more than ``COD_REMIT_DAYS`` (10) ago and has not
  paid over (``cod.py``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select

from marketplace.catalog.models import Seller
from marketplace.database import utcnow
from marketplace.extensions import db

from . import cod, ledger, refunds
from .ledger_models import LedgerEntry, PayoutLine, PayoutLineStatus
from .models import BankCredit, BankCreditStatus, OrderStatusChange, Payment, PaymentMethod, PaymentStatus, SubOrder
from .states import Status

COD_REMIT_DAYS = 10

KINDS = {
    "ledger_unbalanced": _l("A ledger transaction does not balance"),
    "cash_mismatch": _l("The ledger's cash differs from the payments received"),
    "paid_without_money": _l("Marked paid, but no payment was received"),
    "refund_due": _l("Cancelled after payment, money not yet returned"),
    "unmatched_credit": _l("Money received that paid no order"),
    "cod_not_remitted": _l("Cash collected by the courier, not yet remitted"),
}


@dataclass(frozen=True)
class PayoutRow:
    district_id: int
    held_paise: int
    payable_paise: int
    paid_paise: int
    failed_paise: int


def payout_report(district_ids: set[int], start: dt.datetime, end: dt.datetime) -> dict[int, PayoutRow]:
    """Per district of ``district_ids``: held and payable at ``end`` (the sellers' balances),
    paid out and failed in ``[start, end)``."""
    rows = {d: [0, 0, 0, 0] for d in district_ids}
    balances = db.session.execute(
        select(Seller.district_id, LedgerEntry.account, func.sum(LedgerEntry.amount_paise))
        .join(Seller, Seller.id == LedgerEntry.seller_id)
        .where(Seller.district_id.in_(district_ids or {-1}), LedgerEntry.created_at < end,
               LedgerEntry.account.like("seller:%"))
        .group_by(Seller.district_id, LedgerEntry.account))
    for district, account, total in balances:
        if account.endswith(":held"):
            rows[district][0] -= int(total or 0)  # a liability is a credit: the balance is minus the sum
        elif account.endswith(":payable"):
            rows[district][1] -= int(total or 0)
    decided = db.session.execute(
        select(Seller.district_id, PayoutLine.status, func.sum(PayoutLine.amount_paise))
        .join(Seller, Seller.id == PayoutLine.seller_id)
        .where(Seller.district_id.in_(district_ids or {-1}), PayoutLine.decided_at >= start, PayoutLine.decided_at < end,
               PayoutLine.status.in_([PayoutLineStatus.PAID.value, PayoutLineStatus.FAILED.value]))
        .group_by(Seller.district_id, PayoutLine.status))
    for district, status, total in decided:
        rows[district][2 if status == PayoutLineStatus.PAID else 3] += int(total or 0)
    return {d: PayoutRow(d, *values) for d, values in rows.items()}


@dataclass(frozen=True)
class Difference:
    kind: str
    reference: str  # an order or shipment number, a UTR, a ledger transaction or account
    amount_paise: int
    detail: str = ""

    @property
    def label(self) -> str:
        return str(KINDS[self.kind])


def _received_less_refunded(method: PaymentMethod) -> int:
    return int(db.session.scalar(select(func.coalesce(func.sum(Payment.paid_paise - Payment.refunded_paise), 0))
                                 .where(Payment.method == method.value,
                                        Payment.status == PaymentStatus.SUCCEEDED.value)) or 0)


def differences(now: dt.datetime | None = None) -> list[Difference]:
    """Every difference between the money received and the orders, as of ``now`` (see the module)."""
    now = now or utcnow()
    found: list[Difference] = []
    for txn in ledger.unbalanced_transactions():
        found.append(Difference("ledger_unbalanced", txn, 0))
    for method, account in ((PaymentMethod.CARD, ledger.CASH_CARD), (PaymentMethod.UPI, ledger.CASH_UPI)):
        books, received = ledger.account_balance(account), _received_less_refunded(method)
        if books != received:
            found.append(Difference("cash_mismatch", account, received - books,
                                    f"payments {received} / ledger {books}"))
    reached_paid = exists().where(OrderStatusChange.suborder_id == SubOrder.id,
                                  OrderStatusChange.to_status == Status.PAID.value)
    money = exists().where(Payment.order_id == SubOrder.order_id,
                           Payment.method.in_([PaymentMethod.CARD.value, PaymentMethod.UPI.value]),
                           Payment.status == PaymentStatus.SUCCEEDED.value)
    for sub in db.session.scalars(select(SubOrder).where(reached_paid, ~money).order_by(SubOrder.id)):
        found.append(Difference("paid_without_money", sub.number, sub.total_paise))
    due = db.session.scalars(select(SubOrder).where(refunds.refund_due_clause()).order_by(SubOrder.id))
    for sub in due:
        left = sub.total_paise - refunds.refunded_for_suborder(sub.id)
        payment_left = db.session.scalar(select(func.coalesce(func.sum(Payment.paid_paise - Payment.refunded_paise), 0))
                                         .where(Payment.order_id == sub.order_id,
                                                Payment.status == PaymentStatus.SUCCEEDED.value,
                                                Payment.method != PaymentMethod.COD.value)) or 0
        if left > 0 and payment_left > 0:
            found.append(Difference("refund_due", sub.number, min(left, int(payment_left))))
    for credit in db.session.scalars(select(BankCredit).where(BankCredit.status == BankCreditStatus.UNMATCHED.value)
                                     .order_by(BankCredit.id)):
        found.append(Difference("unmatched_credit", credit.utr, credit.amount_paise,
                                f"{credit.credited_on.isoformat()} {credit.remark}".strip()))
    late = now - dt.timedelta(days=COD_REMIT_DAYS)
    for sub, delivered_at in cod.outstanding(now=now):
        if delivered_at is not None and delivered_at <= late:
            found.append(Difference("cod_not_remitted", sub.number, sub.total_paise,
                                    f"{sub.carrier or ''} {sub.tracking_number or ''}".strip()))
    return found

