"""Orders change stock and sales with bulk UPDATEs the catalogue's ORM hooks cannot see: every
such change writes a search change-feed row in the order's transaction (not only near zero), so
the search index and page cache of every node follow it, and a rolled-back order writes none."""
import pytest

from marketplace.accounts.models import Role
from marketplace.orders import cancellation
from marketplace.orders.errors import OutOfStock
from marketplace.orders.states import Actor


@pytest.fixture
def published(app):
    """The listing ids of the change-feed rows written since the last ``published.clear()``."""
    from sqlalchemy import select

    from marketplace.catalog.search.models import SearchChange
    from marketplace.extensions import db

    class Feed:
        after = 0

        def rows(self):
            with app.app_context():
                return list(db.session.scalars(select(SearchChange.listing_id).where(SearchChange.seq > self.after)
                                               .order_by(SearchChange.seq)))

        def clear(self):
            with app.app_context():
                self.after = db.session.scalar(select(SearchChange.seq).order_by(SearchChange.seq.desc()).limit(1)) or 0

    return Feed()


def test_a_sale_from_plenty_of_stock_updates_search_and_pages(app, make_user, make_listing, buy, published):
    listing = make_listing(stock=500)
    buyer = make_user(role=Role.BUYER)
    published.clear()
    order = buy(buyer, [(listing, 2)], payment_method="cod")
    assert listing.id in published.rows()
    published.clear()
    with app.app_context():
        cancellation.cancel_suborder(order.suborders[0].id, actor=Actor.BUYER, user_id=buyer.id, reason="changed mind")
    assert published.rows() == [listing.id]


def test_an_order_that_fails_tells_the_catalogue_nothing(app, make_user, make_listing, make_address, published):
    from sqlalchemy import update

    from marketplace.catalog.models import Listing
    from marketplace.extensions import db
    from marketplace.orders import cart, checkout

    listing, other = make_listing(stock=5), make_listing(stock=300)
    buyer = make_user(role=Role.BUYER)
    address = make_address(buyer)
    with app.app_context():
        cart.add_item(other.id, 1, user_id=buyer.id)
        cart.add_item(listing.id, 2, user_id=buyer.id)
        db.session.execute(update(Listing).where(Listing.id == listing.id).values(stock=1))
        db.session.commit()  # somebody else bought the rest meanwhile
        published.clear()
        with pytest.raises(OutOfStock):
            checkout.place_order(buyer.id, checkout_token="t-fail", address_id=address.id, payment_method="cod")
    assert published.rows() == []
