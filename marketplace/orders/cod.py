"""Cash on delivery: the courier's remittance of the cash it collected (issue #14.5).

A courier collects the buyer's cash at the door and pays it over to the marketplace some days
later, in batches, with a file listing the parcels (AWB), the amounts and its bank reference.
That file is imported here, all or nothing, against the delivered cash-on-delivery sub-orders:
each line must name exactly one such sub-order by its tracking number and carry exactly the
amount the buyer paid. What is delivered but not yet remitted is money the courier holds; the
ODOP cell's COD page and the monitoring dashboard show it (``outstanding``, ``cod_figures``).

Each remittance moves its cash in the ledger from ``cash:cod`` (what couriers hold) to
``cash:bank``. A line imported before (same sub-order, amount and reference) is skipped, so a file may be
imported again; the same sub-order with another amount or reference is an error, never a
second remittance.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, select
from sqlalchemy.exc import IntegrityError

from marketplace.catalog.models import Seller
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.money import format_paise
from marketplace.transaction import committed

from . import ledger, money_csv
from .ledger import Leg
from .ledger_models import EntryKind
from .errors import OrdersError
from .models import CodRemittance, Order, OrderStatusChange, PaymentMethod, SubOrder
from .states import Status

COLUMNS = ("awb", "amount", "remitted_on", "reference")
ALIASES = {
    "awb": "awb", "awb number": "awb", "awb no": "awb", "awb code": "awb", "tracking number": "awb",
    "waybill": "awb", "amount": "amount", "cod amount": "amount", "collected amount": "amount",
    "remitted_on": "remitted_on", "remitted on": "remitted_on", "remittance date": "remitted_on",
    "date": "remitted_on", "reference": "reference", "utr": "reference", "remittance id": "reference",
    "crf id": "reference", "batch": "reference",
}
AWB_RE = re.compile(r"^[A-Z0-9-]{6,40}$")
REFERENCE_RE = re.compile(r"^[A-Z0-9/-]{4,40}$")


class RemittanceInvalid(OrdersError):
    code = "remittance_invalid"
    default_message = _l("The remittance file was not imported: nothing has changed. Correct the lines below "
                         "and upload it again.")


@dataclass(frozen=True)
class RemittanceRow:
    line: int
    suborder_id: int
    number: str
    awb: str
    amount_paise: int
    remitted_on: dt.date
    reference: str


@dataclass
class ImportResult:
    recorded: list[RemittanceRow] = field(default_factory=list)
    repeated: list[RemittanceRow] = field(default_factory=list)


def _by_awb(awb: str) -> list[SubOrder]:
    return list(db.session.scalars(select(SubOrder).where(func.upper(SubOrder.tracking_number) == awb)))


def _delivered_cod(sub: SubOrder) -> bool:
    reached = db.session.scalar(select(exists().where(OrderStatusChange.suborder_id == sub.id,
                                                      OrderStatusChange.to_status == Status.DELIVERED.value)))
    return sub.order.payment_method == PaymentMethod.COD and bool(reached)


def parse_remittance(data: bytes) -> tuple[list[RemittanceRow], list[RemittanceRow], list[money_csv.LineError]]:
    """The file's new lines, its lines imported before, and its bad lines with every reason."""
    lines, errors = money_csv.read_rows(data, COLUMNS, ALIASES)
    new, repeated, seen = [], [], {}
    for number, values in lines:
        reasons, sub = [], None
        awb = re.sub(r"\s", "", values["awb"]).upper()
        if not AWB_RE.match(awb):
            reasons.append(str(_l("awb: a tracking number is 6 to 40 letters, digits or dashes")))
        elif awb in seen:
            reasons.append(str(_l("awb: the same parcel as line %(line)s", line=seen[awb])))
        else:
            found = _by_awb(awb)
            if len(found) != 1:
                reasons.append(str(_l("awb: no shipment has this tracking number") if not found
                                   else _l("awb: several shipments have this tracking number")))
            elif not _delivered_cod(found[0]):
                reasons.append(str(_l("awb: shipment %(number)s is not a delivered cash-on-delivery shipment",
                                      number=found[0].number)))
            else:
                sub = found[0]
        amount = money_csv.parse_amount(values["amount"])
        if amount is None:
            reasons.append(str(_l("amount: not an amount of rupees with at most two decimals")))
        elif sub is not None and amount != sub.total_paise:
            reasons.append(str(_l("amount: the buyer paid %(paid)s for this shipment", paid=format_paise(sub.total_paise))))
        day = money_csv.parse_date(values["remitted_on"])
        if day is None:
            reasons.append(str(_l("remitted_on: not a date (use 2026-12-04 or 04/12/2026)")))
        reference = re.sub(r"\s", "", values["reference"]).upper()
        if not REFERENCE_RE.match(reference):
            reasons.append(str(_l("reference: 4 to 40 letters, digits, dashes or slashes")))
        before = db.session.scalar(select(CodRemittance).where(CodRemittance.suborder_id == sub.id)) if sub else None
        if before is not None and (before.amount_paise, before.reference) != (amount, reference):
            reasons.append(str(_l("already remitted on %(day)s with reference %(reference)s",
                                  day=before.remitted_on.isoformat(), reference=before.reference)))
        if reasons:
            errors.append(money_csv.LineError(number, tuple(reasons)))
            continue
        seen[awb] = number
        row = RemittanceRow(number, sub.id, sub.number, awb, amount, day, reference)
        (repeated if before is not None else new).append(row)
    return new, repeated, errors


