"""Demo complaints (``flask demo load``, after the order history): a few buyers complain about
demo orders, sellers answer some, the ODOP cell resolves a few, and the sweep escalates the ones
left alone, so the officers' queue, the order pages and the dashboard have something to show."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.database import utcnow
from marketplace.demo import quiet_mail
from marketplace.extensions import db

from . import grievances
from .demo import DEMO_TOKEN
from .grievance_models import GrievanceTicket
from .models import Order, SubOrder
from .states import Status

#: (category, subject, text, seller's answer or None, the cell's outcome or None), one per order
DEMO_COMPLAINTS = [
    ("damaged", "साड़ी की किनारी फटी हुई आई", "पार्सल खोलते ही देखा कि साड़ी की किनारी एक जगह से फटी है। बदलकर भेजें।",
     "माफ़ कीजिए, हम नई साड़ी भेज रहे हैं।", "replacement"),
    ("not_delivered", "Parcel not delivered", "Tracking says delivered but nothing reached me. Please check with the courier.",
     None, None),
    ("wrong_item", "Wrong colour sent", "I ordered the red one and received green. Please exchange it.",
     "We will send the red one this week.", None),
    ("quality", "रंग पहली धुलाई में उतर गया", "पहली बार धोते ही रंग निकल गया। पैसे वापस चाहिए।", None, "refund"),
]


def load_demo_complaints() -> None:
    """Idempotent: skipped once any complaint exists, or when there is no demo order history."""
    if db.session.scalar(select(GrievanceTicket.id).limit(1)) is not None:
        return
    subs = list(db.session.scalars(
        select(SubOrder).join(Order, Order.id == SubOrder.order_id)
        .where(Order.checkout_token.like(DEMO_TOKEN + "%"), SubOrder.status == Status.DELIVERED.value)
        .order_by(SubOrder.id.desc()).limit(len(DEMO_COMPLAINTS))))
    cell = db.session.scalar(select(User).where(User.role == Role.ADMIN).order_by(User.id))
    now = utcnow()
    with quiet_mail():
        for n, (sub, (category, subject, text, answer, outcome)) in enumerate(zip(subs, DEMO_COMPLAINTS)):
            delivered = max(h.created_at for h in sub.history)  # never a complaint before the parcel came
            filed = min(now, max(delivered + dt.timedelta(hours=6), now - dt.timedelta(days=3 + 4 * n)))
            ticket = grievances.open_ticket(sub.order.buyer_id, sub.order_id, suborder_id=sub.id, category=category,
                                            subject=subject, text=text, now=filed)
            if answer:
                grievances.post_message(ticket.id, sub.seller.user, answer, now=filed + dt.timedelta(days=1))
            if outcome and cell is not None:
                grievances.resolve(ticket.id, cell, outcome, "", now=filed + dt.timedelta(days=2))
        grievances.escalate_overdue(now=now)
