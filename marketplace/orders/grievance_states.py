"""The complaint (grievance) ticket's codes and ONE table of the moves it may make.

A ticket's *stage* is where it stands: with the ``seller``, with the ``dic`` (the District
Industries Centre of the seller's district), with the ``cell`` (the state's ODOP cell), or
closed: ``resolved`` (by an officer, with an outcome) or ``withdrawn`` (by the buyer)::

    seller ──(system, after GRIEVANCE_SELLER_DAYS)──▶ dic ──(system, at the resolve deadline)──▶ cell
      │                                                │                                        │
      ├── resolved ◀── DIC officer or ODOP cell ───────┤                 resolved ◀── ODOP cell ┤
      └── withdrawn ◀── the buyer, at any open stage ──┴────────────────────────────────────────┘

Every label a person sees is next to its code (tests/test_enum_labels.py walks them).
"""
from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Category(StrEnum):
    NOT_DELIVERED = "not_delivered"
    DAMAGED = "damaged"
    WRONG_ITEM = "wrong_item"
    QUALITY = "quality"
    SELLER_CONDUCT = "seller_conduct"
    PAYMENT = "payment"
    OTHER = "other"


class Level(StrEnum):
    SELLER = "seller"
    DIC = "dic"
    CELL = "cell"


class TicketStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"


class Stage(StrEnum):
    SELLER = "seller"
    DIC = "dic"
    CELL = "cell"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"


class Outcome(StrEnum):
    REFUND = "refund"
    REPLACEMENT = "replacement"
    REJECTED = "rejected"


class Party(StrEnum):
    """Who writes in a thread or moves a ticket."""

    BUYER = "buyer"
    SELLER = "seller"
    DIC = "dic"
    CELL = "cell"
    SYSTEM = "system"


class Action(StrEnum):
    OPENED = "opened"
    ACKNOWLEDGED = "acknowledged"
    ESCALATED = "escalated"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"


CATEGORY_LABELS = {
    Category.NOT_DELIVERED: _l("Not delivered"),
    Category.DAMAGED: _l("Arrived damaged"),
    Category.WRONG_ITEM: _l("Wrong item"),
    Category.QUALITY: _l("Quality"),
    Category.SELLER_CONDUCT: _l("Seller's conduct"),
    Category.PAYMENT: _l("Payment"),
    Category.OTHER: _l("Something else"),
}
LEVEL_LABELS = {
    Level.SELLER: _l("With the seller"),
    Level.DIC: _l("With the District Industries Centre"),
    Level.CELL: _l("With the ODOP cell"),
}
TICKET_STATUS_LABELS = {
    TicketStatus.OPEN: _l("Open"),
    TicketStatus.RESOLVED: _l("Resolved"),
    TicketStatus.WITHDRAWN: _l("Withdrawn by the buyer"),
}
STAGE_LABELS = {
    Stage.SELLER: LEVEL_LABELS[Level.SELLER],
    Stage.DIC: LEVEL_LABELS[Level.DIC],
    Stage.CELL: LEVEL_LABELS[Level.CELL],
    Stage.RESOLVED: TICKET_STATUS_LABELS[TicketStatus.RESOLVED],
    Stage.WITHDRAWN: TICKET_STATUS_LABELS[TicketStatus.WITHDRAWN],
}
OUTCOME_LABELS = {
    Outcome.REFUND: _l("Refund"),
    Outcome.REPLACEMENT: _l("Replacement"),
    Outcome.REJECTED: _l("Rejected"),
}
PARTY_LABELS = {
    Party.BUYER: _l("Buyer"),
    Party.SELLER: _l("Seller"),
    Party.DIC: _l("District Industries Centre"),
    Party.CELL: _l("ODOP cell"),
    Party.SYSTEM: _l("ODOP Bazaar"),
}
ACTION_LABELS = {
    Action.OPENED: _l("Complaint filed"),
    Action.ACKNOWLEDGED: _l("Complaint acknowledged"),
    Action.ESCALATED: _l("Complaint escalated"),
    Action.RESOLVED: _l("Complaint resolved"),
    Action.WITHDRAWN: _l("Complaint withdrawn"),
}

S, P = Stage, Party

#: (from, to) -> who may make the move. Nothing else is a legal move.
TRANSITIONS: dict[tuple[Stage, Stage], frozenset[Party]] = {
    (S.SELLER, S.DIC): frozenset({P.SYSTEM}),
    (S.DIC, S.CELL): frozenset({P.SYSTEM}),
    (S.SELLER, S.RESOLVED): frozenset({P.DIC, P.CELL}),
    (S.DIC, S.RESOLVED): frozenset({P.DIC, P.CELL}),
    (S.CELL, S.RESOLVED): frozenset({P.CELL}),
    (S.SELLER, S.WITHDRAWN): frozenset({P.BUYER}),
    (S.DIC, S.WITHDRAWN): frozenset({P.BUYER}),
    (S.CELL, S.WITHDRAWN): frozenset({P.BUYER}),
}


def may_move(current: Stage | str, target: Stage | str, party: Party | str) -> bool:
    """Whether ``party`` may move a ticket from stage ``current`` to ``target``."""
    return Party(party) in TRANSITIONS.get((Stage(current), Stage(target)), frozenset())


def label(table: dict, code) -> str:
    """The translated label of ``code`` in one of the tables above (the code itself when unknown)."""
    try:
        return str(table[type(next(iter(table)))(code)])
    except (ValueError, KeyError, StopIteration):
        return str(code)