def import_remittance(data: bytes, *, actor_id: int,
                      before_commit: Callable[[ImportResult], None] | None = None) -> ImportResult:
    """Record a courier's remittance file, all or nothing: any bad line raises RemittanceInvalid
    (``errors``: every bad line) and records nothing."""
    new, repeated, errors = parse_remittance(data)
    if errors:
        raise RemittanceInvalid(errors=errors)
    result = ImportResult(recorded=new, repeated=repeated)
    try:
        with committed():
            for row in new:
                db.session.add(CodRemittance(suborder_id=row.suborder_id, amount_paise=row.amount_paise,
                                             remitted_on=row.remitted_on, reference=row.reference,
                                             recorded_by_id=actor_id))
                # the cash moves from the courier's hands to the bank account
                kind, sid = EntryKind.COD_REMITTED, row.suborder_id
                ledger.post([Leg(ledger.CASH_BANK, row.amount_paise, kind, suborder_id=sid),
                             Leg(ledger.CASH_COD, -row.amount_paise, kind, suborder_id=sid)],
                            reference=row.reference, actor_id=actor_id)
            db.session.flush()
            if before_commit is not None:
                before_commit(result)
    except IntegrityError:  # the same file imported at the same moment by someone else
        raise RemittanceInvalid(errors=[money_csv.LineError(1, (str(_l(
            "Another import recorded some of these shipments at the same moment: upload the file again.")),))]) \
            from None
    return result


# -- what the courier still holds ----------------------------------------------------------------

def _delivered_at():
    return (select(func.max(OrderStatusChange.created_at))
            .where(OrderStatusChange.suborder_id == SubOrder.id,
                   OrderStatusChange.to_status == Status.DELIVERED.value).scalar_subquery())


def _unremitted(district_ids: set[int] | None, at: dt.datetime):
    """Cash-on-delivery sub-orders delivered before ``at`` with no remittance recorded before it."""
    delivered = exists().where(OrderStatusChange.suborder_id == SubOrder.id,
                               OrderStatusChange.to_status == Status.DELIVERED.value,
                               OrderStatusChange.created_at < at)
    remitted = exists().where(CodRemittance.suborder_id == SubOrder.id, CodRemittance.created_at < at)
    conditions = [Order.payment_method == PaymentMethod.COD.value, delivered, ~remitted]
    if district_ids is not None:
        conditions.append(Seller.district_id.in_(district_ids or {-1}))
    return and_(*conditions)


def outstanding(district_ids: set[int] | None = None, *, now: dt.datetime | None = None,
                limit: int = 500) -> list[tuple[SubOrder, dt.datetime]]:
    """Delivered cash-on-delivery shipments whose cash the courier has not remitted, oldest
    delivery first, with when they were delivered."""
    now = now or utcnow()
    delivered_at = _delivered_at().label("delivered_at")
    stmt = (select(SubOrder, delivered_at).join(Order, Order.id == SubOrder.order_id)
            .join(Seller, Seller.id == SubOrder.seller_id)
            .where(_unremitted(district_ids, now)).order_by(delivered_at, SubOrder.id).limit(limit))
    return [(sub, at) for sub, at in db.session.execute(stmt)]


def cod_figures(district_ids: set[int], start: dt.datetime, end: dt.datetime, state_wide: bool) -> dict:
    """The monitoring row: cash-on-delivery shipments of the districts' sellers delivered by the
    end of the period and not remitted by then (a stock figure), and their amount."""
    count, amount = db.session.execute(
        select(func.count(SubOrder.id), func.coalesce(func.sum(SubOrder.total_paise), 0))
        .join(Order, Order.id == SubOrder.order_id).join(Seller, Seller.id == SubOrder.seller_id)
        .where(_unremitted(district_ids, end))).one()
    return {"cod_unremitted": count, "cod_unremitted_paise": int(amount)}


def recent_remittances(limit: int = 50) -> list[CodRemittance]:
    return list(db.session.scalars(select(CodRemittance).order_by(CodRemittance.id.desc()).limit(limit)))
