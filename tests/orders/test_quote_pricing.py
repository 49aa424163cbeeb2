"""The cart and checkout honour an accepted quote's price: for its buyer only, for exactly the
quoted quantity, until it expires or is used; stock and MOQ still apply."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from marketplace.buyers import quotes
from marketplace.buyers.models import Lead
from marketplace.catalog.models import Listing
from marketplace.extensions import db
from marketplace.orders import cart, checkout
from marketplace.orders.errors import CartNeedsAttention, OutOfStock
from marketplace.orders.models import Order, Quote
from tests.buyers.quote_world import build_deal


@pytest.fixture
def deal(app, make_meet, make_seller, make_listing, make_user):
    world = build_deal(app, make_meet, make_seller, make_listing, make_user, buyer_locale="en")
    with app.app_context():
        world.quote = quotes.create_quote(world.seller_user, world.lead.id, world.listing.id, 12,
                                          120000, world.week)
        quotes.accept_quote(world.buyer, world.quote.id)
    return world


def line_of(summary, listing_id):
    return next(ln for ln in summary.lines if ln.listing.id == listing_id)


def test_the_quoted_price_is_for_the_quotes_buyer_only(app, deal):
    with app.app_context():
        mine = line_of(cart.summarise(user_id=deal.buyer.id), deal.listing.id)
        assert (mine.quantity, mine.unit_price_paise, mine.quoted) == (12, 120000, True)
        assert not mine.price_changed
        cart.add_item(deal.listing.id, 12, user_id=deal.other_buyer.id)
        theirs = line_of(cart.summarise(user_id=deal.other_buyer.id), deal.listing.id)
        assert (theirs.unit_price_paise, theirs.quoted) == (140000, False)  # the 10+ tier
        guest = {}
        cart.add_item(deal.listing.id, 12, guest=guest)
        assert line_of(cart.summarise(guest=guest), deal.listing.id).unit_price_paise == 140000


def test_changing_a_quoted_lines_quantity_drops_the_quote_until_accepted_again(app, deal):
    with app.app_context():
        cart.set_quantity(deal.listing.id, 13, user_id=deal.buyer.id)
        line = line_of(cart.summarise(user_id=deal.buyer.id), deal.listing.id)
        assert (line.unit_price_paise, line.quoted) == (140000, False)
        assert db.session.get(Quote, deal.quote.id).status == "open"
        cart.set_quantity(deal.listing.id, 12, user_id=deal.buyer.id)  # back: still the tier price
        assert line_of(cart.summarise(user_id=deal.buyer.id), deal.listing.id).unit_price_paise == 140000
        quotes.accept_quote(deal.buyer, deal.quote.id)
        assert line_of(cart.summarise(user_id=deal.buyer.id), deal.listing.id).unit_price_paise == 120000
        cart.add_item(deal.listing.id, 1, user_id=deal.buyer.id)  # adding more also changes it
        assert db.session.get(Quote, deal.quote.id).status == "open"
        quotes.accept_quote(deal.buyer, deal.quote.id)  # accepting resets the line to the quote
        line = line_of(cart.summarise(user_id=deal.buyer.id), deal.listing.id)
        assert (line.quantity, line.unit_price_paise) == (12, 120000)
        cart.remove_item(deal.listing.id, user_id=deal.buyer.id)
        assert db.session.get(Quote, deal.quote.id).status == "open"


def test_a_signed_in_guest_cart_merged_into_a_quoted_line_drops_the_quote(app, deal):
    with app.app_context():
        guest = {}
        cart.add_item(deal.listing.id, 5, guest=guest)
        cart.merge_guest_cart(deal.buyer.id, guest)
        line = line_of(cart.summarise(user_id=deal.buyer.id), deal.listing.id)
        assert (line.quantity, line.quoted) == (17, False)
        assert db.session.get(Quote, deal.quote.id).status == "open"


def test_checkout_prices_the_order_line_at_the_quote_beside_other_lines(app, deal, make_address):
    address = make_address(deal.buyer)
    with app.app_context():
        cart.add_item(deal.second.id, 2, user_id=deal.buyer.id)
        summary = cart.summarise(user_id=deal.buyer.id)
        quote = checkout.quote(summary, checkout.destination("226001"))
        assert quote.goods_paise == 12 * 120000 + 2 * 90000
        order = checkout.place_order(deal.buyer.id, checkout_token="t-1", address_id=address.id,
                                     payment_method="cod",
                                     expected_charges_paise=quote.goods_paise + quote.freight_paise)
        prices = {ln.listing_id: ln.unit_price_paise for s in order.suborders for ln in s.lines}
        assert prices == {deal.listing.id: 120000, deal.second.id: 90000}
        lead = db.session.get(Lead, deal.lead.id)
        assert (lead.stage, lead.value_paise, lead.order_id) == ("won", 12 * 120000 + 2 * 90000, order.id)
        assert db.session.get(Quote, deal.quote.id).status == "used"
        same = checkout.place_order(deal.buyer.id, checkout_token="t-1", address_id=address.id,
                                    payment_method="cod")
        assert same.id == order.id and db.session.scalar(select(func.count(Order.id))) == 1
        # the used quote prices nothing any more
        cart.add_item(deal.listing.id, 12, user_id=deal.buyer.id)
        assert line_of(cart.summarise(user_id=deal.buyer.id), deal.listing.id).unit_price_paise == 140000


def test_an_expired_accepted_quote_falls_back_to_the_catalogue_price_at_checkout(app, deal, make_address):
    address = make_address(deal.buyer)
    with app.app_context():
        summary = cart.summarise(user_id=deal.buyer.id)
        seen = checkout.quote(summary, checkout.destination("226001"))
        later = dt.datetime.combine(deal.week + dt.timedelta(days=1), dt.time(12), dt.timezone.utc)
        with pytest.raises(CartNeedsAttention):
            checkout.place_order(deal.buyer.id, checkout_token="t-late", address_id=address.id,
                                 payment_method="cod", now=later,
                                 expected_charges_paise=seen.goods_paise + seen.freight_paise)
        assert db.session.scalar(select(func.count(Order.id))) == 0
        assert db.session.get(Quote, deal.quote.id).status == "accepted"
        stored = db.session.get(Quote, deal.quote.id)
        stored.valid_until = deal.today - dt.timedelta(days=1)
        db.session.commit()
        line = line_of(cart.summarise(user_id=deal.buyer.id), deal.listing.id)
        assert (line.unit_price_paise, line.quoted, line.quote_expired, line.price_changed) == (140000, False, True, True)
        order = checkout.place_order(deal.buyer.id, checkout_token="t-list", address_id=address.id,
                                     payment_method="cod")
        assert order.suborders[0].lines[0].unit_price_paise == 140000
        assert db.session.get(Quote, deal.quote.id).status == "accepted"  # not used: it did not apply
        assert db.session.get(Lead, deal.lead.id).stage == "negotiating"


def test_stock_still_applies_to_a_quoted_line_and_a_failed_checkout_keeps_the_quote(app, deal, make_address):
    address = make_address(deal.buyer)
    with app.app_context():
        db.session.get(Listing, deal.listing.id).stock = 11
        db.session.commit()
        with pytest.raises(OutOfStock):
            checkout.place_order(deal.buyer.id, checkout_token="t-short", address_id=address.id,
                                 payment_method="cod")
        assert db.session.scalar(select(func.count(Order.id))) == 0
        assert db.session.get(Quote, deal.quote.id).status == "accepted"
        assert db.session.get(Lead, deal.lead.id).order_id is None
        assert cart.summarise(user_id=deal.buyer.id).has_problems


def test_the_cart_page_marks_the_quoted_line(app, deal):
    from tests.fixtures.accounts import AuthActions

    client = app.test_client()
    AuthActions(client).login(deal.buyer)
    page = client.get("/cart").get_data(as_text=True)
    assert f'data-testid="quoted-{deal.listing.id}"' in page and "₹14,400.00" in page
