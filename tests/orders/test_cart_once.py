"""One cart, one order: a cart is consumed exactly once however many checkout pages submit it.

Issue #12: ten checkout pages (ten tokens) submitted at once turned one cart of 2 units into
ten orders on PostgreSQL, because the cart was read before any lock and nothing re-checked it.
"""
import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.catalog.models import Listing
from marketplace.extensions import db
from marketplace.orders import cart, checkout
from marketplace.orders.errors import CartAlreadyOrdered, EmptyCart
from marketplace.orders.models import Cart, Order
from tests.orders.test_races import race

SUBMISSIONS = 10


def _order(buyer, address, token):
    """The buyer's cart ordered from the checkout page with ``token`` (cash on delivery)."""
    return checkout.place_order(buyer.id, checkout_token=token, address_id=address.id, payment_method="cod")


@pytest.fixture
def buyer(make_user):
    return make_user(role=Role.BUYER)


@pytest.mark.postgres
def test_ten_checkout_pages_submitted_at_once_make_one_order(app, buyer, make_listing, make_address):
    listing = make_listing(stock=50)
    address = make_address(buyer)
    with app.app_context():
        cart.add_item(listing.id, 2, user_id=buyer.id)
    # ten checkout pages of one buyer, each with its own token
    placed, errors = race(app, [(buyer.id, address.id)] * SUBMISSIONS, token=lambda n, _user: f"page-{n}")
    assert len(placed) == 1, (placed, errors)
    assert len(errors) == SUBMISSIONS - 1
    assert all(isinstance(e, CartAlreadyOrdered) for e in errors), errors
    assert all(e.params["order_id"] == placed[0] for e in errors)
    with app.app_context():
        assert db.session.scalar(select(func.count(Order.id))) == 1
        assert db.session.get(Listing, listing.id).stock == 48
        assert db.session.scalar(select(Cart.ordered_order_id).where(Cart.user_id == buyer.id)) == placed[0]


def test_a_second_checkout_page_is_told_the_cart_was_already_ordered(app, buyer, make_listing, make_address):
    listing = make_listing(stock=5)
    address = make_address(buyer)
    with app.app_context():
        cart.add_item(listing.id, 2, user_id=buyer.id)
        first = _order(buyer, address, "page-1")
        with pytest.raises(CartAlreadyOrdered) as caught:
            _order(buyer, address, "page-2")
        assert caught.value.code == "cart_already_ordered"
        assert caught.value.params["order_id"] == first.id
        assert "already ordered" in str(caught.value.message)
        # the same page again still gets its order back
        assert _order(buyer, address, "page-1").id == first.id
        assert db.session.scalar(select(func.count(Order.id))) == 1
        assert db.session.get(Listing, listing.id, populate_existing=True).stock == 3
        # a refilled cart is a new cart: it can be ordered again
        cart.add_item(listing.id, 1, user_id=buyer.id)
        second = _order(buyer, address, "page-3")
        assert second.id != first.id
        assert db.session.scalar(select(func.count(Order.id))) == 2


def test_a_buyer_who_never_had_a_cart_gets_empty_cart(app, buyer, make_address):
    address = make_address(buyer)
    with app.app_context():
        with pytest.raises(EmptyCart) as caught:
            checkout.place_order(buyer.id, checkout_token="t", address_id=address.id, payment_method="cod")
        assert not isinstance(caught.value, CartAlreadyOrdered)


def test_the_checkout_view_links_to_the_order_that_took_the_cart(app, login_as, make_listing, make_address):
    client, buyer = login_as(Role.BUYER)
    listing = make_listing(stock=5)
    address = make_address(buyer)
    with app.app_context():
        cart.add_item(listing.id, 2, user_id=buyer.id)
        first = _order(buyer, address, "page-1")
    response = client.post("/checkout", data={"checkout_token": "page-2", "address_id": address.id,
                                              "payment_method": "cod"}, follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "This cart was already ordered" in page
    assert f"/orders/{first.id}" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Order.id))) == 1
