"""Races on PostgreSQL: 50 buyers, 10 units; the subsidy caps under the same race."""
import dataclasses

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role, User
from marketplace.catalog.models import Listing
from marketplace.extensions import db
from marketplace.orders import cart, checkout
from marketplace.orders.addresses import AddressInput, save_address
from marketplace.orders.claims import save_policy
from marketplace.orders.errors import OutOfStock
from marketplace.orders.models import Order, SubOrder, SubsidyLedger
from marketplace.orders.subsidy import DEFAULT_POLICY
from tests.concurrency import at_once

BUYERS = 50


def make_buyers(app, n, listing_id, quantity=1, state_code="UP", district="Lucknow", pin_code="226001"):
    """n buyers, each with an address and ``quantity`` units of the listing in the cart."""
    ids = []
    with app.app_context():
        for i in range(n):
            user = User(email=f"racer{i}@example.com", name=f"Racer {i}", role=Role.BUYER.value,
                        password_hash="not-used", locale="en")
            db.session.add(user)
            db.session.commit()
            address = save_address(user.id, AddressInput(f"Racer {i}", "9876543210", "1 Main Road", "",
                                                         district, district, state_code, pin_code))
            cart.add_item(listing_id, quantity, user_id=user.id)
            ids.append((user.id, address.id))
    return ids


def race(app, buyers, token=lambda n, user_id: f"race-{user_id}"):
    """Every (user id, address id) in ``buyers`` places an order at the same moment, the n-th with
    checkout token ``token(n, user_id)``; returns (order ids, errors)."""
    def attempt(n):
        user_id, address_id = buyers[n]
        return checkout.place_order(user_id, checkout_token=token(n, user_id), address_id=address_id,
                                    payment_method="cod").id

    results = at_once(app, len(buyers), attempt)
    return [r for r in results if isinstance(r, int)], [r for r in results if isinstance(r, Exception)]


@pytest.mark.postgres
def test_fifty_buyers_racing_for_ten_units_make_exactly_ten_orders(app, make_listing, subsidy_policy):
    listing = make_listing(stock=10, title_en="Last ten saris")
    buyers = make_buyers(app, BUYERS, listing.id)
    orders, errors = race(app, buyers)
    assert len(orders) == 10
    assert len(errors) == BUYERS - 10
    assert all(isinstance(e, OutOfStock) for e in errors), {type(e).__name__ for e in errors}
    assert all("sold out" in str(e.message) and "Last ten saris" in str(e.message) for e in errors)
    with app.app_context():
        assert db.session.get(Listing, listing.id).stock == 0
        assert db.session.scalar(select(func.count(Order.id))) == 10
        assert db.session.scalar(select(func.sum(SubOrder.goods_paise))) == 10 * 150000
        # the subsidy of the same race: at most three claims, within the annual cap
        eligible = db.session.scalars(select(SubOrder).where(SubOrder.subsidy_eligible)).all()
        assert len(eligible) == 3
        ledger = db.session.scalar(select(SubsidyLedger))
        assert ledger.claims == 3 and ledger.amount_paise == sum(s.subsidy_paise for s in eligible)
        assert ledger.amount_paise <= DEFAULT_POLICY.annual_cap_paise


@pytest.mark.postgres
def test_annual_subsidy_cap_is_never_exceeded_under_a_race(app, make_listing):
    with app.app_context():
        save_policy(dataclasses.replace(DEFAULT_POLICY, version="no-claim-limit", max_claims_per_year=None))
    # 5 kg to Maharashtra: ₹420 freight, 75% = ₹315 each; the ₹1,500 cap covers 4 and a bit
    listing = make_listing(stock=100, weight_g=5000, length_cm=1, width_cm=1, height_cm=1)
    buyers = make_buyers(app, 30, listing.id, state_code="MH", district="Pune", pin_code="411001")
    orders, errors = race(app, buyers)
    assert errors == [] and len(orders) == 30
    with app.app_context():
        amounts = sorted(db.session.scalars(select(SubOrder.subsidy_paise).where(SubOrder.subsidy_eligible)),
                         reverse=True)
        assert amounts == [31500, 31500, 31500, 31500, 24000]
        assert sum(amounts) == DEFAULT_POLICY.annual_cap_paise
        reasons = db.session.scalars(select(SubOrder.subsidy_reason).where(~SubOrder.subsidy_eligible)).all()
        assert set(reasons) == {"annual_cap_reached"} and len(reasons) == 25


@pytest.mark.postgres
def test_double_submit_at_the_same_instant_makes_one_order(app, make_listing):
    listing = make_listing(stock=5)
    (user_id, address_id), = make_buyers(app, 1, listing.id, quantity=2)
    results = at_once(app, 4, lambda n: checkout.place_order(
        user_id, checkout_token="same-click", address_id=address_id, payment_method="cod").id)
    assert len(results) == 4 and len(set(results)) == 1 and isinstance(results[0], int)
    with app.app_context():
        assert db.session.scalar(select(func.count(Order.id))) == 1
        assert db.session.get(Listing, listing.id).stock == 3
