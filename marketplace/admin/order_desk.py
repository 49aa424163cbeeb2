"""The order desk of the ODOP cell and the district offices: find any shipment (sub-order) of the
officer's districts, see its lines, history and money, and — the ODOP cell only — refund what a
buyer paid by card.

Why a desk: a refund that failed when a shipment was cancelled (the payment service was down)
leaves the shipment *cancelled but not refunded*; a delivered shipment that arrived broken may be
refunded by the ODOP cell only (the state machine allows ``delivered → refunded`` to ``admin``).
The refund rule itself — caps, the payment row lock, the status move, the buyer's notice — is
``orders.refunds.refund_suborder``; this module adds the district scope, the reason and the
audit entry, written in the same transaction.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import User
from marketplace.admin import audit
from marketplace.admin.scope import district_ids_in_view
from marketplace.catalog.models import Seller, officer_district_ids
from marketplace.database import contains
from marketplace.errors import DomainError, NotFound
from marketplace.extensions import db
from marketplace.orders import refunds
from marketplace.orders.gateway import StripeGateway
from marketplace.orders.models import Order, PaymentMethod, PaymentStatus, SubOrder
from marketplace.orders.states import Actor, Status, TRANSITIONS

PAGE_SIZE = 50
MAX_REASON = 300
_ORDER_NUMBER = re.compile(r"(?i)^\s*(?:OB)?0*(\d{1,9})(?:-(\d{1,9}))?\s*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


class RefundReasonRequired(DomainError):
    code = "refund_reason_required"
    default_message = _l("Write why the money is refunded; the buyer's history and the audit log keep it.")


class UnknownOrderStatus(DomainError):
    code = "unknown_order_status"
    default_message = _l("That order status is not known.")


@dataclass(frozen=True)
class OrderFilter:
    """``text``: an order number (OB0000123 or 123), a shipment number (OB0000123-45), the
    buyer's e-mail, or part of the seller's name. ``refunds_due``: only cancelled shipments whose
    card payment has not been returned."""

    text: str = ""
    status: str | None = None
    district_id: int | None = None
    refunds_due: bool = False


def _query(user, filters: OrderFilter):
    if filters.status and filters.status not in {s.value for s in Status}:
        raise UnknownOrderStatus()
    stmt = (select(SubOrder).join(Seller, SubOrder.seller_id == Seller.id)
            .where(Seller.district_id.in_(district_ids_in_view(user, filters.district_id))))
    if filters.status:
        stmt = stmt.where(SubOrder.status == filters.status)
    if filters.refunds_due:
        stmt = stmt.where(refunds.refund_due_clause())
    text = filters.text.strip()
    if text:
        number = _ORDER_NUMBER.match(text)
        if number:
            order_id, sub_id = int(number.group(1)), number.group(2)
            stmt = stmt.where(SubOrder.order_id == order_id)
            if sub_id:
                stmt = stmt.where(SubOrder.id == int(sub_id))
        elif _EMAIL.match(text):
            stmt = stmt.join(Order, SubOrder.order_id == Order.id).join(User, Order.buyer_id == User.id).where(
                func.lower(User.email) == text.lower())
        else:
            stmt = stmt.where(or_(contains(Seller.enterprise_name_en, text), contains(Seller.enterprise_name_hi, text)))
    return stmt


def suborders_page(user, filters: OrderFilter = OrderFilter(), page: int = 1, per_page: int | None = None):
    """One page of the shipments of ``user``'s districts (the seller's district) matching
    ``filters``, newest first, with order, buyer and seller loaded.

    Raises :class:`UnknownOrderStatus` and :class:`OutOfScope` (a district outside the area)."""
    stmt = (_query(user, filters).order_by(SubOrder.id.desc())
            .options(selectinload(SubOrder.order).selectinload(Order.buyer),
                     selectinload(SubOrder.seller).selectinload(Seller.district)))
    return db.paginate(stmt, page=page, per_page=per_page or PAGE_SIZE, error_out=False)


def refunds_due_count(user) -> int:
    """How many cancelled card-paid shipments of ``user``'s districts still wait for a refund."""
    return db.session.scalar(select(func.count()).select_from(_query(user, OrderFilter(refunds_due=True)).subquery()))


