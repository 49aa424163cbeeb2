"""Payouts to sellers (issue #14.2): when a sub-order's money becomes payable, batches the ODOP
cell exports to the bank, and the bank's answer per line (paid with a UTR, or failed).

* A sub-order's money is **held** from payment until ``PAYOUT_HOLD_DAYS`` (default 7) after its
  delivery, and never while something in ``PAYOUT_HOLDS`` holds it (an open return or
  complaint: ``returns.held_by_open_returns``, ``grievances.held_by_open_tickets``). It is
  moved held → payable (``release``) when a batch is made.
* ``make_batch`` puts each chosen seller's payable balance (or a smaller amount the cell
  chose; more is refused) in a line, under the seller's row lock; the line's money leaves the
  balance at once (``payout``: payable → ``bank:payouts``).
* ``mark_paid(line, utr)`` (a NEFT UTR: 16 to 22 letters and digits, used once in the whole
  marketplace) and ``mark_failed(line, reason)`` (the money goes back to payable).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.catalog.bank_details import decrypt_account
from marketplace.catalog.models import Seller
from marketplace.catalog.sellers import IFSC_RE
from marketplace.database import utcnow
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.money import format_paise
from marketplace.notifications.service import notify
from marketplace.params import parse_id
from marketplace.transaction import committed

from . import grievances, ledger, returns
from .ledger import BANK_PAYOUTS, CASH_BANK, Leg
from .ledger_models import EntryKind, LedgerEntry, PayoutBatch, PayoutLine, PayoutLineStatus
from .models import OrderStatusChange, SubOrder
from .states import Status

#: Functions ``(sub-order ids) -> the ids among them that must not be paid out yet``: an open
#: return (the money may yet go back to the buyer) and an open complaint.
PAYOUT_HOLDS: list[Callable[[set[int]], set[int]]] = [returns.held_by_open_returns, grievances.held_by_open_tickets]

UTR_RE = re.compile(r"^[A-Z0-9]{16,22}$")
K = EntryKind

PAYOUT_LINE_LABELS = {
    PayoutLineStatus.PENDING: _l("Sent to the bank"),
    PayoutLineStatus.PAID: _l("Paid"),
    PayoutLineStatus.FAILED: _l("Failed (back in the balance)"),
}


class PayoutError(DomainError):
    code = "payout_refused"


class PayoutTooLarge(PayoutError):
    code = "payout_too_large"

    def __init__(self, seller: str, most: str) -> None:
        super().__init__(_l("%(seller)s: the payout is more than the payable balance of %(most)s.",
                            seller=seller, most=most))


class NothingToPay(PayoutError):
    code = "nothing_to_pay"
    default_message = _l("None of the chosen sellers has money due for payout.")


class BadUtr(PayoutError):
    code = "bad_utr"
    default_message = _l("A UTR has 16 to 22 letters and digits, as on the bank's statement.")


class UtrUsed(PayoutError):
    code = "utr_used"
    default_message = _l("This UTR is already recorded for another payout. Check the bank's statement.")


class LineDecided(PayoutError):
    code = "line_decided"
    default_message = _l("This payout line was already marked paid or failed.")


class ReasonNeeded(PayoutError):
    code = "reason_needed"
    default_message = _l("Give the reason the bank gave for the failure.")


class PayoutNotFound(PayoutError):
    code = "not_found"
    status = 404
    default_message = _l("No such payout.")


# --------------------------------------------------------------------------- when money is payable

def hold_days(config=None) -> int:
    return int((config if config is not None else current_app.config).get("PAYOUT_HOLD_DAYS", 7))


def delivered_at(suborder_ids: Iterable[int]) -> dict[int, dt.datetime]:
    """When each sub-order was (last) delivered."""
    ids = set(suborder_ids)
    if not ids:
        return {}
    rows = db.session.execute(select(OrderStatusChange.suborder_id, OrderStatusChange.created_at)
                              .where(OrderStatusChange.suborder_id.in_(ids),
                                     OrderStatusChange.to_status == Status.DELIVERED.value)
                              .order_by(OrderStatusChange.id))
    return {sid: when for sid, when in rows}


def releasable(suborder_ids: Iterable[int], *, now: dt.datetime | None = None) -> set[int]:
    """THE payable rule: of these sub-orders, those delivered at least ``PAYOUT_HOLD_DAYS``
    ago, still delivered (or refunded in part after delivery), and held by nothing in
    ``PAYOUT_HOLDS``."""
    now = now or utcnow()
    ids = set(suborder_ids)
    statuses = dict(db.session.execute(select(SubOrder.id, SubOrder.status).where(SubOrder.id.in_(ids or {-1}))).all())
    when = delivered_at(ids)
    cutoff = now - dt.timedelta(days=hold_days())
    due = {sid for sid in ids if statuses.get(sid) in (Status.DELIVERED, Status.REFUNDED)
           and sid in when and when[sid] <= cutoff}
    for hold in PAYOUT_HOLDS:
        if due:
            due -= set(hold(set(due)))
    return due


def release(seller_id: int, *, now: dt.datetime | None = None) -> int:
    """Move the seller's held money of every releasable sub-order to payable (no commit; the
    caller holds the seller's row lock). Returns the amount released."""
    held = ledger.held_by_suborder(seller_id)
    total = 0
    for sid in sorted(releasable(held, now=now)):
        amount = held[sid]
        ledger.post([Leg(ledger.held(seller_id), amount, K.RELEASE, suborder_id=sid),
                     Leg(ledger.payable(seller_id), -amount, K.RELEASE, suborder_id=sid)],
                    reference=f"release-{sid}", now=now)
        total += amount
    return total


