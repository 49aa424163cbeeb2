"""UPI payments (issue #14.4): THE home of how a buyer pays by UPI and how that money is found.

How it goes:

1. At checkout the buyer chooses "UPI"; the order waits for payment like a card order
   (``UPI_PAY_MINUTES``, 30 by default) with one pending ``Payment`` of method ``upi``.
2. The payment page shows a ``upi://pay`` link (it opens the buyer's UPI app on a phone) and the
   same link as a QR code (segno) for a phone when the buyer shops on a computer. The link
   carries the marketplace's collecting VPA (``UPI_VPA``), its name, the exact amount due and the
   order number as the transaction reference (``tr``) and note (``tn``), so the bank statement's
   remark names the order.
3. After paying, the buyer types the 12-digit UPI transaction reference (UTR/RRN) the app
   shows. A UTR is unique across the marketplace (one credit pays one order); the order then
   waits ``UPI_MATCH_HOURS`` (48) for the money to be found instead of 30 minutes.
4. The money is found by an officer of the ODOP cell, who confirms a payment seen in the
   collecting account, or by importing the bank's statement of credits (CSV: date, amount, UTR,
   remark): a credit whose UTR a buyer typed, or whose remark names an order, pays that order
   when its amount is exactly what is due. Every credit is kept (``BankCredit``), matched or not:
   a credit no order waits for is listed for the officer, who matches it by order number or
   refunds it from the bank.
5. An order whose money is never found expires like an unpaid card order (``cancellation.
   expire_unpaid``): stock and subsidy budget go back.

Stripe's own UPI method (India accounts) is not used: localstripe cannot simulate it (no
``upi`` payment method type, no redirect to an app), so nothing here could be tested on the
wire; docs/payments.md says what enabling it would take.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass, field
from typing import Callable

import segno
from flask import current_app
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.india import ist_date
from marketplace.money import format_paise, paise_to_decimal
from marketplace.params import has_control_characters
from marketplace.transaction import committed

from . import ledger, money_csv
from .errors import OrdersError, OrderNotFound, OrderNotPayable
from .fulfilment import lock_order, try_change
from .payments import amount_due  # what the order owes now: its sub-orders awaiting payment
from .models import BankCredit, BankCreditStatus, Order, Payment, PaymentEvent, PaymentMethod, PaymentStatus
from .notices import order_confirmed
from .states import Actor, Status

UTR_RE = re.compile(r"^[0-9]{12}$")
# a statement may also carry IMPS/NEFT credits: their references are kept, never matched to UPI
STATEMENT_REF_RE = re.compile(r"^[A-Z0-9]{6,22}$")
VPA_RE = re.compile(r"^[A-Za-z0-9._-]{2,200}@[A-Za-z]{2,60}$")
ORDER_NUMBER_RE = re.compile(r"OB([0-9]{7})")
STATEMENT_COLUMNS = ("date", "amount", "utr", "remark")
# header names banks use for the four columns
COLUMN_ALIASES = {
    "date": "date", "value date": "date", "txn date": "date", "transaction date": "date",
    "amount": "amount", "credit": "amount", "credit amount": "amount", "deposit": "amount",
    "utr": "utr", "utr number": "utr", "rrn": "utr", "reference": "utr", "ref no": "utr",
    "remark": "remark", "remarks": "remark", "narration": "remark", "description": "remark",
}

#: why a credit did not pay an order, as stored on the credit's event and shown to the officer
UNMATCHED_REASONS = {
    "no_order": _l("No order waiting for payment has this UTR or names an order in its remark."),
    "amount_differs": _l("The amount is not what the order owes."),
}


class InvalidUtr(OrdersError):
    code = "invalid_utr"
    default_message = _l("Enter the 12-digit UPI transaction reference (UTR) your UPI app shows, digits only.")


class UtrAlreadyUsed(OrdersError):
    code = "utr_used"
    default_message = _l("This UPI transaction reference (UTR) has already been used for a payment. Check the "
                         "number in your UPI app.")


class UpiNotConfigured(OrdersError):
    code = "upi_not_configured"
    default_message = _l("UPI payments are not set up on this site yet.")


class UpiAmountDiffers(OrdersError):
    code = "upi_amount_differs"
    default_message = _l("The amount received (%(received)s) is not what the order owes (%(due)s).")


class UpiPaymentBeingChecked(OrdersError):
    code = "upi_being_checked"
    default_message = _l("Your UPI payment (UTR %(utr)s) is being checked. You can cancel once it is confirmed; "
                         "the money then comes back to you.")


class StatementInvalid(OrdersError):
    code = "statement_invalid"
    default_message = _l("The statement was not imported: nothing has changed. Correct the lines below and "
                         "upload it again.")


class CreditNotFound(OrdersError):
    code = "credit_not_found"
    status = 404
    default_message = _l("That credit was not found or has already paid an order.")


# -- configuration -------------------------------------------------------------------------------

def collecting_vpa(config=None) -> str | None:
    """The marketplace's collecting VPA, or None when UPI is not set up (or set up wrongly)."""
    config = config if config is not None else current_app.config
    vpa = (config.get("UPI_VPA") or "").strip()
    return vpa if VPA_RE.match(vpa) else None


