"""Card payments against localstripe: full flow, declined card, webhooks (twice, bad signature),
refunds that never exceed what was paid."""
import json

import pytest
import stripe
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.catalog.models import Listing
from marketplace.extensions import db
from marketplace.orders import cancellation, cart, payments, refunds
from marketplace.orders.errors import CardDeclined, NothingToRefund, RefundTooLarge
from marketplace.orders.models import Order, OrderStatusChange, Payment, PaymentEvent, SubOrder, SubsidyClaim
from tests.fixtures.orders import STRIPE_TEST_KEY, STRIPE_WEBHOOK_SECRET


@pytest.fixture
def card_app(app, localstripe, subsidy_policy):
    app.config.update(STRIPE_SECRET_KEY=STRIPE_TEST_KEY, STRIPE_PUBLISHABLE_KEY="pk_test_odop",
                      STRIPE_API_BASE=localstripe, STRIPE_WEBHOOK_SECRET=STRIPE_WEBHOOK_SECRET)
    return app


@pytest.fixture
def buyer(make_user):
    return make_user(role=Role.BUYER)


def event_body(kind, intent_id, amount, event_id):
    return json.dumps({"id": event_id, "object": "event", "type": kind,
                       "data": {"object": {"id": intent_id, "object": "payment_intent",
                                           "amount": amount, "amount_received": amount}}})


def deliver(client, body, secret=STRIPE_WEBHOOK_SECRET):
    header = stripe.WebhookSignature.generate_signature_header(body, secret)
    return client.post("/webhooks/stripe", data=body, headers={"Stripe-Signature": header,
                                                               "Content-Type": "application/json"})


def statuses(order_id):
    return [s.status for s in db.session.get(Order, order_id, populate_existing=True).suborders]


def test_card_flow_confirm_then_webhook_delivered_twice(card_app, client, buyer, make_listing, buy):
    listing = make_listing(price_paise=123457, stock=5)
    order = buy(buyer, [(listing, 2)], payment_method="card")
    with card_app.app_context():
        order = db.session.get(Order, order.id)
        assert statuses(order.id) == ["pending_payment"]
        gateway = payments.gateway_from_config()
        payment = payments.start_card_payment(order, gateway, payment_method="pm_card_visa")
        assert payment.amount_paise == order.total_paise == 2 * 123457 + order.freight_paise - order.subsidy_paise
        intent = gateway.retrieve_intent(payment.provider_intent_id)
        assert intent.metadata == {"order_id": str(order.id)} and intent.amount_paise == order.total_paise
        assert payment.idempotency_key == f"order-{order.id}-attempt-1"
        # the browser (Stripe.js) confirms; Stripe then calls the webhook
        assert gateway.confirm_intent(payment.provider_intent_id).status == "succeeded"
        body = event_body("payment_intent.succeeded", payment.provider_intent_id, order.total_paise, "evt_ok_1")
    first = deliver(client, body)
    assert first.status_code == 200 and first.json["outcome"] == "processed"
    with card_app.app_context():
        assert statuses(order.id) == ["paid"]
        changes = db.session.scalar(select(func.count(OrderStatusChange.id)))
        paid = db.session.get(Payment, payment.id)
        assert (paid.status, paid.paid_paise) == ("succeeded", order.total_paise)
        assert db.session.scalar(select(func.count(SubsidyClaim.id))) == 1
    second = deliver(client, body)
    assert second.status_code == 200 and second.json["outcome"] == "duplicate"
    with card_app.app_context():
        assert db.session.scalar(select(func.count(OrderStatusChange.id))) == changes
        assert db.session.scalar(select(func.count(SubsidyClaim.id))) == 1
        assert db.session.scalar(select(func.count(PaymentEvent.id)).where(
            PaymentEvent.provider_event_id == "evt_ok_1")) == 1