def suborder_for_staff(user, suborder_id: int) -> SubOrder:
    """The shipment with its order, lines, history and payments; :class:`NotFound` when it does
    not exist or its seller is outside ``user``'s districts."""
    sub = db.session.scalar(select(SubOrder).where(SubOrder.id == suborder_id).options(
        selectinload(SubOrder.lines), selectinload(SubOrder.history),
        selectinload(SubOrder.order).selectinload(Order.payments)))
    if sub is None or sub.seller is None:
        raise NotFound()
    if sub.seller.district_id not in officer_district_ids(user):
        raise NotFound()
    return sub


@dataclass(frozen=True)
class RefundState:
    card_paid: bool  # paid by card, or by UPI (``by_transfer``)
    refundable_paise: int  # what may still come back for this shipment
    allowed: bool  # the status lets the ODOP cell refund it now
    whole_only: bool  # a cancelled shipment is refunded in full, a delivered one may be in part
    by_transfer: bool = False  # paid by UPI: the ODOP cell sends it back and records the reference


def refund_state(sub: SubOrder) -> RefundState:
    """What the desk may offer for ``sub``: only money the card paid for this shipment, never more
    than the shipment's total or what is left on the payment, and only from a status the state
    machine lets ``admin`` move to ``refunded`` (cancelled: in full; delivered: all or part)."""
    by_upi = sub.order.payment_method == PaymentMethod.UPI
    paid = refunds.was_paid_by_upi(sub) if by_upi else refunds.was_paid_by_card(sub)
    method = PaymentMethod.UPI if by_upi else PaymentMethod.CARD
    card = [p for p in sub.order.payments if p.method == method and p.status == PaymentStatus.SUCCEEDED]
    left = max((refunds.refundable_paise(p) for p in card), default=0) if paid else 0
    rule = TRANSITIONS.get((Status(sub.status), Status.REFUNDED))
    allowed = paid and left > 0 and rule is not None and Actor.ADMIN in rule.actors
    left = min(left, sub.total_paise - refunds.refunded_for_suborder(sub.id))  # a return may have taken part
    allowed = allowed and left > 0
    return RefundState(card_paid=paid, refundable_paise=left, allowed=allowed,
                       whole_only=sub.status == Status.CANCELLED, by_transfer=by_upi)


def refund(actor, suborder_id: int, amount_paise: int | None, reason: str,
           gateway: StripeGateway | None, reference: str = "") -> int:
    """Refund ``amount_paise`` (default: the whole shipment) of a cancelled or delivered
    card-paid shipment in ``actor``'s districts; the buyer is told; the reason goes into the
    shipment's history and, with the amount, into the audit log — all in one transaction.
    Returns the amount refunded.

    Raises :class:`RefundReasonRequired`, :class:`NotFound`, and what
    ``orders.refunds.refund_suborder`` raises (PaymentsNotConfigured, NothingToRefund,
    RefundTooLarge, the state machine's refusals, PaymentProviderError — nothing is recorded then).
    """
    reason = (reason or "").strip()[:MAX_REASON]
    if not reason:
        raise RefundReasonRequired()
    sub = suborder_for_staff(actor, suborder_id)
    before = {"status": sub.status}

    def write_audit(locked: SubOrder, amount: int) -> None:
        audit.record(actor, "order.refund", object_type="suborders", object_id=locked.id,
                     district_id=locked.seller.district_id, before=before,
                     after={"status": locked.status, "refunded_paise": amount, "reason": reason},
                     summary=locked.number)

    if sub.order.payment_method == PaymentMethod.UPI:  # sent back from the collecting account by hand
        return refunds.refund_by_transfer(sub.id, reference=reference, actor_id=actor.id, amount_paise=amount_paise,
                                          reason=reason, before_commit=write_audit)
    return refunds.refund_suborder(sub.id, gateway, actor=Actor.ADMIN, actor_id=actor.id,
                                    amount_paise=amount_paise, reason=reason, before_commit=write_audit)
