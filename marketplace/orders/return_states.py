"""The return (RMA) state machine: ONE transition table, and the check every move goes through.

::

    requested ──accept (seller)──────────▶ accepted ─ship back─▶ shipped_back ─▶ received ─▶ refunded
       │  │  └─refuse (seller)─▶ refused       ▲
       │  └─no answer in time (system)─▶ escalated ─accept/refuse (DIC officer, ODOP cell)
       └─────────── withdrawn (buyer, until it is shipped back) ◀──────┘

The seller answers within ``RETURN_ANSWER_DAYS`` (default 2); a request left unanswered is
escalated to the DIC of the seller's district (``returns.escalate_unanswered``, a periodic job),
where an officer or the ODOP cell decides. Refusing needs a reason; shipping back a tracking
number; receiving the condition the item came back in. The refund is made by the system (card,
through Stripe) or marked paid by the ODOP cell (cash on delivery: a UPI or bank transfer).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from .errors import OrdersError


class ReturnState(StrEnum):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    ESCALATED = "escalated"
    WITHDRAWN = "withdrawn"
    SHIPPED_BACK = "shipped_back"
    RECEIVED = "received"
    REFUNDED = "refunded"


class ReturnActor(StrEnum):
    BUYER = "buyer"
    SELLER = "seller"
    OFFICER = "organiser"  # a DIC officer of the seller's district
    ADMIN = "admin"  # the ODOP cell
    SYSTEM = "system"


RETURN_STATE_LABELS = {
    ReturnState.REQUESTED: _l("Return requested"),
    ReturnState.ACCEPTED: _l("Return accepted"),
    ReturnState.REFUSED: _l("Return refused"),
    ReturnState.ESCALATED: _l("Return sent to the District Industries Centre"),
    ReturnState.WITHDRAWN: _l("Return withdrawn"),
    ReturnState.SHIPPED_BACK: _l("Sent back to the seller"),
    ReturnState.RECEIVED: _l("Received by the seller"),
    ReturnState.REFUNDED: _l("Refund made"),
}

RETURN_ACTOR_LABELS = {
    ReturnActor.BUYER: _l("Buyer"),
    ReturnActor.SELLER: _l("Seller"),
    ReturnActor.OFFICER: _l("DIC officer"),
    ReturnActor.ADMIN: _l("ODOP cell"),
    ReturnActor.SYSTEM: _l("System"),
}

#: Why a buyer returns an item (stored key → label).
RETURN_REASONS = {
    "damaged": _l("Arrived damaged"),
    "defective": _l("Defective or does not work"),
    "wrong_item": _l("Wrong item sent"),
    "not_as_described": _l("Not as described"),
    "size_fit": _l("Wrong size or fit"),
    "changed_mind": _l("No longer needed"),
}

#: The condition the seller found the item in when it came back.
CONDITIONS = {"good": _l("Good: back in stock"), "damaged": _l("Damaged: not back in stock")}


class ReturnTransitionRefused(OrdersError):
    code = "return_transition_refused"
    default_message = _l("A return cannot move from “%(current)s” to “%(target)s”.")


class ReturnTransitionForbidden(OrdersError):
    code = "return_transition_forbidden"
    default_message = _l("You are not allowed to move this return from “%(current)s” to “%(target)s”.")


class ReturnNeedsReason(OrdersError):
    code = "return_needs_reason"
    default_message = _l("Give a reason for refusing the return.")


class ReturnNeedsTracking(OrdersError):
    code = "return_needs_tracking"
    default_message = _l("Enter the tracking number of the parcel sent back.")


class ReturnNeedsCondition(OrdersError):
    code = "return_needs_condition"
    default_message = _l("Say whether the item came back in good condition or damaged.")


@dataclass(frozen=True)
class Rule:
    actors: frozenset[ReturnActor]
    needs_reason: bool = False
    needs_tracking: bool = False
    needs_condition: bool = False


def _rule(*actors: ReturnActor, reason=False, tracking=False, condition=False) -> Rule:
    return Rule(frozenset(actors), reason, tracking, condition)


R, A = ReturnState, ReturnActor

# (from, to) -> who may do it and what it needs. Nothing else is a legal move.
TRANSITIONS: dict[tuple[ReturnState, ReturnState], Rule] = {
    (R.REQUESTED, R.ACCEPTED): _rule(A.SELLER),
    (R.REQUESTED, R.REFUSED): _rule(A.SELLER, reason=True),
    (R.REQUESTED, R.ESCALATED): _rule(A.SYSTEM),
    (R.REQUESTED, R.WITHDRAWN): _rule(A.BUYER),
    (R.ESCALATED, R.ACCEPTED): _rule(A.OFFICER, A.ADMIN),
    (R.ESCALATED, R.REFUSED): _rule(A.OFFICER, A.ADMIN, reason=True),
    (R.ESCALATED, R.WITHDRAWN): _rule(A.BUYER),
    (R.ACCEPTED, R.WITHDRAWN): _rule(A.BUYER),
    (R.ACCEPTED, R.SHIPPED_BACK): _rule(A.BUYER, A.SELLER, tracking=True),
    (R.SHIPPED_BACK, R.RECEIVED): _rule(A.SELLER, A.ADMIN, condition=True),
    # card: the system refunds through Stripe (or the ODOP cell retries); COD: the ODOP cell pays
    (R.RECEIVED, R.REFUNDED): _rule(A.SYSTEM, A.ADMIN),
}

TERMINAL = frozenset(s for s in ReturnState if not any(f == s for f, _ in TRANSITIONS))
#: states in which a request still holds its units of the line (another request cannot take them)
HOLDING = frozenset({R.REQUESTED, R.ESCALATED, R.ACCEPTED, R.SHIPPED_BACK, R.RECEIVED, R.REFUNDED})


def state_label(state: ReturnState | str) -> str:
    """The translated, human name of a return state."""
    return str(RETURN_STATE_LABELS[ReturnState(state)])


def actor_label(actor: ReturnActor | str) -> str:
    """The translated name of who moved a return."""
    return str(RETURN_ACTOR_LABELS[ReturnActor(actor)])


def next_states(current: ReturnState | str, actor: ReturnActor | str) -> list[ReturnState]:
    """The states ``actor`` may move a return to from ``current``, in table order."""
    current, actor = ReturnState(current), ReturnActor(actor)
    return [to for (frm, to), rule in TRANSITIONS.items() if frm == current and actor in rule.actors]


def check_return_move(current: ReturnState | str, target: ReturnState | str, actor: ReturnActor | str, *,
                      reason: str | None = None, tracking: str | None = None,
                      condition: str | None = None) -> Rule:
    """Refuse an illegal move; return the table's rule when it is allowed.

    Raises ReturnTransitionRefused (not in the table), ReturnTransitionForbidden (not this
    actor's move), ReturnNeedsReason, ReturnNeedsTracking, ReturnNeedsCondition.
    """
    current, target, actor = ReturnState(current), ReturnState(target), ReturnActor(actor)
    rule = TRANSITIONS.get((current, target))
    names = {"current": state_label(current), "target": state_label(target)}
    if rule is None:
        raise ReturnTransitionRefused(**names)
    if actor not in rule.actors:
        raise ReturnTransitionForbidden(**names)
    if rule.needs_reason and not (reason or "").strip():
        raise ReturnNeedsReason()
    if rule.needs_tracking and not (tracking or "").strip():
        raise ReturnNeedsTracking()
    if rule.needs_condition and condition not in CONDITIONS:
        raise ReturnNeedsCondition()
    return rule
