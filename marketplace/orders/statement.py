"""A seller's statement (issue #14.3) for a month or an April–March financial year, in Asia/Kolkata:
opening balance, every sale, freight, fee, refund and payout with its order number, closing
balance. Read from the ledger only: the balance is what the entries add up to.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.extensions import db
from marketplace.india import financial_year, financial_year_bounds, financial_year_label, ist_date, ist_midnight_utc

from . import ledger
from .ledger_models import EntryKind, LedgerEntry, PayoutLine
from .models import SubOrder

K = EntryKind

#: What a seller reads for each kind of entry on their statement.
ENTRY_LABELS = {
    K.PAYMENT_CARD: _l("Card payment"),
    K.PAYMENT_COD: _l("Cash collected on delivery"),
    K.PAYMENT_UPI: _l("UPI payment"),
    K.COD_REMITTED: _l("Cash paid over by the courier"),
    K.SALE: _l("Sale (goods)"),
    K.FREIGHT: _l("Freight paid by the buyer"),
    K.OVERPAID: _l("Paid for a cancelled shipment (owed to the buyer)"),
    K.FEE: _l("Marketplace fee"),
    K.GST_ON_FEE: _l("GST on the marketplace fee"),
    K.REFUND: _l("Refund to the buyer"),
    K.FEE_REVERSAL: _l("Fee given back with a refund"),
    K.RELEASE: _l("Became payable"),
    K.PAYOUT: _l("Payout to your bank account"),
    K.PAYOUT_PAID: _l("Payout confirmed by the bank"),
    K.PAYOUT_FAILED: _l("Payout failed: back in your balance"),
    K.SUBSIDY_DBT_MEMO: _l("Freight subsidy paid to you by DBT (not in this balance)"),
}


class BadPeriod(ValueError):
    """The period asked for is not a month (YYYY-MM) or a financial year (YYYY)."""


@dataclass(frozen=True)
class Period:
    start: dt.datetime  # UTC, inclusive
    end: dt.datetime    # UTC, exclusive
    key: str            # "2026-11" or "fy2026"
    kind: str           # "month" or "fy"

    def label(self) -> str:
        if self.kind == "fy":
            return str(_l("Financial year %(fy)s", fy=financial_year_label(int(self.key[2:]))))
        return format_date(ist_date(self.start), "MMMM yyyy")


def month_period(year: int, month: int) -> Period:
    if not (1 <= month <= 12 and 2000 <= year <= 2999):
        raise BadPeriod(f"{year}-{month}")
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return Period(ist_midnight_utc(dt.date(year, month, 1)), ist_midnight_utc(nxt), f"{year}-{month:02d}", "month")


def fy_period(fy: int) -> Period:
    if not 2000 <= fy <= 2999:
        raise BadPeriod(str(fy))
    start, end = financial_year_bounds(fy)
    return Period(start, end, f"fy{fy}", "fy")


def parse_period(month: str | None = None, fy: str | None = None, *, now: dt.datetime | None = None) -> Period:
    """``month="2026-11"`` or ``fy="2026"`` (2026-27); neither: this month in India.
    Raises BadPeriod for anything else."""
    if fy:
        if not re.fullmatch(r"\d{4}", fy.strip()):
            raise BadPeriod(fy)
        return fy_period(int(fy))
    if month:
        found = re.fullmatch(r"(\d{4})-(\d{1,2})", month.strip())
        if not found:
            raise BadPeriod(month)
        return month_period(int(found.group(1)), int(found.group(2)))
    today = ist_date(now or dt.datetime.now(dt.timezone.utc))
    return month_period(today.year, today.month)


def current_fy(now: dt.datetime | None = None) -> int:
    return financial_year(now or dt.datetime.now(dt.timezone.utc))


@dataclass(frozen=True)
class StatementLine:
    at: dt.datetime
    kind: str
    order_number: str
    reference: str
    amount_paise: int    # what it did to the seller's balance: + owed to the seller, − taken
    balance_paise: int   # the balance after it
    payout: PayoutLine | None = None

    @property
    def label(self) -> str:
        return str(ENTRY_LABELS.get(self.kind, self.kind))


@dataclass
class Statement:
    seller_id: int
    period: Period
    opening_paise: int
    closing_paise: int
    lines: list[StatementLine] = field(default_factory=list)
    dbt_memo: list[StatementLine] = field(default_factory=list)

    def total(self, *kinds: str) -> int:
        return sum(line.amount_paise for line in self.lines if line.kind in kinds)


def _seller_accounts(seller_id: int) -> tuple[str, str]:
    return ledger.held(seller_id), ledger.payable(seller_id)


def statement(seller_id: int, period: Period) -> Statement:
    """The seller's statement for ``period``: opening balance (everything before its start),
    each entry in it on the seller's accounts (held and payable together; the internal move
    from held to payable is left out, it changes nothing the seller is owed), running balance,
    closing balance; and, apart, the DBT subsidy memo entries of the period."""
    accounts = _seller_accounts(seller_id)
    opening = ledger.seller_balance(seller_id, before=period.start).total_paise
    rows = list(db.session.scalars(
        select(LedgerEntry).where(LedgerEntry.account.in_(accounts), LedgerEntry.created_at >= period.start,
                                  LedgerEntry.created_at < period.end, LedgerEntry.kind != K.RELEASE.value)
        .order_by(LedgerEntry.created_at, LedgerEntry.id)))
    memo = list(db.session.scalars(
        select(LedgerEntry).where(LedgerEntry.account == ledger.memo_dbt(seller_id),
                                  LedgerEntry.created_at >= period.start, LedgerEntry.created_at < period.end)
        .order_by(LedgerEntry.created_at, LedgerEntry.id)))
    sub_ids = {r.suborder_id for r in rows + memo if r.suborder_id}
    numbers = {s.id: s.number for s in db.session.scalars(
        select(SubOrder).where(SubOrder.id.in_(sub_ids or {-1})).options(selectinload(SubOrder.order)))}
    line_ids = {r.payout_line_id for r in rows if r.payout_line_id}
    lines_by_id = {p.id: p for p in db.session.scalars(select(PayoutLine).where(PayoutLine.id.in_(line_ids or {-1})))}
    balance = opening
    out = []
    for r in rows:
        balance -= r.amount_paise
        payout = lines_by_id.get(r.payout_line_id)
        reference = payout.reference if payout is not None else r.reference
        out.append(StatementLine(r.created_at, r.kind, numbers.get(r.suborder_id, ""), reference,
                                 -r.amount_paise, balance, payout))
    memo_lines = [StatementLine(r.created_at, r.kind, numbers.get(r.suborder_id, ""), r.reference,
                                -r.amount_paise, 0) for r in memo]
    return Statement(seller_id, period, opening, balance, out, memo_lines)