@dataclass(frozen=True)
class DueSeller:
    seller: Seller
    payable_paise: int      # payable now (after releasing what is due)
    held_paise: int
    problem: object | None  # why no payout can go out (bank details), or None


def payout_details_problem(seller: Seller):
    """Why a payout cannot be sent to ``seller`` (a translated message), or None: holder name,
    a well-formed IFSC and the full account number (encrypted) are needed."""
    if not (seller.bank_account_name or "").strip() or not decrypt_account(seller.bank_account_encrypted):
        return _l("No full bank account number on file: the seller must enter it (twice) in their profile.")
    if not IFSC_RE.match((seller.bank_ifsc or "").strip().upper()):
        return _l("The seller's IFSC code is not valid.")
    return None


def due_sellers(*, now: dt.datetime | None = None) -> list[DueSeller]:
    """Sellers with money payable now (what ``release`` would make payable counted in), most
    owed first. Reads only: nothing is released until a batch is made."""
    now = now or utcnow()
    sellers = set(db.session.scalars(select(LedgerEntry.seller_id).where(
        LedgerEntry.account.like("seller:%")).distinct()))
    result = []
    for seller in db.session.scalars(select(Seller).where(Seller.id.in_(sellers or {-1})).order_by(Seller.id)):
        balance = ledger.seller_balance(seller.id)
        held = ledger.held_by_suborder(seller.id)
        due = balance.payable_paise + sum(held[s] for s in releasable(held, now=now))
        if due > 0:
            result.append(DueSeller(seller, due, balance.held_paise - (due - balance.payable_paise),
                                    payout_details_problem(seller)))
    return sorted(result, key=lambda d: (-d.payable_paise, d.seller.id))


# --------------------------------------------------------------------------- batches

def _seller_name(seller: Seller) -> str:
    return seller.enterprise_name_en or seller.enterprise_name_hi or f"#{seller.id}"


