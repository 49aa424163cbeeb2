"""Amounts exact to the paisa from cart to order, invoice and refund, with awkward prices."""
import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.orders import cancellation, cart, documents, payments
from marketplace.orders.models import Order, Payment, SubOrder
from tests.fixtures.orders import STRIPE_TEST_KEY, STRIPE_WEBHOOK_SECRET

CASES = [
    # (price_paise, quantity, tiers, gst_rate_bp) for each of three sellers
    [(99999, 3, [], 1200), (33333, 7, [(5, 33301)], 500), (101, 11, [], 1800)],
    [(1, 1, [], 300), (250001, 2, [(2, 249999)], 1200), (77777, 5, [], None)],
]


@pytest.mark.parametrize("case", CASES)
def test_cart_order_invoice_and_refund_agree_to_the_paisa(app, localstripe, make_user, make_seller,
                                                          make_listing, make_address, subsidy_policy, case):
    app.config.update(STRIPE_SECRET_KEY=STRIPE_TEST_KEY, STRIPE_API_BASE=localstripe,
                      STRIPE_WEBHOOK_SECRET=STRIPE_WEBHOOK_SECRET)
    buyer = make_user(role=Role.BUYER)
    address = make_address(buyer, state_code="KA", district="Bengaluru Urban", pin_code="560001")
    districts = ["varanasi", "agra", "lucknow"]
    listings = [
        (make_listing(seller=make_seller(district=d, gstin="09AAACB1234C1Z5" if i != 1 else None),
                      price_paise=price, stock=50, tiers=tiers, gst_rate_bp=rate, hsn_code="9999"), q)
        for i, (d, (price, q, tiers, rate)) in enumerate(zip(districts, case))
    ]
    from marketplace.orders import checkout

    with app.app_context():
        for listing, q in listings:
            cart.add_item(listing.id, q, user_id=buyer.id)
        summary = cart.summarise(user_id=buyer.id)
        expected_goods = sum(
            (min([price] + [tp for mq, tp in tiers if q >= mq])) * q for price, q, tiers, _ in case)
        assert summary.goods_paise == expected_goods
        order = checkout.place_order(buyer.id, checkout_token="t", address_id=address.id, payment_method="card")
        assert order.goods_paise == expected_goods
        assert order.total_paise == sum(s.goods_paise + s.freight_paise - s.subsidy_paise for s in order.suborders)
        payments.pay_with_card(db.session.get(Order, order.id), payments.gateway_from_config(), "pm_card_visa")
        invoices = [documents.invoice_of(s) for s in order.suborders]  # an invoice once paid
        for sub, inv in zip(order.suborders, invoices):
            assert inv.total_paise == sub.total_paise
            assert inv.taxable_paise + inv.cgst_paise + inv.sgst_paise + inv.igst_paise == inv.goods_paise
            assert inv.cgst_paise == inv.sgst_paise == 0  # Karnataka: inter-state, IGST only
        assert sum(i.total_paise for i in invoices) == order.total_paise
        for sub in order.suborders:  # each cancellation refunds exactly that shipment
            cancellation.cancel_suborder(sub.id, actor="buyer", user_id=buyer.id, reason="test",
                                     gateway=payments.gateway_from_config())
        payment = db.session.scalar(select(Payment))
        assert payment.paid_paise == order.total_paise == payment.refunded_paise
        assert [db.session.get(SubOrder, s.id).status for s in order.suborders] == ["refunded"] * 3
