"""Checkout on SQLite: sub-orders per seller, freight, subsidy flags, stock, idempotency."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.catalog.models import Listing
from marketplace.extensions import db
from marketplace.notifications.models import Notification, OutboxMail
from marketplace.orders import cancellation, cart, checkout
from marketplace.orders.errors import (
    CartNeedsAttention,
    EmptyCart,
    OrderNotFound,
    OutOfStock,
    PaymentsNotConfigured,
)
from marketplace.orders.models import Order, SubOrder, SubsidyClaim, SubsidyLedger

UTC = dt.timezone.utc


@pytest.fixture
def buyer(make_user):
    return make_user(role=Role.BUYER)


def stock_of(listing_id):
    return db.session.get(Listing, listing_id, populate_existing=True).stock


def test_cod_order_splits_per_seller_with_freight_and_subsidy(app, buyer, make_seller, make_listing,
                                                              subsidy_policy, buy, make_address):
    varanasi = make_seller(district="varanasi")
    lucknow = make_seller(district="lucknow", gstin="09AAACB1234C1Z5")
    saree = make_listing(seller=varanasi, price_paise=250000, stock=5, weight_g=600,
                         length_cm=30, width_cm=20, height_cm=5)  # 3000 cm³ → 600 g volumetric
    kurta = make_listing(seller=lucknow, price_paise=99900, stock=8, weight_g=300,
                         length_cm=40, width_cm=30, height_cm=5, tiers=[(3, 89900)])
    address = make_address(buyer, district="Lucknow")
    order = buy(buyer, [(saree, 1), (kurta, 3)], address=address)
    with app.app_context():
        order = db.session.get(Order, order.id)
        subs = {s.seller_id: s for s in order.suborders}
        assert len(subs) == 2
        # Varanasi → Lucknow: within UP, 600 g chargeable → the 1 kg slab, ₹90
        v = subs[varanasi.id]
        assert (v.freight_zone, v.chargeable_weight_g, v.freight_paise) == ("within_up", 600, 9000)
        assert (v.subsidy_eligible, v.subsidy_paise) == (True, 6750)
        assert v.total_paise == 250000 + 9000 - 6750
        # Lucknow → Lucknow: same district; 3 kurtas, 900 g actual, 3×6000 cm³ = 3600 g volumetric
        k = subs[lucknow.id]
        assert (k.freight_zone, k.actual_weight_g, k.chargeable_weight_g) == ("same_district", 900, 3600)
        assert k.freight_paise == 15000 and k.subsidy_paise == 11250
        assert k.goods_paise == 3 * 89900  # bulk tier applied
        assert order.total_paise == v.total_paise + k.total_paise
        assert order.subsidy_paise == 6750 + 11250
        assert {s.status for s in order.suborders} == {"confirmed"}
        # a cash-on-delivery order starts confirmed: it never awaited a payment (issue #17.10)
        assert [h.to_status for h in v.history] == ["confirmed"]
        assert stock_of(saree.id) == 4 and stock_of(kurta.id) == 5
        assert db.session.scalar(select(func.count(SubsidyClaim.id))) == 2
        assert db.session.get(Listing, saree.id).sold_count == 1
        # the cart is empty; buyer and both sellers were told
        assert cart.entries(user_id=buyer.id) == {}
        told = set(db.session.scalars(select(Notification.user_id)))
        assert {buyer.id, varanasi.user_id, lucknow.user_id} <= told
        assert db.session.scalar(select(func.count(OutboxMail.id))) >= 3


def test_double_submit_makes_one_order(app, buyer, make_listing, make_address, subsidy_policy):
    listing = make_listing(stock=3)
    address = make_address(buyer)
    with app.app_context():
        cart.add_item(listing.id, 2, user_id=buyer.id)
        first = checkout.place_order(buyer.id, checkout_token="same", address_id=address.id,
                                     payment_method="cod")
        second = checkout.place_order(buyer.id, checkout_token="same", address_id=address.id,
                                      payment_method="cod")
        assert first.id == second.id
        assert db.session.scalar(select(func.count(Order.id))) == 1
        assert stock_of(listing.id) == 1


def test_second_buyer_gets_out_of_stock_and_keeps_the_cart(app, make_user, make_listing, make_address):
    listing = make_listing(stock=2, title_en="Brass diya")
    first, second = make_user(role=Role.BUYER), make_user(role=Role.BUYER)
    a1, a2 = make_address(first), make_address(second)
    with app.app_context():
        cart.add_item(listing.id, 2, user_id=first.id)
        cart.add_item(listing.id, 1, user_id=second.id)
        checkout.place_order(first.id, checkout_token="t1", address_id=a1.id, payment_method="cod")
        with pytest.raises(OutOfStock) as err:
            checkout.place_order(second.id, checkout_token="t2", address_id=a2.id, payment_method="cod")
        assert "Brass diya" in str(err.value.message) and err.value.code == "out_of_stock"
        assert stock_of(listing.id) == 0
        assert db.session.scalar(select(func.count(Order.id))) == 1
        assert cart.entries(user_id=second.id) == {listing.id: (1, 150000)}


def test_changed_total_is_refused_before_anything_is_reserved(app, buyer, make_listing, make_address):
    listing = make_listing(stock=5)
    address = make_address(buyer)
    with app.app_context():
        cart.add_item(listing.id, 1, user_id=buyer.id)
        with pytest.raises(CartNeedsAttention):
            checkout.place_order(buyer.id, checkout_token="t", address_id=address.id,
                                 payment_method="cod", expected_charges_paise=1)
        assert stock_of(listing.id) == 5
        assert db.session.scalar(select(func.count(Order.id))) == 0


def test_card_without_keys_and_empty_cart_and_foreign_address_are_refused(app, buyer, make_user,
                                                                           make_listing, make_address):
    listing = make_listing(stock=5)
    other = make_user(role=Role.BUYER)
    mine, theirs = make_address(buyer), make_address(other)
    with app.app_context():
        with pytest.raises(EmptyCart):
            checkout.place_order(buyer.id, checkout_token="t", address_id=mine.id, payment_method="cod")
        cart.add_item(listing.id, 1, user_id=buyer.id)
        with pytest.raises(PaymentsNotConfigured):
            checkout.place_order(buyer.id, checkout_token="t", address_id=mine.id, payment_method="card",
                                 card_enabled=False)
        with pytest.raises(OrderNotFound):
            checkout.place_order(buyer.id, checkout_token="t", address_id=theirs.id, payment_method="cod")
        assert stock_of(listing.id) == 5


@pytest.mark.parametrize(
    "seller_kw,listing_kw,reason",
    [
        ({}, {"category": "carpets"}, "not_odop_product"),
        ({"udyam_number": None}, {}, "no_udyam"),
        ({"status": "pending"}, None, "seller_unverified"),
    ],
)
def test_subsidy_flag_gives_the_reason(app, buyer, make_seller, make_listing, buy, subsidy_policy,
                                       seller_kw, listing_kw, reason):
    seller = make_seller(**seller_kw)
    if listing_kw is None:  # an unverified seller's listing is not for sale: decide directly
        with app.app_context():
            from marketplace.catalog.models import Seller
            from marketplace.orders.checkout import destination, quote_shipment

            s = db.session.get(Seller, seller.id)
            listing = make_listing(seller=make_seller())
            lst = db.session.get(Listing, listing.id)
            _, policy = checkout.policy_in_force(dt.date.today())
            fq, decision = quote_shipment(s, [(lst, 1)], destination("282001"),
                                          now=dt.datetime.now(UTC), policy=policy)
            assert decision.reason == reason
        return
    listing = make_listing(seller=seller, **listing_kw)
    order = buy(buyer, [(listing, 1)])
    sub = order.suborders[0]
    assert (sub.subsidy_eligible, sub.subsidy_paise, sub.subsidy_reason) == (False, 0, reason)


def test_no_policy_means_policy_inactive(app, buyer, make_listing, buy):
    order = buy(buyer, [(make_listing(), 1)])
    assert order.suborders[0].subsidy_reason == "policy_inactive"


def test_fourth_order_of_a_seller_in_a_year_gets_no_subsidy(app, buyer, make_seller, make_listing, buy,
                                                            subsidy_policy):
    seller = make_seller()
    listing = make_listing(seller=seller, stock=50)
    subs = [buy(buyer, [(listing, 1)]).suborders[0] for _ in range(4)]
    assert [s.subsidy_eligible for s in subs] == [True, True, True, False]
    assert subs[3].subsidy_reason == "claims_limit_reached"
    with app.app_context():
        ledger = db.session.scalar(select(SubsidyLedger))
        assert ledger.claims == 3 and ledger.amount_paise == sum(s.subsidy_paise for s in subs)


def test_annual_cap_gives_a_partial_award_then_none(app, buyer, make_seller, make_listing, buy,
                                                    make_address, subsidy_policy):
    seller = make_seller()
    heavy = make_listing(seller=seller, stock=50, weight_g=20000, length_cm=1, width_cm=1, height_cm=1)
    far = make_address(buyer, state_code="MH", district="Mumbai", pin_code="400001")
    # 20 kg to the rest of India: ₹420 + 15 × ₹70 = ₹1,470 freight; 75% = ₹1,102.50 → cap ₹600
    amounts = [buy(buyer, [(heavy, 1)], address=far).suborders[0].subsidy_paise for _ in range(3)]
    assert amounts == [60000, 60000, 30000]  # the third gets what is left of ₹1,500


def test_cancelling_gives_back_stock_subsidy_budget_and_rejects_the_claim(app, buyer, make_listing, buy,
                                                                         subsidy_policy):
    listing = make_listing(stock=4)
    order = buy(buyer, [(listing, 2)])
    with app.app_context():
        cancellation.cancel_suborder(order.suborders[0].id, actor="buyer", user_id=buyer.id,
                                 reason="ordered by mistake")
        sub = db.session.get(SubOrder, order.suborders[0].id)
        assert sub.status == "cancelled" and sub.cancel_reason == "ordered by mistake"
        assert stock_of(listing.id) == 4
        ledger = db.session.scalar(select(SubsidyLedger))
        assert (ledger.amount_paise, ledger.claims) == (0, 0)
        assert sub.claim.status == "rejected"
        assert [(h.from_status, h.to_status, h.actor_role, h.actor_id) for h in sub.history][-1] == (
            "confirmed", "cancelled", "buyer", buyer.id)


def test_unpaid_card_order_expires_after_30_minutes(app, buyer, make_listing, buy, subsidy_policy):
    listing = make_listing(stock=3)
    placed = dt.datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
    order = buy(buyer, [(listing, 2)], payment_method="card", now=placed)
    with app.app_context():
        assert stock_of(listing.id) == 1
        assert cancellation.expire_unpaid(now=placed + dt.timedelta(minutes=29)) == 0
        assert cancellation.expire_unpaid(now=placed + dt.timedelta(minutes=31)) == 1
        sub = db.session.get(SubOrder, order.suborders[0].id)
        assert sub.status == "cancelled" and sub.cancel_reason == "payment_timeout"
        assert stock_of(listing.id) == 3
        assert cancellation.expire_unpaid(now=placed + dt.timedelta(hours=2)) == 0


def test_expire_command(app, runner, buyer, make_listing, buy):
    listing = make_listing(stock=3)
    buy(buyer, [(listing, 1)], payment_method="card", now=dt.datetime(2020, 1, 1, tzinfo=UTC))
    result = runner.invoke(args=["orders", "expire"])
    assert "expired 1 unpaid order(s)" in result.output
    with app.app_context():
        assert stock_of(listing.id) == 3


def test_subsidy_running_out_between_review_and_order_does_not_block_the_order(
        app, make_user, make_seller, make_listing, make_address, subsidy_policy):
    """The subsidy on the checkout page is a preview; the binding decision is taken under the
    seller's lock, and the order is placed with it (the buyer sees the final total next)."""
    from marketplace.orders.checkout import destination, quote

    seller = make_seller()
    listing = make_listing(seller=seller, stock=10)
    buyers = [make_user(role=Role.BUYER) for _ in range(4)]
    addresses = [make_address(b) for b in buyers]
    with app.app_context():
        previews = []
        for b in buyers:
            cart.add_item(listing.id, 1, user_id=b.id)
            q = quote(cart.summarise(user_id=b.id), destination("226001"))
            previews.append((q.goods_paise + q.freight_paise, q.subsidy_paise))
        assert all(sub > 0 for _, sub in previews)  # everybody is shown a subsidy
        orders = [checkout.place_order(b.id, checkout_token="t", address_id=a.id, payment_method="cod",
                                       expected_charges_paise=charges)
                  for b, a, (charges, _) in zip(buyers, addresses, previews)]
        assert [o.subsidy_paise > 0 for o in orders] == [True, True, True, False]
        assert orders[3].suborders[0].subsidy_reason == "claims_limit_reached"


