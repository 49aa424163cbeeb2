"""The sub-order state machine: ONE transition table, and the check every change goes through.

::

    pending_payment ──paid (card)──▶ paid ───────┐
          │        ──confirmed (COD)─▶ confirmed ─┴─accept─▶ accepted ─ship─▶ shipped ─▶ delivered
          │                              │                      │                         │
          └────────── cancelled ◀────────┴──────────────────────┘                         │
                          │                                                               │
                          └──────────▶ refunded ◀─────────────────────────────────────────┘

Who may make each move is part of the table: the buyer may cancel only before the seller
accepts; the seller may cancel until it ships; ``system`` is the payment webhook, the
expiry job and the courier's tracking events (shipped when picked up, delivered, cancelled
when the parcel is returned to the seller); ``admin`` is the ODOP cell. Shipping needs a carrier and a tracking number;
cancelling needs a reason.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from .errors import (
    IllegalTransition,
    MissingCancelReason,
    MissingShipmentDetails,
    TransitionNotAllowedForActor,
)


class Status(StrEnum):
    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    CONFIRMED = "confirmed"
    ACCEPTED = "accepted"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


class Actor(StrEnum):
    BUYER = "buyer"
    SELLER = "seller"
    ADMIN = "admin"
    SYSTEM = "system"


STATUS_LABELS = {
    Status.PENDING_PAYMENT: _l("Awaiting payment"),
    Status.PAID: _l("Paid"),
    Status.CONFIRMED: _l("Confirmed (cash on delivery)"),
    Status.ACCEPTED: _l("Accepted by seller"),
    Status.SHIPPED: _l("Shipped"),
    Status.DELIVERED: _l("Delivered"),
    Status.CANCELLED: _l("Cancelled"),
    Status.REFUNDED: _l("Refunded"),
}


@dataclass(frozen=True)
class Rule:
    actors: frozenset[Actor]
    needs_shipment: bool = False
    needs_reason: bool = False


def _rule(*actors: Actor, shipment: bool = False, reason: bool = False) -> Rule:
    return Rule(frozenset(actors), shipment, reason)


S, A = Status, Actor

# (from, to) -> who may do it and what it needs. Nothing else is a legal move.
TRANSITIONS: dict[tuple[Status, Status], Rule] = {
    # the card webhook or a UPI credit found in a bank statement (system); a UPI payment an officer
    # of the ODOP cell confirmed (admin, upi.py)
    (S.PENDING_PAYMENT, S.PAID): _rule(A.SYSTEM, A.ADMIN),
    (S.PENDING_PAYMENT, S.CONFIRMED): _rule(A.SYSTEM),
    (S.PENDING_PAYMENT, S.CANCELLED): _rule(A.BUYER, A.SYSTEM, A.ADMIN, reason=True),
    (S.PAID, S.ACCEPTED): _rule(A.SELLER),
    (S.PAID, S.CANCELLED): _rule(A.BUYER, A.SELLER, A.ADMIN, reason=True),
    (S.CONFIRMED, S.ACCEPTED): _rule(A.SELLER),
    (S.CONFIRMED, S.CANCELLED): _rule(A.BUYER, A.SELLER, A.ADMIN, reason=True),
    # the system ships and delivers on the courier's tracking events (shipping/service.py)
    (S.ACCEPTED, S.SHIPPED): _rule(A.SELLER, A.SYSTEM, shipment=True),
    (S.ACCEPTED, S.CANCELLED): _rule(A.SELLER, A.ADMIN, reason=True),
    (S.SHIPPED, S.DELIVERED): _rule(A.SELLER, A.ADMIN, A.SYSTEM),
    # a parcel the courier brought back to the seller (returned to origin)
    (S.SHIPPED, S.CANCELLED): _rule(A.SYSTEM, reason=True),
    (S.CANCELLED, S.REFUNDED): _rule(A.SYSTEM, A.ADMIN),
    (S.DELIVERED, S.REFUNDED): _rule(A.ADMIN),
}

TERMINAL = frozenset(s for s in Status if not any(f == s for f, _ in TRANSITIONS))
# Statuses in which the sub-order holds stock and counts towards the seller's subsidy usage.
LIVE = frozenset({S.PENDING_PAYMENT, S.PAID, S.CONFIRMED, S.ACCEPTED, S.SHIPPED, S.DELIVERED})


def label(status: Status | str) -> str:
    """The translated, human name of a status."""
    return str(STATUS_LABELS[Status(status)])


def next_statuses(current: Status | str, actor: Actor | str) -> list[Status]:
    """The statuses ``actor`` may move a sub-order to from ``current``, in table order."""
    current, actor = Status(current), Actor(actor)
    return [to for (frm, to), rule in TRANSITIONS.items() if frm == current and actor in rule.actors]


def check_transition(
    current: Status | str,
    target: Status | str,
    actor: Actor | str,
    *,
    carrier: str | None = None,
    tracking_number: str | None = None,
    reason: str | None = None,
) -> Rule:
    """Refuse an illegal move; return the table's rule when the move is allowed.

    Raises IllegalTransition when (current, target) is not in the table,
    TransitionNotAllowedForActor when ``actor`` may not make it, MissingShipmentDetails when
    shipping without a carrier or tracking number, MissingCancelReason when cancelling without
    a reason.
    """
    current, target, actor = Status(current), Status(target), Actor(actor)
    rule = TRANSITIONS.get((current, target))
    names = {"current": label(current), "target": label(target)}
    if rule is None:
        raise IllegalTransition(**names)
    if actor not in rule.actors:
        raise TransitionNotAllowedForActor(**names)
    if rule.needs_shipment and not ((carrier or "").strip() and (tracking_number or "").strip()):
        raise MissingShipmentDetails()
    if rule.needs_reason and not (reason or "").strip():
        raise MissingCancelReason()
    return rule
