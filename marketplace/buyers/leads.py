"""The lead pipeline: ONE table of the moves a lead may make, and the one function that makes them.

::

    new ──▶ contacted ──▶ negotiating ──▶ won (with a value)
     │          │  └─────────────────────▶ won
     └──────────┴───────────┴────────────▶ lost

``won`` and ``lost`` are final. Every change of ``Lead.stage`` goes through ``move_lead``: the
buyer, the seller or an organiser by hand (``timetable.set_lead_stage``), a meeting's outcome
(``timetable.record_outcome``), and the orders, which do not know about leads: they send
``marketplace.orders.signals`` and the receivers below (connected by ``buyers.init_app``) move
the leads.

* ``order_placed``: a lead a quote of the order was made on is won, valued at its seller's goods
  in the order and linked to it. A lead already won (by hand, or by an order since cancelled)
  stays won and gets the order; a lost lead stays lost (the table refuses lost → won).
* ``suborder_cancelled``: the lead linked to that order and seller stays won (won is final: the
  deal was struck, it was the order that failed), but loses the dead order and its value, so
  the value won counts only live orders and the seller may quote again. The cancelled order's
  quote is back in the buyer's cart: ordering it links the lead again.
* ``suborder_delivered``: nothing moves (a delivered order's lead is already won).
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.buyers.meets import MeetError
from marketplace.buyers.models import Lead, LeadStage
from marketplace.extensions import db
from marketplace.orders.models import Quote
from marketplace.orders.signals import order_placed, suborder_cancelled

LEAD_NEXT: dict[LeadStage, set[LeadStage]] = {
    LeadStage.NEW: {LeadStage.CONTACTED, LeadStage.LOST},
    LeadStage.CONTACTED: {LeadStage.NEGOTIATING, LeadStage.WON, LeadStage.LOST},
    LeadStage.NEGOTIATING: {LeadStage.WON, LeadStage.LOST},
    LeadStage.WON: set(),
    LeadStage.LOST: set(),
}


class LeadMoveRefused(MeetError):
    """A move the pipeline table does not have."""

    code = "illegal_transition"


def can_move(current: LeadStage | str, target: LeadStage | str) -> bool:
    """Whether the pipeline table has the move ``current`` → ``target``."""
    return LeadStage(target) in LEAD_NEXT[LeadStage(current)]


def move_lead(lead: Lead, stage: LeadStage | str, *, value_paise: int | None = None,
              order_id: int | None = None) -> None:
    """Move ``lead`` to ``stage`` if the pipeline table allows it (no commit). A win needs the
    order's value (``value_paise`` > 0) and may carry the order it became (``order_id``).

    Raises MeetError for an unknown stage or a win without a value, LeadMoveRefused (code
    ``illegal_transition``) for a move the table does not have; the lead is unchanged then.
    """
    try:
        target = LeadStage(stage)
    except ValueError:
        raise MeetError(_l("Unknown lead stage.")) from None
    if not can_move(lead.stage, target):
        raise LeadMoveRefused(_l("A lead cannot move from %(a)s to %(b)s.", a=lead.stage, b=target.value))
    if target == LeadStage.WON:
        if not value_paise or value_paise <= 0:
            raise MeetError(_l("Give the order value of a won lead."))
        lead.value_paise = value_paise
        if order_id is not None:
            lead.order_id = order_id
    lead.stage = target.value


def won_by_order(order, **_) -> None:
    """Receiver of ``order_placed``: the leads of the quotes the order used are won with it."""
    for quote in db.session.scalars(select(Quote).where(Quote.order_id == order.id).order_by(Quote.id)):
        lead = db.session.get(Lead, quote.lead_id)
        if lead is None or lead.order_id is not None:
            continue  # a lead keeps the first live order its quotes became
        goods = sum(s.goods_paise for s in order.suborders if s.seller_id == lead.seller_id)
        if lead.stage == LeadStage.WON:  # no move: a won lead records the order it became
            lead.value_paise, lead.order_id = goods, order.id
            continue
        try:
            move_lead(lead, LeadStage.WON, value_paise=goods, order_id=order.id)
        except LeadMoveRefused:
            pass  # a lost lead stays lost; the order stands on its own


def order_of_lead_cancelled(suborder, **_) -> None:
    """Receiver of ``suborder_cancelled``: the lead that became this seller's part of the order
    stays won (the table has no way back from won) without the dead order and its value."""
    for lead in db.session.scalars(select(Lead).where(Lead.order_id == suborder.order_id,
                                                      Lead.seller_id == suborder.seller_id)):
        lead.order_id, lead.value_paise = None, None


def listen_to_orders() -> None:
    """Connect the receivers (idempotent: blinker keeps one connection per receiver)."""
    order_placed.connect(won_by_order)
    suborder_cancelled.connect(order_of_lead_cancelled)