def upi_enabled(config=None) -> bool:
    return collecting_vpa(config) is not None


def pay_window(config=None) -> dt.timedelta:
    """How long a UPI order waits for the buyer's UTR (as a card order waits for its payment)."""
    config = config if config is not None else current_app.config
    return dt.timedelta(minutes=int(config.get("UPI_PAY_MINUTES", 30)))


def match_window(config=None) -> dt.timedelta:
    """How long a UPI order whose buyer gave a UTR waits for the money to be found."""
    config = config if config is not None else current_app.config
    return dt.timedelta(hours=int(config.get("UPI_MATCH_HOURS", 48)))


# -- the link and the QR -------------------------------------------------------------------------

def pending_upi_payment(order: Order) -> Payment | None:
    return next((p for p in order.payments if p.method == PaymentMethod.UPI and p.status == PaymentStatus.PENDING),
                None)


def payment_link(order: Order, amount_paise: int | None = None) -> str:
    """The ``upi://pay`` link of NPCI's linking specification for ``order``'s amount due."""
    vpa = collecting_vpa()
    if vpa is None:
        raise UpiNotConfigured()
    amount = amount_due(order) if amount_paise is None else amount_paise
    params = {
        "pa": vpa,
        "pn": (current_app.config.get("UPI_PAYEE_NAME") or "ODOP Bazaar")[:50],
        "am": f"{paise_to_decimal(amount):.2f}",
        "cu": "INR",
        "tr": order.number,
        "tn": f"ODOP Bazaar {order.number}",
    }
    return "upi://pay?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote)


def qr_svg(link: str) -> Markup:
    """The link as an inline SVG QR code (segno draws only its own markup)."""
    return Markup(segno.make(link, error="m").svg_inline(scale=5, dark="#000", light="#fff", omitsize=False))


# -- the buyer's UTR -----------------------------------------------------------------------------

def clean_utr(text) -> str:
    """A UPI transaction reference as typed ("4123 5678 9012") → its 12 digits; InvalidUtr else."""
    if not isinstance(text, str) or len(text) > 40 or has_control_characters(text):
        raise InvalidUtr()
    # digits as a Hindi keyboard types them (४१२३...) count as the digits they are
    utr = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in re.sub(r"[\s-]", "", text))
    if not UTR_RE.match(utr):
        raise InvalidUtr()
    return utr


def _locked(order_id: int) -> Order:
    order, _ = lock_order(order_id)
    if order is None:
        raise OrderNotFound()
    return order


def _utr_taken(utr: str, payment_id: int | None = None) -> bool:
    other = db.session.scalar(select(Payment.id).where(Payment.upi_utr == utr, Payment.id != (payment_id or 0)))
    credit = db.session.scalar(select(BankCredit).where(BankCredit.utr == utr))
    return other is not None or (credit is not None and credit.status == BankCreditStatus.MATCHED
                                 and credit.payment_id != payment_id)


