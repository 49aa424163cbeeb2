"""A negotiated lead becomes a marketplace order: the seller quotes, the buyer accepts and checks
out at the agreed price, the lead is won with the order's value and links to the order."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from marketplace.buyers import quotes, timetable
from marketplace.buyers.models import Lead
from marketplace.catalog.models import Listing
from marketplace.errors import NotFound
from marketplace.extensions import db
from marketplace.notifications.models import Notification
from marketplace.orders import cart
from marketplace.orders.models import CartItem, Order, Quote
from tests.buyers.quote_world import build_deal
from tests.concurrency import at_once
from tests.fixtures.accounts import AuthActions


@pytest.fixture
def deal(app, make_meet, make_seller, make_listing, make_user):
    return build_deal(app, make_meet, make_seller, make_listing, make_user)


def client_for(app, user):
    client = app.test_client()
    assert AuthActions(client).login(user).status_code == 302
    return client


def quote_form(deal, **over):
    data = {"listing_id": deal.listing.id, "quantity": "12", "unit_price_rupees": "1,200.50",
            "valid_until": deal.week.isoformat(), "note": "Packed in cartons of 6"}
    data.update(over)
    return data


def counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count(Quote.id))),
                db.session.scalar(select(func.count(Notification.id))),
                db.session.scalar(select(func.count(CartItem.id))),
                db.session.scalar(select(func.count(Order.id))))


def test_quote_accepted_and_checked_out_wins_the_lead_with_the_order(app, deal, make_address, make_organiser):
    seller = client_for(app, deal.seller_user)
    assert f"/meets/leads/{deal.lead.id}/quote".encode() in seller.get("/meets/leads").data
    assert seller.get(f"/meets/leads/{deal.lead.id}/quote").status_code == 200
    sent = seller.post(f"/meets/leads/{deal.lead.id}/quote", data=quote_form(deal))
    assert sent.status_code == 302
    with app.app_context():
        quote = db.session.scalars(select(Quote)).one()
        assert (quote.quantity, quote.unit_price_paise, quote.status) == (12, 120050, "open")
        note = db.session.scalars(select(Notification).where(
            Notification.user_id == deal.buyer.id)).one()
    assert "कोटेशन" in note.subject  # the buyer reads Hindi
    assert note.link == f"/meets/quotes/{quote.id}"

    buyer = client_for(app, deal.buyer)
    page = buyer.get(note.link)
    assert page.status_code == 200 and "₹1,200.50" in page.get_data(as_text=True)
    accepted = buyer.post(f"/meets/quotes/{quote.id}/accept")
    assert accepted.status_code == 302 and accepted.location.endswith("/cart")
    cart_page = buyer.get("/cart").get_data(as_text=True)
    assert f'data-testid="quoted-{deal.listing.id}"' in cart_page
    assert "₹14,406.00" in cart_page  # 12 × ₹1,200.50 (the tier price would be ₹16,800)

    address = make_address(deal.buyer)
    checkout_page = buyer.get(f"/checkout?address_id={address.id}").get_data(as_text=True)
    token = re.search(r'name="checkout_token"[^>]*value="([^"]+)"', checkout_page).group(1)
    expected = re.search(r'name="expected_charges_paise"[^>]*value="([^"]+)"', checkout_page).group(1)
    form = {"checkout_token": token, "address_id": address.id, "payment_method": "cod",
            "expected_charges_paise": expected}
    placed = buyer.post("/checkout", data=form)
    again = buyer.post("/checkout", data=form)  # a double submit
    assert placed.status_code == again.status_code == 302
    assert placed.location == again.location and "/orders/" in placed.location

    with app.app_context():
        order = db.session.scalars(select(Order)).one()
        line = order.suborders[0].lines[0]
        assert (line.quantity, line.unit_price_paise) == (12, 120050)
        quote = db.session.get(Quote, quote.id)
        assert (quote.status, quote.order_id) == ("used", order.id)
        lead = db.session.get(Lead, deal.lead.id)
        assert (lead.stage, lead.value_paise, lead.order_id) == ("won", order.suborders[0].goods_paise, order.id)
        assert lead.value_paise == 12 * 120050
        assert db.session.get(Listing, deal.listing.id).stock == 40 - 12
        suborder_id = order.suborders[0].id
    assert f"/orders/{order.id}".encode() in buyer.get("/meets/leads").data
    assert f"/seller/orders/{suborder_id}".encode() in seller.get("/meets/leads").data
    assert seller.get(f"/meets/quotes/{quote.id}").status_code == 200
    with app.app_context():
        _, figures = timetable.dashboard(make_organiser("varanasi"), deal.meet.id)
    assert figures.value_won_paise == 12 * 120050 and figures.leads["won"] == 1
    # used: it cannot be accepted again, and the lead cannot be quoted again
    used = buyer.post(f"/meets/quotes/{quote.id}/accept", follow_redirects=True)
    assert "इस कोटेशन पर पहले ही ऑर्डर हो चुका है" in used.get_data(as_text=True)  # the buyer reads Hindi
    with app.app_context():
        with pytest.raises(quotes.QuoteError):
            quotes.create_quote(deal.seller_user, deal.lead.id, deal.listing.id, 5, 100000, deal.week)
        assert db.session.scalar(select(func.count(Quote.id))) == 1
        assert db.session.scalar(select(func.count(CartItem.id))) == 0


@pytest.mark.parametrize("field,value", [
    ("unit_price_rupees", "0"), ("unit_price_rupees", "-5"), ("unit_price_rupees", "abc"),
    ("unit_price_rupees", "12.345"), ("unit_price_rupees", ""), ("unit_price_rupees", "50000000"), ("quantity", "4"),
    ("quantity", "41"), ("quantity", "ten"), ("quantity", "-12"), ("quantity", "2.5"),
    ("valid_until", "2020-01-01"), ("valid_until", "not a date"), ("listing_id", "abc"),
])
def test_bad_quote_input_is_refused_and_changes_nothing(app, deal, field, value):
    seller = client_for(app, deal.seller_user)
    before = counts(app)
    response = seller.post(f"/meets/leads/{deal.lead.id}/quote", data=quote_form(deal, **{field: value}))
    assert response.status_code in (400, 404)
    assert counts(app) == before
    if response.status_code == 400:
        assert b"form" in response.data  # the form is shown again with the error


def test_bad_quote_messages_say_what_is_wrong(app, deal):
    with app.app_context():
        cases = [(4, 100000, deal.week, "minimum order of 5"), (41, 100000, deal.week, "40 units"),
                 (12, 0, deal.week, "above zero"), (12, -100, deal.week, "above zero"),
                 (12, "1000", deal.week, "above zero"),
                 (12, 100000, deal.today - dt.timedelta(days=1), "today or a later day"),
                 (12, 100000, deal.today + dt.timedelta(days=91), "at most 90 days")]
        for quantity, price, until, words in cases:
            with pytest.raises(quotes.QuoteError) as caught:
                quotes.create_quote(deal.seller_user, deal.lead.id, deal.listing.id, quantity, price, until)
            assert words in str(caught.value.message)
        assert db.session.scalar(select(func.count(Quote.id))) == 0


def test_only_a_lead_in_negotiation_or_won_can_be_quoted(app, deal):
    with app.app_context():
        lead = db.session.get(Lead, deal.lead.id)
        lead.stage = "contacted"
        db.session.commit()
        with pytest.raises(quotes.QuoteError):
            quotes.create_quote(deal.seller_user, lead.id, deal.listing.id, 12, 120000, deal.week)
        lead.stage, lead.value_paise = "won", 500000
        db.session.commit()
        quote = quotes.create_quote(deal.seller_user, lead.id, deal.listing.id, 12, 120000, deal.week)
        assert quote.status == "open"


def test_a_seller_cannot_quote_on_another_sellers_lead_or_listing(app, deal, login_as):
    outsider = client_for(app, deal.other_seller_user)
    url = f"/meets/leads/{deal.lead.id}/quote"
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, data=quote_form(deal)).status_code == 404
    own = client_for(app, deal.seller_user)
    assert own.post(url, data=quote_form(deal, listing_id=deal.foreign_listing.id)).status_code == 404
    buyer = client_for(app, deal.buyer)
    assert buyer.get(url).status_code == 403
    assert buyer.post(url, data=quote_form(deal)).status_code == 403
    assert own.get("/meets/leads/987654/quote").status_code == 404
    with app.app_context():
        with pytest.raises(NotFound):
            quotes.create_quote(deal.other_seller_user, deal.lead.id, deal.foreign_listing.id, 12,
                                70000, deal.week)
        assert db.session.scalar(select(func.count(Quote.id))) == 0


def test_a_buyer_cannot_see_or_use_someone_elses_quote(app, deal):
    with app.app_context():
        quote = quotes.create_quote(deal.seller_user, deal.lead.id, deal.listing.id, 12, 120000, deal.week)
    stranger = client_for(app, deal.other_buyer)
    assert stranger.get(f"/meets/quotes/{quote.id}").status_code == 404
    assert stranger.post(f"/meets/quotes/{quote.id}/accept").status_code == 404
    other_seller = client_for(app, deal.other_seller_user)
    assert other_seller.get(f"/meets/quotes/{quote.id}").status_code == 404
    assert other_seller.post(f"/meets/quotes/{quote.id}/accept").status_code == 403
    assert client_for(app, deal.seller_user).post(f"/meets/quotes/{quote.id}/accept").status_code == 403
    assert client_for(app, deal.buyer).get("/meets/quotes/987654").status_code == 404
    with app.app_context():
        assert db.session.get(Quote, quote.id).status == "open"
        assert cart.entries(user_id=deal.other_buyer.id) == {}


def test_an_expired_quote_cannot_be_accepted_and_says_so_in_hindi(app, deal):
    with app.app_context():
        quote = quotes.create_quote(deal.seller_user, deal.lead.id, deal.listing.id, 12, 120000, deal.today)
    buyer = client_for(app, deal.buyer)
    buyer.set_cookie("lang", "hi")
    tomorrow = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=2)
    with app.app_context():
        with pytest.raises(quotes.QuoteExpired):
            quotes.accept_quote(deal.buyer, quote.id, now=tomorrow)
        assert cart.entries(user_id=deal.buyer.id) == {}
        stored = db.session.get(Quote, quote.id)
        stored.valid_until = deal.today - dt.timedelta(days=1)
        db.session.commit()
    page = buyer.post(f"/meets/quotes/{quote.id}/accept", follow_redirects=True).get_data(as_text=True)
    assert "समाप्त" in page or "expired" in page
    with app.app_context():
        assert db.session.get(Quote, quote.id).status == "open"
        assert cart.entries(user_id=deal.buyer.id) == {}


def test_accepting_checks_stock_and_changes_nothing_when_short(app, deal):
    with app.app_context():
        quote = quotes.create_quote(deal.seller_user, deal.lead.id, deal.listing.id, 12, 120000, deal.week)
        db.session.get(Listing, deal.listing.id).stock = 8
        db.session.commit()
        from marketplace.orders.errors import NotEnoughStock

        with pytest.raises(NotEnoughStock):
            quotes.accept_quote(deal.buyer, quote.id)
        assert db.session.get(Quote, quote.id).status == "open"
        assert cart.entries(user_id=deal.buyer.id) == {}


def test_a_quote_with_an_order_cannot_be_used_twice_even_by_a_second_checkout(app, deal, make_address, monkeypatch):
    """Two checkouts of the same cart with different tokens (two tabs): the guarded update lets
    only one use the quote; the other rolls back whole."""
    from marketplace.orders.quote_states import QuoteStatus
    from marketplace.orders import checkout
    from sqlalchemy import update

    address = make_address(deal.buyer)
    with app.app_context():
        quote = quotes.create_quote(deal.seller_user, deal.lead.id, deal.listing.id, 12, 120000, deal.week)
        quotes.accept_quote(deal.buyer, quote.id)
    real = cart.accepted_quotes

    def raced(user_id, listing_ids):
        found = real(user_id, listing_ids)  # read as accepted ... then the other tab commits first
        db.session.execute(update(Quote).where(Quote.id == quote.id).values(status=QuoteStatus.USED.value)
                           .execution_options(synchronize_session=False))
        return found

    monkeypatch.setattr(cart, "accepted_quotes", raced)
    with app.app_context():
        with pytest.raises(quotes.QuoteUsed):
            checkout.place_order(deal.buyer.id, checkout_token="tab-2", address_id=address.id,
                                 payment_method="cod")
        assert db.session.scalar(select(func.count(Order.id))) == 0
        assert db.session.get(Listing, deal.listing.id).stock == 40
        assert db.session.get(Quote, quote.id).status == "accepted"
        assert db.session.get(Lead, deal.lead.id).stage == "negotiating"
        assert cart.entries(user_id=deal.buyer.id)[deal.listing.id][0] == 12


@pytest.mark.postgres
def test_two_checkouts_at_once_use_a_quote_once_on_postgresql(app, deal, make_address):
    """Two tabs submit checkout at the same moment with different tokens: one order gets the
    quoted price, the other fails whole (quote used, or cart already empty)."""
    from marketplace.orders import checkout

    address = make_address(deal.buyer)
    with app.app_context():
        quote = quotes.create_quote(deal.seller_user, deal.lead.id, deal.listing.id, 12, 120000, deal.week)
        quotes.accept_quote(deal.buyer, quote.id)
    tokens = ("tab-a", "tab-b")
    results = at_once(app, 2, lambda n: checkout.place_order(deal.buyer.id, checkout_token=tokens[n],
                                                             address_id=address.id, payment_method="cod").id)
    placed = [r for r in results if isinstance(r, int)]
    errors = [r for r in results if isinstance(r, Exception)]
    from marketplace.orders.errors import EmptyCart

    assert len(placed) == 1 and len(errors) == 1
    assert isinstance(errors[0], (quotes.QuoteUsed, EmptyCart)), errors
    with app.app_context():
        assert db.session.scalar(select(func.count(Order.id))) == 1
        assert db.session.get(Listing, deal.listing.id).stock == 40 - 12
        stored = db.session.get(Quote, quote.id)
        assert (stored.status, stored.order_id) == ("used", placed[0])
        assert db.session.get(Lead, deal.lead.id).value_paise == 12 * 120000


def test_an_order_that_expires_unpaid_gives_the_quote_back_and_the_lead_stays_won(app, deal, make_address):
    """Card checkout with a quote, never paid: when the order expires the quote can be ordered
    again. The lead stays won (the pipeline has no way back from won: it used to be moved back
    to negotiating behind the table's back) but no longer counts the dead order or its value;
    ordering the quote again links it to the new order."""
    from marketplace.orders import cancellation, checkout

    with app.app_context():
        quote = quotes.create_quote(deal.seller_user, deal.lead.id, deal.listing.id, 12, 120050, deal.week)
        quotes.accept_quote(deal.buyer, quote.id)
        address = make_address(deal.buyer)
        order = checkout.place_order(deal.buyer.id, checkout_token="quoted-card", address_id=address.id,
                                     payment_method="card")
        lead = db.session.get(Lead, deal.lead.id, populate_existing=True)
        assert lead.order_id == order.id and lead.stage == "won"
        later = db.session.get(Order, order.id).expires_at + dt.timedelta(minutes=1)
        assert cancellation.expire_unpaid(now=later) == 1
        quote = db.session.get(Quote, quote.id, populate_existing=True)
        lead = db.session.get(Lead, deal.lead.id, populate_existing=True)
        assert (quote.status, quote.order_id) == ("accepted", None)
        assert (lead.stage, lead.order_id, lead.value_paise) == ("won", None, None)
        quotes.accept_quote(deal.buyer, quote.id)  # the buyer can order it again
        assert cart.summarise(user_id=deal.buyer.id).goods_paise == 12 * 120050
        again = checkout.place_order(deal.buyer.id, checkout_token="quoted-again", address_id=address.id,
                                     payment_method="cod")
        lead = db.session.get(Lead, deal.lead.id, populate_existing=True)
        assert (lead.stage, lead.order_id, lead.value_paise) == ("won", again.id, 12 * 120050)


@pytest.mark.parametrize("quantity,price", [(5, 1_00_00_000 * 100 + 1), (40, 60_00_000 * 100)])
def test_a_quote_too_big_for_one_order_is_refused(app, deal, quantity, price):
    with app.app_context():
        with pytest.raises(quotes.QuoteError):
            quotes.create_quote(deal.seller_user, deal.lead.id, deal.listing.id, quantity, price, deal.week)
        assert db.session.scalar(select(func.count(Quote.id))) == 0
