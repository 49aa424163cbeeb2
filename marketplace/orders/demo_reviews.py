"""Demo reviews (issue #19.4): the demo buyers rate some of their delivered demo orders, in
Hindi or English, through the real rules (``orders/reviews.submit_review``), a few sellers
answer. Idempotent: a line already reviewed is left alone. Runs after the order history (45)."""
from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from marketplace.catalog import reviews as catalog_reviews
from marketplace.catalog.models import Review, Seller
from marketplace.extensions import db

from .demo import DEMO_TOKEN
from .models import Order, OrderLine, OrderStatusChange, SubOrder
from .reviews import ReviewInput, submit_review
from .states import Status

#: (rating, text): what the demo buyers say; empty text is a rating alone
DEMO_SAYINGS = [
    (5, "बहुत सुंदर काम है, रंग भी पक्का है। समय पर पहुँचा।"),
    (5, "Beautiful work, exactly as in the photos. Packed with care."),
    (4, "Good quality for the price; delivery took a few days longer than shown."),
    (4, "अच्छा सामान, पर पैकिंग थोड़ी और मज़बूत हो सकती थी।"),
    (3, "Nice, but the colour is a shade lighter than the photo."),
    (5, ""),
    (4, ""),
    (2, "The stitching came loose on one side. The seller offered to replace it."),
]
REPLIES = {2: "We are sorry. A replacement is on its way; please tell us when it arrives.",
           3: "Thank you. Colours vary a little with natural dyes; we will add a note to the photos."}
SHARE = 0.6  # of the delivered demo lines get a review


def load_demo_reviews() -> None:
    """Review about 60 % of the delivered demo order lines (the same ones on every machine)."""
    rows = db.session.execute(
        select(OrderLine.id, Order.buyer_id, SubOrder.id)
        .join(SubOrder, SubOrder.id == OrderLine.suborder_id).join(Order, Order.id == SubOrder.order_id)
        .where(Order.checkout_token.like(DEMO_TOKEN + "%"), SubOrder.status == Status.DELIVERED.value)
        .order_by(OrderLine.id)).all()
    for line_id, buyer_id, suborder_id in rows:
        # each line decides by its own number: the same lines on every machine and every run,
        # whatever else was delivered since
        rng = random.Random(2019 * 100_003 + line_id)
        if rng.random() > SHARE:
            continue
        rating, text = rng.choice(DEMO_SAYINGS)
        if db.session.scalar(select(Review.id).where(Review.order_line_id == line_id)):
            continue
        delivered_at = db.session.scalar(select(OrderStatusChange.created_at).where(
            OrderStatusChange.suborder_id == suborder_id, OrderStatusChange.to_status == Status.DELIVERED.value))
        when = (delivered_at or dt.datetime.now(dt.timezone.utc)) + dt.timedelta(days=rng.randrange(1, 6))
        review = submit_review(buyer_id, line_id, ReviewInput(rating=str(rating), text=text), now=when)
        answer = REPLIES.get(rating)
        if answer:
            seller = db.session.get(Seller, review.seller_id)
            catalog_reviews.reply(seller.user_id, review.id, answer, now=when + dt.timedelta(days=1))
