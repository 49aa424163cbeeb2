"""Checkout beside the courier's price (issue #13.6), against the fake courier over HTTP: the
buyer pays the rate table's freight; the subsidy is counted on the lower of the table's freight
and the courier's price, which the sub-order keeps; a courier that fails changes nothing."""
import pytest

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.orders import cart, checkout
from marketplace.orders.models import SubOrder
from marketplace.orders.shipping import rates
from tests.fakes.courier import Courier
from tests.fixtures.accounts import AuthActions


@pytest.fixture(autouse=True)
def fresh_prices():
    rates.forget()
    yield
    rates.forget()


@pytest.fixture
def saree_to_lucknow(app, courier, make_user, make_seller, make_listing, make_address, subsidy_policy):
    """A Varanasi saree (600 g chargeable: the table's ₹90 within UP) in a Lucknow buyer's cart."""
    buyer = make_user(role=Role.BUYER)
    saree = make_listing(seller=make_seller(district="varanasi"), price_paise=250000, stock=5, weight_g=600,
                         length_cm=30, width_cm=20, height_cm=5)
    address = make_address(buyer, district="Lucknow")
    with app.app_context():
        cart.add_item(saree.id, 1, user_id=buyer.id)
    return buyer, address


def _seen(app, buyer):
    with app.app_context():
        return checkout.quote(cart.summarise(user_id=buyer.id), checkout.destination("226001")).shipments[0]


def _place(app, buyer, address):
    with app.app_context():
        order = checkout.place_order(buyer.id, checkout_token=checkout.new_checkout_token(), address_id=address.id,
                                     payment_method="cod", card_enabled=False)
        return db.session.get(SubOrder, order.suborders[0].id)


def test_a_cheaper_courier_lowers_the_subsidy_not_the_buyers_freight(app, courier, saree_to_lucknow):
    buyer, address = saree_to_lucknow
    seen = _seen(app, buyer)
    assert (seen.freight.amount_paise, seen.carrier_rate_paise) == (9000, 8751)  # Delhivery's ₹87.505
    assert seen.subsidy_paise == 6563  # 75 % of ₹87.51, not of ₹90 (6,750)
    asked = courier.count("rates")
    sub = _place(app, buyer, address)
    assert courier.count("rates") == asked  # placing the order asked the courier nothing
    assert (sub.freight_paise, sub.carrier_rate_paise, sub.subsidy_paise) == (9000, 8751, seen.subsidy_paise)
    assert sub.total_paise == 250000 + 9000 - seen.subsidy_paise


def test_a_dearer_courier_leaves_the_table_rate_to_count(app, courier, saree_to_lucknow):
    courier.couriers = [Courier(1, "Costly Express", 150.0, "2")]
    buyer, address = saree_to_lucknow
    seen = _seen(app, buyer)
    assert (seen.carrier_rate_paise, seen.subsidy_paise) == (15000, 6750)
    assert _place(app, buyer, address).subsidy_paise == 6750


def test_a_failing_courier_gives_no_price_and_the_order_goes_through(app, courier, saree_to_lucknow):
    buyer, address = saree_to_lucknow
    courier.fail_next("rates", 500)
    seen = _seen(app, buyer)
    assert (seen.carrier_rate_paise, seen.subsidy_paise) == (None, 6750)
    sub = _place(app, buyer, address)  # the failure is remembered for a minute: the table alone counts
    assert (sub.carrier_rate_paise, sub.subsidy_paise) == (None, 6750)


def test_the_checkout_page_shows_both_prices(app, courier, saree_to_lucknow):
    buyer, address = saree_to_lucknow
    client = app.test_client()
    assert AuthActions(client).login(buyer).status_code == 302
    page = client.get(f"/checkout?address_id={address.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-testid="courier-rate"' in html and "87.51" in html


def test_placing_the_order_asks_the_courier_when_the_page_was_shown_elsewhere(app, courier, saree_to_lucknow):
    """Another worker showed the page (nothing remembered here): placing asks the courier once,
    before its transaction, so the subsidy is still counted on the courier's lower price."""
    buyer, address = saree_to_lucknow
    sub = _place(app, buyer, address)
    assert courier.count("rates") == 1
    assert (sub.carrier_rate_paise, sub.subsidy_paise) == (8751, 6563)
