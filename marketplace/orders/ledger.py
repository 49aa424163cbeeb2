"""THE ledger (issue #14): double entry in integer paise, append-only, written in the same
transaction as the event that moves the money.

Accounts are strings. Amounts are signed: debit +, credit −; the legs of one transaction sum to
zero (``post`` refuses anything else). A liability (what the marketplace owes somebody) is a
credit, so a seller's balance is minus the sum of their accounts.

=============================  ==============================================================
``cash:card``                  card money in the marketplace's Stripe account (debit: money in)
``cash:cod``                   cash collected on delivery (by the courier, for the marketplace)
``cash:upi``                   UPI credits in the collecting bank account (``upi.py``)
``cash:bank``                  the bank account payouts are sent from (credit: money out)
``buyer_clearing``             money a buyer paid for a shipment cancelled meanwhile, owed back
``seller:<id>:held``           a seller's money not payable yet (before delivery + hold)
``seller:<id>:payable``        a seller's money that may be paid out
``marketplace:fee``            the marketplace fee earned
``marketplace:gst_on_fee``     GST charged on that fee (owed to the government)
``bank:payouts``               payouts exported to the bank and not yet confirmed or failed
``memo:dbt:government``        memo: freight subsidy the government paid sellers by DBT
``memo:seller:<id>:dbt``       memo: that subsidy as the seller received it (not their balance)
=============================  ==============================================================

Hooks, each inside the caller's unit of work: ``record_card_payment`` (``payments.
payment_succeeded``), ``record_cash_collected`` (``fulfilment`` on a COD delivery),
``record_refund`` (``refunds.refund_suborder``), ``record_dbt_subsidy`` (``claims.move_claim`` to
paid); the payout moves are posted by ``payouts.py``. The fee rule is ``fee_of``.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Iterable

from flask import current_app
from sqlalchemy import func, select

from marketplace.catalog.models import Category, Listing, Seller
from marketplace.database import utcnow
from marketplace.extensions import db

from .ledger_models import EntryKind, LedgerEntry
from .models import Order, OrderLine, Payment, SubOrder, SubsidyClaim

CASH_CARD = "cash:card"
CASH_COD = "cash:cod"
CASH_UPI = "cash:upi"
CASH_BANK = "cash:bank"
BUYER_CLEARING = "buyer_clearing"
MARKETPLACE_FEE = "marketplace:fee"
GST_ON_FEE = "marketplace:gst_on_fee"
BANK_PAYOUTS = "bank:payouts"
MEMO_DBT_GOVERNMENT = "memo:dbt:government"
K = EntryKind


def held(seller_id: int) -> str:
    return f"seller:{seller_id}:held"


def payable(seller_id: int) -> str:
    return f"seller:{seller_id}:payable"


def memo_dbt(seller_id: int) -> str:
    return f"memo:seller:{seller_id}:dbt"


class UnbalancedTransaction(RuntimeError):
    """A programming error: the legs of a transaction do not sum to zero."""


@dataclass(frozen=True)
class Leg:
    account: str
    amount_paise: int
    kind: str
    seller_id: int | None = None
    suborder_id: int | None = None
    payout_line_id: int | None = None


def _seller_of(account: str) -> int | None:
    parts = account.split(":")
    if len(parts) == 3 and parts[0] == "seller":
        return int(parts[1])
    return None


def lock_sellers(seller_ids: Iterable[int]) -> None:
    """Lock the sellers' rows (FOR UPDATE, id order): every posting to a seller's accounts and
    every payout holds it, so a payout never reads a balance a refund is changing."""
    ids = sorted(set(seller_ids))
    if ids:
        list(db.session.scalars(select(Seller.id).where(Seller.id.in_(ids)).order_by(Seller.id).with_for_update()))


def post(legs: Iterable[Leg], *, reference: str = "", actor_id: int | None = None, now=None) -> str | None:
    """Add one balanced transaction to the session (no commit) and return its id.

    Legs of zero are left out; no legs at all adds nothing (returns None). The sellers whose
    accounts the legs touch are locked first (``lock_sellers``).
    Raises UnbalancedTransaction when the legs do not sum to zero (nothing is added).
    """
    legs = [leg for leg in legs if int(leg.amount_paise) != 0]
    if sum(int(leg.amount_paise) for leg in legs) != 0:
        raise UnbalancedTransaction([(leg.account, leg.amount_paise) for leg in legs])
    if not legs:
        return None
    lock_sellers(s for s in (_seller_of(leg.account) for leg in legs) if s is not None)
    txn, when = str(uuid.uuid4()), now or utcnow()
    for leg in legs:
        db.session.add(LedgerEntry(
            txn_id=txn, account=leg.account, amount_paise=int(leg.amount_paise), kind=str(leg.kind),
            seller_id=leg.seller_id if leg.seller_id is not None else _seller_of(leg.account),
            suborder_id=leg.suborder_id, payout_line_id=leg.payout_line_id,
            reference=(reference or "")[:80], actor_id=actor_id, created_at=when))
    db.session.flush()
    return txn


# --------------------------------------------------------------------------- the fee rule

@dataclass(frozen=True)
class Fee:
    fee_paise: int
    gst_paise: int


def _bp(value) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 0


def _round_bp(amount: int, bp: int) -> int:
    """``amount × bp / 10000`` rounded half up, in integer paise."""
    return (amount * bp + 5000) // 10000


def fee_of(sub: SubOrder, config=None) -> Fee:
    """THE marketplace fee rule: each line's goods value times its category's rate
    (``MARKETPLACE_FEE_BP``, basis points per category slug; a category not named pays 0),
    rounded half up per line; GST on the fee (``GST_ON_FEE_BP``, default 18 %) only when there
    is a fee. Freight carries no fee."""
    config = config if config is not None else current_app.config
    rates = config.get("MARKETPLACE_FEE_BP") or {}
    fee = 0
    if rates:
        slug_of_line = dict(db.session.execute(
            select(OrderLine.id, Category.slug).join(Listing, Listing.id == OrderLine.listing_id)
            .join(Category, Category.id == Listing.category_id).where(OrderLine.suborder_id == sub.id)).all())
        for line in sub.lines:
            fee += _round_bp(line.line_total_paise, _bp(rates.get(slug_of_line.get(line.id), 0)))
    gst = _round_bp(fee, _bp(config.get("GST_ON_FEE_BP", 1800))) if fee > 0 else 0
    return Fee(fee, gst)


# --------------------------------------------------------------------------- the hooks

def has_sale(suborder_id: int) -> bool:
    """Whether the ledger holds the sale of this sub-order (it was paid or its cash collected)."""
    return db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.suborder_id == suborder_id,
                                                          LedgerEntry.kind == K.SALE.value).limit(1)) is not None


def sale_legs(sub: SubOrder, cash: str, kind: EntryKind) -> list[Leg]:
    s, sid = sub.seller_id, sub.id
    fee = fee_of(sub)
    return [
        Leg(cash, sub.total_paise, kind, seller_id=s, suborder_id=sid),
        Leg(held(s), -sub.goods_paise, K.SALE, suborder_id=sid),
        Leg(held(s), -(sub.freight_paise - sub.subsidy_paise), K.FREIGHT, suborder_id=sid),
        Leg(held(s), fee.fee_paise, K.FEE, suborder_id=sid),
        Leg(MARKETPLACE_FEE, -fee.fee_paise, K.FEE, seller_id=s, suborder_id=sid),
        Leg(held(s), fee.gst_paise, K.GST_ON_FEE, suborder_id=sid),
        Leg(GST_ON_FEE, -fee.gst_paise, K.GST_ON_FEE, seller_id=s, suborder_id=sid),
    ]


def record_card_payment(order: Order, payment: Payment, paid: list[SubOrder], *, now=None) -> str | None:
    """A card payment succeeded: the money is in; each sub-order it paid credits its seller's
    held account (goods, the buyer's share of freight, less fee and GST); what it paid beyond
    those (shipments cancelled while it was open) is owed back to the buyer (``buyer_clearing``,
    refunded by ``record_refund``)."""
    legs: list[Leg] = []
    for sub in paid:
        if not has_sale(sub.id):
            legs += sale_legs(sub, CASH_CARD, K.PAYMENT_CARD)
    excess = payment.paid_paise - sum(sub.total_paise for sub in paid)
    legs += [Leg(CASH_CARD, excess, K.PAYMENT_CARD), Leg(BUYER_CLEARING, -excess, K.OVERPAID)]
    return post(legs, reference=payment.provider_intent_id or f"payment-{payment.id}", now=now)


def record_upi_payment(order: Order, payment: Payment, paid: list[SubOrder], *, now=None) -> str | None:
    """A UPI credit paid ``paid`` (``upi._pay``): the money is in the collecting account, and
    each sub-order credits its seller's held account as a card payment does. A UPI credit pays
    exactly what was due, so nothing is owed back."""
    legs: list[Leg] = []
    for sub in paid:
        if not has_sale(sub.id):
            legs += sale_legs(sub, CASH_UPI, K.PAYMENT_UPI)
    return post(legs, reference=payment.upi_utr or f"payment-{payment.id}", now=now)


def record_cash_collected(sub: SubOrder, *, now=None) -> str | None:
    """A cash-on-delivery sub-order was delivered: its cash was collected (once)."""
    if has_sale(sub.id):
        return None
    return post(sale_legs(sub, CASH_COD, K.PAYMENT_COD), reference=f"cod-{sub.id}", now=now)


def _sum(*conditions) -> int:
    return int(db.session.scalar(select(func.coalesce(func.sum(LedgerEntry.amount_paise), 0)).where(*conditions)))


def is_released(suborder_id: int) -> bool:
    return db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.suborder_id == suborder_id,
                                                          LedgerEntry.kind == K.RELEASE.value).limit(1)) is not None


def record_refund(sub: SubOrder, amount_paise: int, *, reference: str = "", actor_id: int | None = None,
                  now=None, cash: str = CASH_CARD) -> str | None:
    """A refund of ``amount_paise`` for ``sub`` left the marketplace: from the Stripe account
    (``cash=CASH_CARD``), or by a bank transfer the ODOP cell made (``CASH_BANK``: a returned
    cash-on-delivery or UPI shipment).

    A sub-order the seller was credited for is taken back from the seller (held, or payable once
    released: the balance may go below zero, money the seller owes), and the fee and its GST
    come back in proportion (in full for a full refund). A shipment paid for after it was
    cancelled was never the seller's: the refund clears ``buyer_clearing``."""
    amount = int(amount_paise)
    if not has_sale(sub.id):
        return post([Leg(BUYER_CLEARING, amount, K.REFUND, suborder_id=sub.id),
                     Leg(cash, -amount, K.REFUND, suborder_id=sub.id)],
                    reference=reference, actor_id=actor_id, now=now)
    s = sub.seller_id
    lock_sellers([s])  # before reading where the money is: a batch may be releasing it right now
    account = payable(s) if is_released(sub.id) else held(s)
    fee = -_sum(LedgerEntry.suborder_id == sub.id, LedgerEntry.account == MARKETPLACE_FEE)
    gst = -_sum(LedgerEntry.suborder_id == sub.id, LedgerEntry.account == GST_ON_FEE)
    fee_back, gst_back = (fee, gst) if amount >= sub.total_paise else (
        fee * amount // sub.total_paise, gst * amount // sub.total_paise)
    return post([
        Leg(cash, -amount, K.REFUND, seller_id=s, suborder_id=sub.id),
        Leg(account, amount, K.REFUND, suborder_id=sub.id),
        Leg(MARKETPLACE_FEE, fee_back, K.FEE_REVERSAL, seller_id=s, suborder_id=sub.id),
        Leg(account, -fee_back, K.FEE_REVERSAL, suborder_id=sub.id),
        Leg(GST_ON_FEE, gst_back, K.FEE_REVERSAL, seller_id=s, suborder_id=sub.id),
        Leg(account, -gst_back, K.FEE_REVERSAL, suborder_id=sub.id),
    ], reference=reference, actor_id=actor_id, now=now)


def record_dbt_subsidy(claim: SubsidyClaim, *, actor_id: int | None = None, now=None) -> str | None:
    """The ODOP cell paid a freight-subsidy claim to the seller by DBT: a memo pair, outside
    the seller's balance (the money never passed through the marketplace)."""
    return post([Leg(MEMO_DBT_GOVERNMENT, claim.amount_paise, K.SUBSIDY_DBT_MEMO, seller_id=claim.seller_id,
                     suborder_id=claim.suborder_id),
                 Leg(memo_dbt(claim.seller_id), -claim.amount_paise, K.SUBSIDY_DBT_MEMO,
                     suborder_id=claim.suborder_id)],
                reference=claim.dbt_reference or "", actor_id=actor_id, now=now)


# --------------------------------------------------------------------------- balances

@dataclass(frozen=True)
class SellerBalance:
    held_paise: int
    payable_paise: int

    @property
    def total_paise(self) -> int:
        return self.held_paise + self.payable_paise


def account_balance(account: str, *, before=None) -> int:
    """The sum of an account's entries (debit +), optionally of those before a moment."""
    conditions = [LedgerEntry.account == account]
    if before is not None:
        conditions.append(LedgerEntry.created_at < before)
    return _sum(*conditions)


def seller_balance(seller_id: int, *, before=None) -> SellerBalance:
    """What the marketplace owes the seller (a credit shown positive), derived from entries:
    held (not payable yet) and payable. Below zero: the seller owes the marketplace."""
    return SellerBalance(-account_balance(held(seller_id), before=before),
                         -account_balance(payable(seller_id), before=before))


def held_by_suborder(seller_id: int) -> dict[int, int]:
    """The seller's held money per sub-order (positive: owed to the seller), non-zero only."""
    rows = db.session.execute(
        select(LedgerEntry.suborder_id, func.sum(LedgerEntry.amount_paise))
        .where(LedgerEntry.account == held(seller_id)).group_by(LedgerEntry.suborder_id)).all()
    return {sid: -int(total) for sid, total in rows if sid is not None and int(total) != 0}


def unbalanced_transactions() -> list[str]:
    """Transaction ids whose legs do not sum to zero (none, ever: the invariant tests and
    ``flask ledger check`` ask)."""
    return list(db.session.scalars(select(LedgerEntry.txn_id).group_by(LedgerEntry.txn_id)
                                   .having(func.sum(LedgerEntry.amount_paise) != 0)))
