"""Demo data of the orders domain (loader order 40): the default freight-subsidy policy and
the first freight rate version.

The migration ``orders_0003`` already stores the shipped rate table (``data/freight_rates.json``)
as the first version; the loader makes sure it is there (a database emptied by hand gets it
back) and that the file parses, so a broken table stops ``make run`` instead of the first
checkout.
"""
from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select, update

from marketplace.accounts import services
from marketplace.accounts.demo import DEMO_PASSWORD
from marketplace.accounts.models import Role
from marketplace.catalog.models import Listing, ListingStatus, Seller, SellerStatus
from marketplace.database import utcnow
from marketplace.demo import quiet_mail
from marketplace.extensions import db

from . import cart, checkout, fulfilment
from .addresses import AddressInput, save_address
from .claims import ensure_default_policy
from .freight import ensure_default_rates
from .models import Order, OrderStatusChange, SubOrder, SubsidyClaim
from .shipping import service as shipping
from .shipping.carriers import TrackingCode, TrackingUpdate
from .states import Actor


def load_demo_orders() -> None:
    """Idempotent: adds the default subsidy policy and the first freight rate version once."""
    ensure_default_rates()
    db.session.commit()
    ensure_default_policy()


# -- a few months of orders, so the seller queues, the ODOP cell's order desk, subsidy claims and
# -- the monthly monitoring have something real to show after `make run` --------------------------
DEMO_TOKEN = "demo-history-"
DEMO_BUYERS = [  # (e-mail, name, language, address: city, district, state, PIN)
    ("buyer@example.com", "Asha Verma", "hi", ("Lucknow", "Lucknow", "UP", "226001")),
    ("retail.delhi@example.com", "Kavita Malhotra", "en", ("New Delhi", "New Delhi", "DL", "110001")),
    ("boutique.mumbai@example.com", "Farah Shaikh", "en", ("Mumbai", "Mumbai", "MH", "400001")),
    ("crafts.kolkata@example.com", "Debashish Roy", "en", ("Kolkata", "Kolkata", "WB", "700001")),
    ("gift.varanasi@example.com", "Pankaj Jaiswal", "hi", ("Varanasi", "Varanasi", "UP", "221001")),
    ("home.jaipur@example.com", "Ritu Sharma", "hi", ("Jaipur", "Jaipur", "RJ", "302001")),
]
DEMO_ORDERS = 48
MONTHS_BACK = 5


def load_demo_order_history() -> None:
    """Idempotent: place :data:`DEMO_ORDERS` cash-on-delivery orders through the real checkout
    from demo buyers in six cities, move most of them on (accepted, shipped, delivered; a few
    cancelled by the buyer), and date them over the last :data:`MONTHS_BACK` months. Freight
    subsidy claims open by themselves for eligible shipments. Skipped when it ran before or when
    no listing is for sale."""
    if db.session.scalar(select(Order.id).where(Order.checkout_token.like(DEMO_TOKEN + "%")).limit(1)):
        return
    with quiet_mail():
        _place_history()


def _place_history() -> None:
    listings = list(db.session.scalars(
        select(Listing).join(Seller, Seller.id == Listing.seller_id)
        .where(Listing.status == ListingStatus.PUBLISHED, Seller.status == SellerStatus.VERIFIED,
               Listing.stock >= Listing.moq + 10)
        .order_by(Listing.id)))
    if not listings:
        return
    buyers = []
    for email, name, locale, (city, district, state, pin) in DEMO_BUYERS:
        user = services.find_user_by_email(email) or services.create_user(email, DEMO_PASSWORD, name,
                                                                           role=Role.BUYER, locale=locale)
        address = save_address(user.id, AddressInput(full_name=name, phone="9876543210", line1="14 Station Road",
                                                      line2="", city=city, district=district, state_code=state,
                                                      pin_code=pin))
        buyers.append((user, address))
    rng = random.Random(2019)  # the year of the first samagams: the same history on every machine
    now = utcnow()
    for n in range(DEMO_ORDERS):
        user, address = rng.choice(buyers)
        cart.clear(user_id=user.id)
        for listing in rng.sample(listings, rng.choice((1, 1, 2))):
            cart.add_item(listing.id, listing.moq + rng.randrange(0, 3), user_id=user.id)
        order = checkout.place_order(user.id, checkout_token=f"{DEMO_TOKEN}{n}", address_id=address.id,
                                     payment_method="cod", card_enabled=False)
        placed = now - dt.timedelta(days=rng.randrange(1, 30 * MONTHS_BACK), hours=rng.randrange(0, 12))
        fate = rng.choices(("delivered", "shipped", "accepted", "confirmed", "cancelled"), (12, 3, 2, 2, 1))[0]
        for sub in order.suborders:
            seller = db.session.get(Seller, sub.seller_id)
            steps = {"delivered": ("accepted", "shipped", "delivered"), "shipped": ("accepted", "shipped"),
                     "accepted": ("accepted",), "confirmed": (), "cancelled": ()}[fate]
            awb = f"EE{sub.id:09d}IN"
            for target in steps:
                if target == "accepted":
                    fulfilment.move(sub.id, target, actor=Actor.SELLER, user_id=seller.user_id, seller_id=seller.id)
                elif target == "shipped":
                    shipping.ship_by_hand(sub.id, seller_id=seller.id, user_id=seller.user_id,
                                          carrier_name="India Post", tracking_number=awb)
                else:  # India Post's tracking says it arrived: proof of delivery for the subsidy
                    shipping.apply_updates("manual", [TrackingUpdate(
                        awb=awb, code=TrackingCode.DELIVERED, key=f"demo:{awb}:delivered",
                        happened_at=placed + dt.timedelta(days=3), location=seller.district.name_en)])
            if fate == "cancelled":
                fulfilment.move(sub.id, "cancelled", actor=Actor.BUYER, user_id=user.id,
                                reason="Ordered the wrong colour")
        # date the order, its shipments, their history and claims as if they happened then
        sub_ids = [s.id for s in order.suborders]
        db.session.execute(update(Order).where(Order.id == order.id).values(created_at=placed, updated_at=placed))
        db.session.execute(update(SubOrder).where(SubOrder.id.in_(sub_ids)).values(created_at=placed, updated_at=placed))
        changes = list(db.session.scalars(select(OrderStatusChange).where(OrderStatusChange.suborder_id.in_(sub_ids))
                                          .order_by(OrderStatusChange.id)))
        for i, change in enumerate(changes):
            change.created_at = placed + dt.timedelta(days=i, hours=2)
        db.session.execute(update(SubsidyClaim).where(SubsidyClaim.suborder_id.in_(sub_ids))
                           .values(claimed_at=placed + dt.timedelta(days=len(changes)), created_at=placed))
        db.session.commit()
