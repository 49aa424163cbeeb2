"""The life of a seller's quote: ONE transition table, and the check every change goes through.

::

    open ──accept (buyer)──▶ accepted ──order placed──▶ used
      ▲                         │  ▲                       │
      └──cart line changed /────┘  └──order cancelled──────┘
         another quote accepted

A quote is *open* once the seller sent it; the buyer *accepts* it (its line is in their cart at
the quoted price); placing an order *uses* it. Changing the quantity of the quoted cart line (or
accepting another quote on the same listing) gives it back (open again); cancelling the order it
priced makes it accepted again, so the buyer may order it while it is valid. Accepting an
accepted quote again is no move (the cart line is reset to the quote).
"""
from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from .errors import QuoteUsed


class QuoteStatus(StrEnum):
    OPEN = "open"            # sent to the buyer, not yet taken up
    ACCEPTED = "accepted"    # the buyer accepted it: the line is in their cart at the quoted price
    USED = "used"            # an order was placed with it (until that order is cancelled)


QUOTE_STATUS_LABELS = {
    QuoteStatus.OPEN: _l("Waiting for the buyer"),
    QuoteStatus.ACCEPTED: _l("In the buyer's cart"),
    QuoteStatus.USED: _l("Ordered"),
}

Q = QuoteStatus

# (from, to): why the move happens. Nothing else is a legal move.
QUOTE_TRANSITIONS: dict[tuple[QuoteStatus, QuoteStatus], str] = {
    (Q.OPEN, Q.ACCEPTED): "the buyer accepts it",
    (Q.ACCEPTED, Q.OPEN): "the quoted cart line changed, or another quote on the listing was accepted",
    (Q.ACCEPTED, Q.USED): "an order was placed with it",
    (Q.USED, Q.ACCEPTED): "the order it priced was cancelled",
}


def quote_status_label(status: QuoteStatus | str) -> str:
    """The translated name of a quote status (an unknown code is shown as it is)."""
    try:
        return str(QUOTE_STATUS_LABELS[QuoteStatus(status)])
    except ValueError:
        return str(status)


def can_move_quote(current: QuoteStatus | str, target: QuoteStatus | str) -> bool:
    return (QuoteStatus(current), QuoteStatus(target)) in QUOTE_TRANSITIONS


def move_quote(quote, target: QuoteStatus | str) -> None:
    """Check one move of ``quote`` against the table and apply it (no commit), keeping the
    times that go with its status: ``accepted_at`` while accepted, ``used_at`` and the order
    while used (``use_quotes`` sets those two with its guarded UPDATE).

    Raises QuoteUsed for a move the table does not have (the only one a user can provoke is
    taking up a quote that an order already used); the caller rolls back.
    """
    target = QuoteStatus(target)
    if not can_move_quote(quote.status, target):
        raise QuoteUsed()
    if target == QuoteStatus.OPEN:
        quote.accepted_at = None
    if target == QuoteStatus.ACCEPTED:
        quote.used_at, quote.order_id = None, None
    quote.status = target.value