def test_server_side_card_payment_and_later_webhook_change_nothing(card_app, client, buyer, make_listing, buy):
    order = buy(buyer, [(make_listing(stock=5), 1)], payment_method="card")
    with card_app.app_context():
        order = db.session.get(Order, order.id)
        payment = payments.pay_with_card(order, payments.gateway_from_config(), "pm_card_visa")
        assert payment.status == "succeeded" and statuses(order.id) == ["paid"]
        body = event_body("payment_intent.succeeded", payment.provider_intent_id, order.total_paise, "evt_late")
    assert deliver(client, body).json["outcome"] == "ignored"
    with card_app.app_context():
        assert statuses(order.id) == ["paid"]


def test_declined_card_keeps_the_order_for_another_card_until_it_expires(card_app, buyer, make_listing, buy):
    listing = make_listing(stock=5)
    order = buy(buyer, [(listing, 2)], payment_method="card")
    with card_app.app_context():
        order = db.session.get(Order, order.id)
        with pytest.raises(CardDeclined):
            payments.pay_with_card(order, payments.gateway_from_config(), "pm_card_chargeCustomerFail")
        assert statuses(order.id) == ["pending_payment"]
        assert db.session.get(Listing, listing.id, populate_existing=True).stock == 3
        assert db.session.scalars(select(Payment.status)).all() == ["failed"]
        payments.pay_with_card(db.session.get(Order, order.id), payments.gateway_from_config(), "pm_card_visa")
        assert statuses(order.id) == ["paid"]
        assert db.session.get(Listing, listing.id, populate_existing=True).stock == 3


def test_payment_failed_webhook_records_the_attempt_once_and_keeps_the_order(card_app, client, buyer, make_listing,
                                                                            buy):
    listing = make_listing(stock=5)
    order = buy(buyer, [(listing, 1)], payment_method="card")
    with card_app.app_context():
        order = db.session.get(Order, order.id)
        payment = payments.start_card_payment(order, payments.gateway_from_config())
        body = event_body("payment_intent.payment_failed", payment.provider_intent_id, 0, "evt_fail_1")
    assert deliver(client, body).json["outcome"] == "processed"
    assert deliver(client, body).json["outcome"] == "duplicate"
    with card_app.app_context():
        assert statuses(order.id) == ["pending_payment"]
        assert db.session.get(Listing, listing.id, populate_existing=True).stock == 4
        assert db.session.get(Payment, payment.id, populate_existing=True).status == "failed"
        assert db.session.get(Order, order.id).expires_at is not None


def test_an_intent_cancelled_at_stripe_cancels_the_unpaid_order_and_returns_stock(card_app, client, buyer,
                                                                                 make_listing, buy):
    listing = make_listing(stock=5)
    order = buy(buyer, [(listing, 2)], payment_method="card")
    with card_app.app_context():
        payment = payments.start_card_payment(db.session.get(Order, order.id), payments.gateway_from_config())
        body = event_body("payment_intent.canceled", payment.provider_intent_id, 0, "evt_cancel_1")
    assert deliver(client, body).json["outcome"] == "processed"
    assert deliver(client, body).json["outcome"] == "duplicate"
    with card_app.app_context():
        assert statuses(order.id) == ["cancelled"]
        assert db.session.get(Listing, listing.id, populate_existing=True).stock == 5
        assert cart.entries(user_id=buyer.id) == {listing.id: (2, 150000)}