def make_batch(seller_ids: Iterable[int] | None, *, actor_id: int | None,
               amounts: dict[int, int] | None = None, now: dt.datetime | None = None,
               before_commit: Callable[[PayoutBatch], None] | None = None) -> PayoutBatch:
    """Make a payout batch: one line per chosen seller (``None``: every seller with money due)
    for their whole payable balance, or ``amounts[seller_id]`` paise when given (never more than
    the balance). Sellers without complete bank details (``payout_details_problem``) or with
    nothing payable are left out. Each seller's row is locked (id order) while its balance is
    read and its line written, so a concurrent refund or batch waits. ``before_commit(batch)``
    runs in the transaction (the admin audit entry). Commits.

    Raises PayoutTooLarge (nothing is made), NothingToPay when no line would be made.
    """
    now = now or utcnow()
    amounts = {int(k): int(v) for k, v in (amounts or {}).items()}
    with committed():
        if seller_ids is None:
            ids = sorted(d.seller.id for d in due_sellers(now=now))
        else:
            ids = sorted({int(s) for s in seller_ids})
        batch = PayoutBatch(created_by_id=actor_id, created_at=now)
        db.session.add(batch)
        db.session.flush()
        for seller_id in ids:
            ledger.lock_sellers([seller_id])
            seller = db.session.scalars(select(Seller).where(Seller.id == seller_id)
                                        .execution_options(populate_existing=True)).first()
            if seller is None or payout_details_problem(seller) is not None:
                continue
            release(seller_id, now=now)
            balance = ledger.seller_balance(seller_id).payable_paise
            amount = amounts.get(seller_id, balance)
            if amount > balance:
                raise PayoutTooLarge(seller=_seller_name(seller), most=format_paise(max(balance, 0)))
            if amount <= 0:
                continue
            line = PayoutLine(batch=batch, seller_id=seller_id, amount_paise=amount,
                              beneficiary_name=seller.bank_account_name.strip()[:120],
                              ifsc=seller.bank_ifsc.strip().upper(), account_last4=seller.bank_account_last4 or "",
                              account_encrypted=seller.bank_account_encrypted)
            db.session.add(line)
            db.session.flush()
            ledger.post([Leg(ledger.payable(seller_id), amount, K.PAYOUT, payout_line_id=line.id),
                         Leg(BANK_PAYOUTS, -amount, K.PAYOUT, seller_id=seller_id, payout_line_id=line.id)],
                        reference=line.reference, actor_id=actor_id, now=now)
        if not batch.lines:
            raise NothingToPay()
        if before_commit is not None:
            before_commit(batch)
    return batch


def get_batch(batch_id) -> PayoutBatch:
    number = parse_id(batch_id)
    batch = db.session.get(PayoutBatch, number) if number is not None else None
    if batch is None:
        raise PayoutNotFound()
    return batch


def batches() -> list[PayoutBatch]:
    """Every batch, newest first."""
    return list(db.session.scalars(select(PayoutBatch).order_by(PayoutBatch.id.desc())))


def get_line(line_id) -> PayoutLine:
    """A payout line by id; raises PayoutNotFound."""
    number = parse_id(line_id)
    line = db.session.get(PayoutLine, number) if number is not None else None
    if line is None:
        raise PayoutNotFound()
    return line


def _lock_line(line_id) -> PayoutLine:
    line = get_line(line_id)
    number = line.id
    ledger.lock_sellers([line.seller_id])  # the seller first, as every posting to their accounts
    line = db.session.scalars(select(PayoutLine).where(PayoutLine.id == number).with_for_update()
                              .execution_options(populate_existing=True)).one()
    if line.status != PayoutLineStatus.PENDING:
        raise LineDecided()
    return line


def normalise_utr(text: str | None) -> str:
    """A UTR as stored: capitals, no spaces; raises BadUtr when it is not 16–22 letters/digits."""
    utr = re.sub(r"\s", "", text or "").upper()
    if not UTR_RE.match(utr):
        raise BadUtr()
    return utr