def test_confirmation_mail_is_in_each_recipients_language(app, make_user, make_seller, make_listing, buy):
    buyer = make_user(role=Role.BUYER, locale="hi")
    seller_user = make_user(role=Role.SELLER, locale="en")
    seller = make_seller(user=seller_user)
    buy(buyer, [(make_listing(seller=seller, title_en="Silk saree", title_hi="रेशमी साड़ी"), 1)])
    with app.app_context():
        to_buyer = db.session.scalar(select(OutboxMail).where(OutboxMail.to_email == buyer.email))
        to_seller = db.session.scalar(select(OutboxMail).where(OutboxMail.to_email == seller_user.email))
        assert "की पुष्टि हो गई" in to_buyer.subject and seller.enterprise_name_hi in to_buyer.body
        assert "New order" in to_seller.subject and "Silk saree" in to_seller.body


def test_every_sale_refreshes_catalogue_pages_and_search(app, buyer, make_listing, buy):
    """Each sale writes the listing's search change-feed row (every node's search and cached
    pages follow it), not only when stock runs low."""
    from marketplace.catalog.search.models import SearchChange

    def feed_since(seq):
        with app.app_context():
            rows = db.session.execute(select(SearchChange.seq, SearchChange.listing_id).where(SearchChange.seq > seq)).all()
        return max([seq, *(r[0] for r in rows)]), {r[1] for r in rows}

    plenty, scarce = make_listing(stock=40), make_listing(stock=6)
    head, _ = feed_since(0)
    head, changed = feed_since(head) if buy(buyer, [(plenty, 1)]) else (head, set())
    assert plenty.id in changed and scarce.id not in changed  # 40 → 39: stock and popularity in search
    order = buy(buyer, [(scarce, 2)])
    head, changed = feed_since(head)
    assert scarce.id in changed and plenty.id not in changed  # 6 → 4: "only 4 left"
    with app.app_context():
        cancellation.cancel_suborder(order.suborders[0].id, actor="buyer", user_id=buyer.id, reason="oops")
    assert scarce.id in feed_since(head)[1]


def test_a_cash_on_delivery_timeline_starts_confirmed_and_a_card_one_awaits_payment(
        app, buyer, make_listing, subsidy_policy, buy, auth, client):
    """The COD timeline started with "Awaiting payment (Buyer)" (issue #17.10)."""
    cod = buy(buyer, [(make_listing(stock=5), 1)])
    card = buy(buyer, [(make_listing(stock=5), 1)], payment_method="card")
    auth.login(buyer)
    cod_page = client.get(f"/orders/{cod.id}").get_data(as_text=True)
    timeline = cod_page.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert "Awaiting payment" not in timeline and "Confirmed" in timeline
    card_page = client.get(f"/orders/{card.id}").get_data(as_text=True)
    assert "Awaiting payment" in card_page.split('<ol class="timeline">')[1].split("</ol>")[0]