@pytest.mark.parametrize("secret", ["whsec_wrong", None])
def test_webhook_with_bad_signature_is_400_and_changes_nothing(card_app, client, buyer, make_listing, buy, secret):
    order = buy(buyer, [(make_listing(stock=5), 1)], payment_method="card")
    with card_app.app_context():
        order = db.session.get(Order, order.id)
        payment = payments.start_card_payment(order, payments.gateway_from_config(), payment_method="pm_card_visa")
        payments.gateway_from_config().confirm_intent(payment.provider_intent_id)
        body = event_body("payment_intent.succeeded", payment.provider_intent_id, order.total_paise, "evt_forged")
    if secret:
        response = deliver(client, body, secret=secret)
    else:
        response = client.post("/webhooks/stripe", data=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_signature"
    with card_app.app_context():
        assert statuses(order.id) == ["pending_payment"]
        assert db.session.scalar(select(func.count(PaymentEvent.id))) == 0


def test_webhook_for_unknown_events_and_garbage_is_harmless(card_app, client):
    body = json.dumps({"id": "evt_x", "object": "event", "type": "charge.refunded", "data": {"object": {}}})
    assert deliver(client, body).json["outcome"] == "ignored"
    assert deliver(client, "{not json").status_code == 400


def _paid_order(app, buyer, items, buy):
    order = buy(buyer, items, payment_method="card")
    with app.app_context():
        order = db.session.get(Order, order.id)
        payments.pay_with_card(order, payments.gateway_from_config(), "pm_card_visa")
        return db.session.get(Order, order.id)


def test_seller_cancel_refunds_exactly_that_shipment(card_app, buyer, make_seller, make_listing, buy):
    a, b = make_seller(), make_seller(district="agra")
    la, lb = make_listing(seller=a, price_paise=100001, stock=3), make_listing(seller=b, price_paise=55555, stock=3)
    order = _paid_order(card_app, buyer, [(la, 1), (lb, 2)], buy)
    with card_app.app_context():
        sub_b = next(s for s in order.suborders if s.seller_id == b.id)
        cancellation.cancel_suborder(sub_b.id, actor="seller", user_id=b.user_id, seller_id=b.id,
                                 reason="kiln broke", gateway=payments.gateway_from_config())
        sub_b = db.session.get(SubOrder, sub_b.id, populate_existing=True)
        assert sub_b.status == "refunded"
        payment = db.session.scalar(select(Payment))
        assert payment.refunded_paise == sub_b.total_paise
        assert payment.paid_paise - payment.refunded_paise == next(
            s.total_paise for s in order.suborders if s.seller_id == a.id)
        assert db.session.get(Listing, lb.id, populate_existing=True).stock == 3
        refund_event = db.session.scalar(select(PaymentEvent).where(PaymentEvent.kind == "refund"))
        assert refund_event.amount_paise == sub_b.total_paise


def test_refund_never_exceeds_what_was_paid(card_app, buyer, make_listing, buy):
    order = _paid_order(card_app, buyer, [(make_listing(stock=3), 1)], buy)
    gateway = None
    with card_app.app_context():
        gateway = payments.gateway_from_config()
        sub = order.suborders[0]
        cancellation.cancel_suborder(sub.id, actor="buyer", user_id=buyer.id, reason="changed my mind")
        # no gateway given above: cancelled, not yet refunded
        assert db.session.get(SubOrder, sub.id, populate_existing=True).status == "cancelled"
        with pytest.raises(RefundTooLarge):
            refunds.refund_suborder(sub.id, gateway, amount_paise=order.total_paise + 1)
        assert refunds.refund_suborder(sub.id, gateway) == order.total_paise
        with pytest.raises(NothingToRefund):
            refunds.refund_suborder(sub.id, gateway)
        payment = db.session.scalar(select(Payment))
        assert payment.refunded_paise == payment.paid_paise == order.total_paise


def test_payment_page_needs_keys_and_shows_stripe_elements(card_app, client, auth, buyer, make_listing, buy):
    order = buy(buyer, [(make_listing(stock=3), 1)], payment_method="card")
    auth.login(buyer)
    page = client.get(f"/orders/{order.id}/pay")
    # opening the page (a GET a link preview or prefetch may make) creates no PaymentIntent
    assert page.status_code == 200 and "js.stripe.com" not in page.get_data(as_text=True)
    with card_app.app_context():
        assert db.session.scalar(select(func.count(Payment.id))) == 0
    assert client.post(f"/orders/{order.id}/pay").status_code == 302  # the "Pay by card" button
    page = client.get(f"/orders/{order.id}/pay")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "https://js.stripe.com/v3/" in html and "pk_test_odop" in html and "_secret_" in html
    # reloading the page, or pressing the button again, reuses the same PaymentIntent
    client.get(f"/orders/{order.id}/pay")
    client.post(f"/orders/{order.id}/pay")
    with card_app.app_context():
        assert db.session.scalar(select(func.count(Payment.id))) == 1
    card_app.config["STRIPE_SECRET_KEY"] = None
    response = client.get(f"/orders/{order.id}/pay")
    assert response.status_code == 302
