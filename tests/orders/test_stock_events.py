"""Orders change stock and sales with bulk UPDATEs the catalogue's ORM hooks cannot see: after
the commit, every such change reaches the page cache and the search index (not only near zero),
and a rolled-back order reaches neither."""
import pytest

from marketplace.accounts.models import Role
from marketplace.orders import cancellation
from marketplace.orders.errors import OutOfStock
from marketplace.orders.states import Actor


@pytest.fixture
def published(monkeypatch):
    """What the orders package told the catalogue: listing ids queued, page-cache invalidations."""
    from marketplace import page_cache
    from marketplace.catalog.search import sync

    seen = {"queued": [], "invalidated": 0}

    class Recorder:
        def notify(self, ids):
            seen["queued"].append(sorted(ids))

    def invalidated():
        seen["invalidated"] += 1

    monkeypatch.setattr(sync, "get_index", lambda app=None: Recorder())
    monkeypatch.setattr(page_cache, "catalog_changed", invalidated)
    return seen


def test_a_sale_from_plenty_of_stock_updates_search_and_pages(app, make_user, make_listing, buy, published):
    listing = make_listing(stock=500)
    buyer = make_user(role=Role.BUYER)
    order = buy(buyer, [(listing, 2)], payment_method="cod")
    assert [listing.id] in published["queued"] and published["invalidated"] >= 1
    published["queued"].clear()
    with app.app_context():
        cancellation.cancel_suborder(order.suborders[0].id, actor=Actor.BUYER, user_id=buyer.id, reason="changed mind")
    assert published["queued"] == [[listing.id]]


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
        published["queued"].clear()
        published["invalidated"] = 0
        with pytest.raises(OutOfStock):
            checkout.place_order(buyer.id, checkout_token="t-fail", address_id=address.id, payment_method="cod")
    assert published["queued"] == [] and published["invalidated"] == 0
