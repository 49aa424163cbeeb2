"""A lead in negotiation at a meet, ready to be quoted (shared by tests/buyers and tests/orders)."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from marketplace.accounts.models import User
from marketplace.buyers.models import Lead, LeadSource, LeadStage
from marketplace.catalog.models import Seller
from marketplace.extensions import db
from marketplace.india import ist_date
from marketplace.database import utcnow


def build_deal(app, make_meet, make_seller, make_listing, make_user, *, buyer_locale="hi",
               stage=LeadStage.NEGOTIATING.value):
    """A Varanasi meet; a verified seller with a listing (₹1,500, ₹1,400 from 10 units, MOQ 5,
    stock 40) and a second listing; a buyer (Hindi unless told) with a lead at that meet in
    ``stage``; plus another seller and another buyer."""
    meet = make_meet()
    seller = make_seller(district="varanasi")
    listing = make_listing(seller=seller, price_paise=150000, stock=40, moq=5, tiers=[(10, 140000)])
    second = make_listing(seller=seller, price_paise=90000, stock=30, moq=1)
    other_seller = make_seller(district="varanasi")
    foreign_listing = make_listing(seller=other_seller, price_paise=80000, stock=30, moq=1)
    buyer = make_user(role="buyer", locale=buyer_locale)
    other_buyer = make_user(role="buyer")
    with app.app_context():
        lead = Lead(samagam_id=meet.id, buyer_user_id=buyer.id, seller_id=seller.id,
                    source=LeadSource.REQUEST.value, stage=stage)
        db.session.add(lead)
        db.session.commit()
        seller_user = db.session.get(User, db.session.get(Seller, seller.id).user_id)
        other_seller_user = db.session.get(User, db.session.get(Seller, other_seller.id).user_id)
    return SimpleNamespace(meet=meet, seller=seller, seller_user=seller_user, listing=listing,
                           second=second, other_seller=other_seller,
                           other_seller_user=other_seller_user, foreign_listing=foreign_listing,
                           buyer=buyer, other_buyer=other_buyer, lead=lead,
                           today=ist_date(utcnow()), week=ist_date(utcnow()) + dt.timedelta(days=7))
