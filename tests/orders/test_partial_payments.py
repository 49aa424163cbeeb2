"""A buyer pays only for what is still ordered: a sub-order cancelled before paying is not
charged (or, if an open intent is paid anyway, exactly that part comes back); a declined card
keeps the order open for another try."""
import itertools

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.catalog.models import Listing
from marketplace.extensions import db
from marketplace.notifications.models import Notification
from marketplace.orders import cancellation, ledger, payments
from marketplace.orders.errors import CardDeclined
from marketplace.orders.gateway import Intent, RefundResult
from marketplace.orders.models import Order, Payment
from marketplace.orders.states import Actor
from tests.fixtures.ledger import check_books

_ids = itertools.count(1)


class FakeGateway:
    """Records what would be charged, cancelled and refunded."""

    def __init__(self, decline=False):
        self.intents, self.refunds, self.cancelled, self.decline = {}, [], [], decline

    def create_intent(self, amount_paise, *, order_id, idempotency_key, payment_method=None):
        intent = Intent(f"pi_{next(_ids)}", "requires_payment_method", amount_paise, "secret", {})
        self.intents[intent.id] = intent
        return intent

    def confirm_intent(self, intent_id):
        if self.decline:
            raise CardDeclined()
        intent = self.intents[intent_id]
        return Intent(intent.id, "succeeded", intent.amount_paise, "secret", {})

    def cancel_intent(self, intent_id):
        self.cancelled.append(intent_id)
        return self.intents[intent_id]

    def refund(self, intent_id, amount_paise, *, idempotency_key):
        self.refunds.append((intent_id, amount_paise))
        return RefundResult(f"re_{next(_ids)}", amount_paise, "succeeded")

    def retrieve_intent(self, intent_id):
        return self.intents[intent_id]


@pytest.fixture
def two_seller_card_order(app, make_user, make_seller, make_listing, buy, monkeypatch):
    buyer = make_user(role=Role.BUYER)
    a = make_listing(seller=make_seller("varanasi"), price_paise=100000, stock=5)
    b = make_listing(seller=make_seller("agra"), price_paise=50000, stock=5)
    order = buy(buyer, [(a, 1), (b, 1)], payment_method="card")
    gateway = FakeGateway()
    monkeypatch.setattr(payments, "gateway_from_config", lambda config=None: gateway)
    with app.app_context():
        order = db.session.get(Order, order.id)
        sub_b = next(s for s in order.suborders if s.seller_id == b.seller_id)
        sub_a = next(s for s in order.suborders if s.seller_id == a.seller_id)
        return buyer, order, sub_a, sub_b, gateway, b


def _live_total(order_id):
    order = db.session.get(Order, order_id, populate_existing=True)
    return sum(s.total_paise for s in order.suborders if s.status != "cancelled")


def test_buyer_is_not_charged_for_a_part_cancelled_before_paying(app, two_seller_card_order):
    buyer, order, sub_a, sub_b, gateway, _ = two_seller_card_order
    with app.app_context():
        cancellation.cancel_suborder(sub_b.id, actor=Actor.BUYER, user_id=buyer.id, reason="changed mind",
                                 gateway=gateway)
        order = db.session.get(Order, order.id, populate_existing=True)
        payment = payments.start_card_payment(order, gateway)
        assert payment.amount_paise == sub_a.total_paise == _live_total(order.id)
        assert gateway.intents[payment.provider_intent_id].amount_paise == sub_a.total_paise
        payments.payment_succeeded(payment.provider_intent_id, payment.amount_paise)
        order = db.session.get(Order, order.id, populate_existing=True)
        assert {s.id: s.status for s in order.suborders} == {sub_a.id: "paid", sub_b.id: "cancelled"}
        assert gateway.refunds == []


def test_cancelling_a_part_while_an_intent_is_open_cancels_that_intent(app, two_seller_card_order):
    buyer, order, sub_a, sub_b, gateway, _ = two_seller_card_order
    with app.app_context():
        order = db.session.get(Order, order.id)
        first = payments.start_card_payment(order, gateway)
        assert first.amount_paise == order.total_paise
        cancellation.cancel_suborder(sub_b.id, actor=Actor.BUYER, user_id=buyer.id, reason="changed mind",
                                 gateway=gateway)
        assert gateway.cancelled == [first.provider_intent_id]
        assert db.session.get(Payment, first.id, populate_existing=True).status == "cancelled"
        order = db.session.get(Order, order.id, populate_existing=True)
        second = payments.start_card_payment(order, gateway)
        assert second.id != first.id and second.amount_paise == sub_a.total_paise


def test_an_open_intent_paid_after_a_part_was_cancelled_refunds_exactly_that_part(app, two_seller_card_order):
    buyer, order, sub_a, sub_b, gateway, listing_b = two_seller_card_order
    with app.app_context():
        order = db.session.get(Order, order.id)
        payment = payments.start_card_payment(order, gateway)
        # the buyer cancels seller B's part just as the card went through (the cancel of the
        # intent comes too late): the full amount arrives
        cancellation.cancel_suborder(sub_b.id, actor=Actor.BUYER, user_id=buyer.id, reason="changed mind",
                                 gateway=None)
        assert payments.payment_succeeded(payment.provider_intent_id, order.total_paise)
        assert gateway.refunds == [(payment.provider_intent_id, sub_b.total_paise)]
        order = db.session.get(Order, order.id, populate_existing=True)
        assert {s.id: s.status for s in order.suborders} == {sub_a.id: "paid", sub_b.id: "refunded"}
        paid = db.session.get(Payment, payment.id, populate_existing=True)
        assert paid.paid_paise - paid.refunded_paise == sub_a.total_paise
        assert db.session.get(Listing, listing_b.id).stock == 5  # B's unit went back once
        # the ledger (issue #14): B's part was never B's money; it passed through buyer_clearing
        assert ledger.seller_balance(sub_a.seller_id).total_paise == sub_a.total_paise
        assert ledger.seller_balance(sub_b.seller_id).total_paise == 0
        assert ledger.account_balance(ledger.BUYER_CLEARING) == 0
        assert ledger.account_balance(ledger.CASH_CARD) == sub_a.total_paise
        check_books()


def test_a_declined_card_keeps_the_order_open_for_another_card(app, two_seller_card_order):
    buyer, order, sub_a, sub_b, gateway, listing_b = two_seller_card_order
    gateway.decline = True
    with app.app_context():
        order = db.session.get(Order, order.id)
        with pytest.raises(CardDeclined):
            payments.pay_with_card(order, gateway, "pm_card_chargeDeclined")
        order = db.session.get(Order, order.id, populate_existing=True)
        assert [s.status for s in order.suborders] == ["pending_payment", "pending_payment"]
        assert order.expires_at is not None
        assert db.session.get(Listing, listing_b.id).stock == 4  # still reserved for the buyer
        assert db.session.scalars(select(Payment.status)).all() == ["failed"]
        told = db.session.scalars(select(Notification).where(Notification.user_id == buyer.id)).all()
        assert any("did not go through" in n.subject for n in told)
        # the second card works: a new attempt for the same amount
        gateway.decline = False
        payments.pay_with_card(order, gateway, "pm_card_visa")
        order = db.session.get(Order, order.id, populate_existing=True)
        assert [s.status for s in order.suborders] == ["paid", "paid"]
        assert [p.idempotency_key.rsplit("-", 1)[1] for p in order.payments] == ["1", "2"]