def submit_utr(order_id: int, buyer_id: int, text, *, now: dt.datetime | None = None) -> Payment:
    """The buyer says they paid, with the UTR: recorded on the pending UPI payment, the order
    waits ``match_window`` for the money, and a credit already imported with that UTR pays the
    order at once. Raises InvalidUtr, UtrAlreadyUsed, OrderNotFound, OrderNotPayable."""
    now = now or utcnow()
    utr = clean_utr(text)
    try:
        with committed():
            order = _locked(order_id)
            if order.buyer_id != buyer_id:
                raise OrderNotFound()
            payment = pending_upi_payment(order)
            if payment is None or not amount_due(order):
                raise OrderNotPayable()
            if _utr_taken(utr, payment.id):
                raise UtrAlreadyUsed()
            # the wait runs from the first UTR: typing one again (or another) never holds the stock longer
            first = payment.upi_utr_at or now
            payment.upi_utr, payment.upi_utr_at = utr, first
            order.expires_at = max(order.expires_at or now, first + match_window())
            db.session.flush()
            credit = db.session.scalar(select(BankCredit).where(BankCredit.utr == utr,
                                                                BankCredit.status == BankCreditStatus.UNMATCHED)
                                       .with_for_update())
            if credit is not None and credit.amount_paise == amount_due(order) and _credit_may_pay(credit, order):
                _pay(order, payment, credit, actor=Actor.SYSTEM, actor_id=None)
    except IntegrityError:  # another order took the UTR in the same instant
        raise UtrAlreadyUsed() from None
    return payment


def _credit_may_pay(credit: BankCredit, order: Order) -> bool:
    """A credit older than the order cannot be its payment (it may be money the ODOP cell has
    already sent back from the bank)."""
    return credit.credited_on >= ist_date(order.created_at)


def check_buyer_may_cancel(order: Order) -> None:
    """A buyer who said they paid by UPI waits for the check before cancelling: the amount they
    sent is the amount of the whole order. Raises UpiPaymentBeingChecked."""
    payment = pending_upi_payment(order)
    if payment is not None and payment.upi_utr:
        raise UpiPaymentBeingChecked(utr=payment.upi_utr)


def after_cancel(order: Order) -> None:
    """A pending sub-order was cancelled (the order is locked): the UPI payment asks for what is
    left, or is cancelled when nothing is (no commit)."""
    payment = pending_upi_payment(order)
    if payment is None:
        return
    due = amount_due(order)
    if due:
        payment.amount_paise = due
    else:
        payment.status = PaymentStatus.CANCELLED.value


# -- finding the money ---------------------------------------------------------------------------

def _pay(order: Order, payment: Payment, credit: BankCredit, *, actor: Actor, actor_id: int | None) -> None:
    """THE move of a UPI payment to paid (the order is locked; no commit): the credit pays it,
    the pending sub-orders are paid, buyer and sellers are told."""
    credit.status, credit.payment_id = BankCreditStatus.MATCHED.value, payment.id
    payment.status = PaymentStatus.SUCCEEDED.value
    payment.paid_paise = credit.amount_paise
    payment.upi_utr = payment.upi_utr or credit.utr
    db.session.add(PaymentEvent(payment_id=payment.id, provider_event_id=f"upi:{credit.utr}", kind="upi.credit",
                                amount_paise=credit.amount_paise, provider_object_id=credit.utr))
    paid = [sub for sub in order.suborders if sub.status == Status.PENDING_PAYMENT
            and try_change(sub, Status.PAID, actor=actor, actor_id=actor_id, note=f"UPI {credit.utr}")]
    order.expires_at = None
    ledger.record_upi_payment(order, payment, paid)
    if paid:
        order_confirmed(order)


def _waiting_payment(utr: str, remark: str) -> Payment | None:
    """The pending UPI payment a credit is for: the one whose buyer typed its UTR, else the
    order its remark names."""
    found = db.session.scalar(select(Payment).where(Payment.upi_utr == utr, Payment.method == PaymentMethod.UPI.value,
                                                    Payment.status == PaymentStatus.PENDING.value))
    if found is not None:
        return found
    for number in ORDER_NUMBER_RE.findall(remark or ""):
        found = db.session.scalar(select(Payment).where(Payment.order_id == int(number),
                                                        Payment.method == PaymentMethod.UPI.value,
                                                        Payment.status == PaymentStatus.PENDING.value))
        if found is not None:
            return found
    return None