def mark_paid(line_id, utr: str, *, actor_id: int | None, now: dt.datetime | None = None,
              before_commit: Callable[[PayoutLine], None] | None = None) -> PayoutLine:
    """The bank paid the line: record its UTR, post the money out of the bank, tell the seller.
    Commits. Raises PayoutNotFound, LineDecided, BadUtr, UtrUsed (a UTR already recorded)."""
    now = now or utcnow()
    utr = normalise_utr(utr)
    try:
        with committed():
            line = _lock_line(line_id)
            if db.session.scalar(select(PayoutLine.id).where(PayoutLine.utr == utr)) is not None:
                raise UtrUsed()
            line.status, line.utr = PayoutLineStatus.PAID.value, utr
            line.decided_at, line.decided_by_id = now, actor_id
            ledger.post([Leg(BANK_PAYOUTS, line.amount_paise, K.PAYOUT_PAID, seller_id=line.seller_id,
                             payout_line_id=line.id),
                         Leg(CASH_BANK, -line.amount_paise, K.PAYOUT_PAID, seller_id=line.seller_id,
                             payout_line_id=line.id)], reference=utr, actor_id=actor_id, now=now)
            amount = line.amount_paise
            notify(line.seller.user, _l("Payout sent to your bank account"),
                   lambda: str(_l("%(amount)s was sent to your account …%(last4)s (UTR %(utr)s).",
                                  amount=format_paise(amount), last4=line.account_last4, utr=utr)),
                   link="/seller/orders/statement")
            if before_commit is not None:
                before_commit(line)
    except IntegrityError:  # the same UTR recorded for another line at the same moment
        raise UtrUsed() from None
    return line


def mark_failed(line_id, reason: str, *, actor_id: int | None, now: dt.datetime | None = None,
                before_commit: Callable[[PayoutLine], None] | None = None) -> PayoutLine:
    """The bank could not pay the line: record why; the money goes back to the seller's payable
    balance (for the next batch) and the seller is told to check their bank details. Commits.
    Raises PayoutNotFound, LineDecided, ReasonNeeded."""
    now = now or utcnow()
    reason = re.sub(r"[\x00-\x1f]", " ", reason or "").strip()[:300]
    if not reason:
        raise ReasonNeeded()
    with committed():
        line = _lock_line(line_id)
        line.status, line.failure_reason = PayoutLineStatus.FAILED.value, reason
        line.decided_at, line.decided_by_id = now, actor_id
        ledger.post([Leg(BANK_PAYOUTS, line.amount_paise, K.PAYOUT_FAILED, seller_id=line.seller_id,
                         payout_line_id=line.id),
                     Leg(ledger.payable(line.seller_id), -line.amount_paise, K.PAYOUT_FAILED,
                         payout_line_id=line.id)], reference=line.reference, actor_id=actor_id, now=now)
        notify(line.seller.user, _l("A payout to your bank account failed"),
               lambda: str(_l("The bank could not pay %(amount)s: %(reason)s. The money stays in your balance; "
                              "check your bank details.", amount=format_paise(line.amount_paise), reason=reason)),
               link="/seller/profile")
        if before_commit is not None:
            before_commit(line)
    return line


# --------------------------------------------------------------------------- the bank file

def rupees(paise: int) -> str:
    """``123456`` → ``"1234.56"`` (the bank file's amount: rupees, two decimals, no grouping)."""
    return str((Decimal(paise) / 100).quantize(Decimal("0.01")))


NEFT_HEADER = ("Beneficiary Name", "Beneficiary Account Number", "IFSC", "Amount", "Payment Reference")


def export_rows(batch: PayoutBatch) -> list[tuple[str, str, str, str, str]]:
    """The batch's lines as the common NEFT bulk-upload layout wants them, with the full account
    numbers (the one place they are decrypted for output). Lines already decided are left out."""
    return [(line.beneficiary_name, decrypt_account(line.account_encrypted) or "", line.ifsc,
             rupees(line.amount_paise), line.reference)
            for line in batch.lines if line.status == PayoutLineStatus.PENDING]