def _apply(credit: BankCredit, actor: Actor, actor_id: int | None) -> str | None:
    """Pay the order ``credit`` is for, if one waits for exactly its amount; returns None when it
    paid one, else the reason it did not (``UNMATCHED_REASONS``)."""
    payment = _waiting_payment(credit.utr, credit.remark)
    if payment is None:
        return "no_order"
    order = _locked(payment.order_id)
    payment = db.session.get(Payment, payment.id, populate_existing=True, with_for_update=True)
    if payment.status != PaymentStatus.PENDING or not amount_due(order):
        return "no_order"
    if credit.amount_paise != amount_due(order):
        return "amount_differs"
    if payment.upi_utr and payment.upi_utr != credit.utr:
        return "no_order"  # the buyer gave another UTR: the remark alone does not override them
    if not _credit_may_pay(credit, order):
        return "no_order"
    _pay(order, payment, credit, actor=actor, actor_id=actor_id)
    return None


def confirm_received(order_id: int, *, utr_text, amount_paise: int, credited_on: dt.date, actor_id: int,
                     before_commit: Callable[[Payment, BankCredit], None] | None = None) -> Payment:
    """An officer saw the money in the collecting account: record the credit and pay the order.
    Raises InvalidUtr, UtrAlreadyUsed, UpiAmountDiffers, OrderNotFound, OrderNotPayable; nothing
    is recorded then."""
    utr = clean_utr(utr_text)
    try:
        with committed():
            order = _locked(order_id)
            payment = pending_upi_payment(order)
            if payment is None or not amount_due(order):
                raise OrderNotPayable()
            if _utr_taken(utr, payment.id) or db.session.scalar(select(BankCredit.id).where(BankCredit.utr == utr)):
                raise UtrAlreadyUsed()
            if int(amount_paise) != amount_due(order):
                raise UpiAmountDiffers(received=format_paise(int(amount_paise)), due=format_paise(amount_due(order)))
            credit = BankCredit(utr=utr, credited_on=credited_on, amount_paise=int(amount_paise),
                                remark=order.number, status=BankCreditStatus.UNMATCHED.value, source="officer",
                                recorded_by_id=actor_id)
            db.session.add(credit)
            db.session.flush()
            _pay(order, payment, credit, actor=Actor.ADMIN, actor_id=actor_id)
            if before_commit is not None:  # the admin package's audit entry
                before_commit(payment, credit)
    except IntegrityError:
        raise UtrAlreadyUsed() from None
    return payment


def match_credit(credit_id: int, order_number: str, *, actor_id: int,
                 before_commit: Callable[[Payment, BankCredit], None] | None = None) -> Payment:
    """An officer matches an unmatched credit to the order it pays (the buyer mistyped the UTR,
    the remark named nothing). Raises CreditNotFound, OrderNotFound, OrderNotPayable,
    UpiAmountDiffers."""
    match = re.fullmatch(r"\s*OB([0-9]{7})\s*", str(order_number or "").upper()) if len(str(order_number or "")) < 40 else None
    if match is None:
        raise OrderNotFound()
    with committed():
        order = _locked(int(match.group(1)))  # the order first, as every payment move locks it
        credit = db.session.get(BankCredit, int(credit_id), with_for_update=True, populate_existing=True)
        if credit is None or credit.status != BankCreditStatus.UNMATCHED:
            raise CreditNotFound()
        payment = pending_upi_payment(order)
        if payment is None or not amount_due(order) or not _credit_may_pay(credit, order):
            raise OrderNotPayable()
        if credit.amount_paise != amount_due(order):
            raise UpiAmountDiffers(received=format_paise(credit.amount_paise), due=format_paise(amount_due(order)))
        credit.recorded_by_id = credit.recorded_by_id or actor_id
        _pay(order, payment, credit, actor=Actor.ADMIN, actor_id=actor_id)
        if before_commit is not None:
            before_commit(payment, credit)
    return payment


# -- the bank statement --------------------------------------------------------------------------

@dataclass(frozen=True)
class StatementRow:
    line: int
    credited_on: dt.date
    amount_paise: int
    utr: str
    remark: str


StatementError = money_csv.LineError


@dataclass
class ImportResult:
    matched: list[tuple[StatementRow, str]] = field(default_factory=list)  # (row, order number)
    unmatched: list[tuple[StatementRow, str]] = field(default_factory=list)  # (row, reason code)
    repeated: list[StatementRow] = field(default_factory=list)  # imported before: nothing done


def parse_statement(data: bytes) -> tuple[list[StatementRow], list[StatementError]]:
    """The credits of a statement CSV and its bad lines (each with every reason); a file that
    cannot be read at all is one error (``money_csv.read_rows``)."""
    lines, errors = money_csv.read_rows(data, STATEMENT_COLUMNS, COLUMN_ALIASES)
    rows, seen = [], {}
    for number, values in lines:
        reasons = []
        day = money_csv.parse_date(values["date"])
        if day is None:
            reasons.append(str(_l("date: not a date (use 2026-12-04 or 04/12/2026)")))
        amount = money_csv.parse_amount(values["amount"])
        if amount is None:
            reasons.append(str(_l("amount: not an amount of rupees with at most two decimals")))
        utr = re.sub(r"\s", "", values["utr"]).upper()
        if not STATEMENT_REF_RE.match(utr):
            reasons.append(str(_l("utr: a reference is 6 to 22 letters or digits")))
        elif utr in seen:
            reasons.append(str(_l("utr: the same reference as line %(line)s", line=seen[utr])))
        remark = money_csv.clean_text(values["remark"], 200)
        if remark is None:
            reasons.append(str(_l("remark: at most 200 characters of text")))
        if reasons:
            errors.append(StatementError(number, tuple(reasons)))
            continue
        seen[utr] = number
        rows.append(StatementRow(number, day, amount, utr, remark))
    return rows, errors


def import_statement(data: bytes, *, actor_id: int,
                     before_commit: Callable[[ImportResult], None] | None = None) -> ImportResult:
    """Import a statement of credits on the collecting account, all or nothing: a file with any
    bad line raises StatementInvalid (``errors``: every bad line) and imports nothing. Credits
    imported before (same UTR) are skipped, so a statement may be imported again; every new
    credit is kept and pays the order it is for when the amount is exact."""
    rows, errors = parse_statement(data)
    if errors:
        raise StatementInvalid(errors=errors)
    result = ImportResult()
    try:
        return _import_rows(rows, result, actor_id, before_commit)
    except IntegrityError:  # the same credits imported at the same moment by someone else
        raise StatementInvalid(errors=[StatementError(1, (str(_l(
            "Another import recorded some of these credits at the same moment: upload the file again.")),))]) from None


def _import_rows(rows: list[StatementRow], result: ImportResult, actor_id: int,
                 before_commit: Callable[[ImportResult], None] | None) -> ImportResult:
    with committed():
        for row in rows:
            if db.session.scalar(select(BankCredit.id).where(BankCredit.utr == row.utr)) is not None:
                result.repeated.append(row)
                continue
            credit = BankCredit(utr=row.utr, credited_on=row.credited_on, amount_paise=row.amount_paise,
                                remark=row.remark, status=BankCreditStatus.UNMATCHED.value, source="statement",
                                recorded_by_id=actor_id)
            db.session.add(credit)
            db.session.flush()
            why = _apply(credit, Actor.SYSTEM, None) if UTR_RE.match(row.utr) or ORDER_NUMBER_RE.search(row.remark) \
                else "no_order"
            if why is None:
                result.matched.append((row, db.session.get(Payment, credit.payment_id).order.number))
            else:
                result.unmatched.append((row, why))
        if before_commit is not None:
            before_commit(result)
    return result


def waiting_orders(limit: int = 200) -> list[Order]:
    """UPI orders still waiting for their money, the ones whose buyer gave a UTR first."""
    stmt = (select(Order).join(Payment, Payment.order_id == Order.id)
            .where(Payment.method == PaymentMethod.UPI.value, Payment.status == PaymentStatus.PENDING.value)
            .order_by(Payment.upi_utr.is_(None), Order.id).limit(limit))
    return list(db.session.scalars(stmt).unique())


def unmatched_credits(limit: int = 200) -> list[BankCredit]:
    return list(db.session.scalars(select(BankCredit).where(BankCredit.status == BankCreditStatus.UNMATCHED.value)
                                   .order_by(BankCredit.credited_on.desc(), BankCredit.id.desc()).limit(limit)))
