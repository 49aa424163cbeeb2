"""Races of return refunds on PostgreSQL (issue #19.2): a return's card refund racing a
cancellation of another shipment of the same order, the ODOP cell's refund of the same
shipment, and itself. Refunds never exceed what was paid: the order's and the payment's row
locks queue them, the CHECK (refunded <= paid) is the last word."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.orders import cancellation, payments, refunds, returns
from marketplace.orders.models import Order, Payment, PaymentEvent, SubOrder
from marketplace.orders.return_models import ReturnRequest
from marketplace.orders.states import Actor
from tests.concurrency import at_once
from tests.orders.test_returns import card_app  # noqa: F401  (the fixture)

pytestmark = pytest.mark.postgres


@pytest.fixture
def two_shipments(card_app, make_user, make_seller, make_listing, buy, deliver_suborder):
    """A card order from two sellers: A (2 × ₹1,500) delivered with a return of one unit received
    (its refund not made yet), B (1 × ₹700) paid, not shipped."""
    app = card_app
    buyer = make_user(role=Role.BUYER, locale="en")
    a, b = make_seller("varanasi"), make_seller("agra")
    order = buy(buyer, [(make_listing(seller=a, price_paise=150000, stock=5), 2),
                        (make_listing(seller=b, price_paise=70000, stock=5), 1)], payment_method="card")
    with app.app_context():
        payments.pay_with_card(db.session.get(Order, order.id), payments.gateway_from_config(), "pm_card_visa")
        subs = {s.seller_id: s for s in db.session.get(Order, order.id, populate_existing=True).suborders}
        sub_a, sub_b = subs[a.id].id, subs[b.id].id
    deliver_suborder(sub_a)
    with app.app_context():
        line = db.session.get(SubOrder, sub_a).lines[0]
        rid = returns.request_return(order.id, line.id, buyer_id=buyer.id, quantity=1, reason="damaged",
                                     details="torn").id
        seller_user = db.session.get(SubOrder, sub_a).seller.user
        returns.seller_answer(rid, seller_id=a.id, user_id=seller_user.id, accept=True)
        returns.mark_shipped_back(rid, user_id=buyer.id, buyer_id=buyer.id, tracking="EE1IN")
        returns.mark_received(rid, user=seller_user, condition="good", gateway=None)
    return {"app": app, "buyer": buyer, "order_id": order.id, "sub_a": sub_a, "sub_b": sub_b, "return_id": rid}


def _money(app, order_id, sub_id=None):
    with app.app_context():
        payment = db.session.scalar(select(Payment).where(Payment.order_id == order_id))
        events = select(func.coalesce(func.sum(PaymentEvent.amount_paise), 0)).where(PaymentEvent.kind == "refund")
        if sub_id is not None:
            events = events.where(PaymentEvent.suborder_id == sub_id)
        return payment.paid_paise, payment.refunded_paise, db.session.scalar(events)


def test_a_return_refund_and_a_cancellation_of_the_other_shipment_at_once(two_shipments):
    s = two_shipments
    app = s["app"]

    def attempt(n):
        gateway = payments.gateway_from_config()
        if n == 0:
            return returns.refund_return(s["return_id"], gateway)
        sub = cancellation.cancel_suborder(s["sub_b"], actor=Actor.BUYER, user_id=s["buyer"].id, reason="changed my mind",
                                           gateway=gateway)
        return sub.status

    results = at_once(app, 2, attempt)
    assert not [r for r in results if isinstance(r, Exception)], results
    paid, refunded, events = _money(app, s["order_id"])
    assert refunded == events == 150000 + 70000 + _b_freight(app, s["sub_b"])
    assert refunded <= paid
    with app.app_context():
        assert db.session.get(ReturnRequest, s["return_id"]).state == "refunded"
        assert db.session.get(SubOrder, s["sub_b"]).status == "refunded"


def _b_freight(app, sub_b):
    with app.app_context():
        sub = db.session.get(SubOrder, sub_b)
        return sub.total_paise - sub.goods_paise


def test_a_return_refund_and_the_cells_refund_of_the_same_shipment_never_pass_its_total(two_shipments):
    s = two_shipments
    app = s["app"]
    with app.app_context():
        total_a = db.session.get(SubOrder, s["sub_a"]).total_paise

    def attempt(n):
        gateway = payments.gateway_from_config()
        if n % 2 == 0:
            return returns.refund_return(s["return_id"], gateway)
        return refunds.refund_suborder(s["sub_a"], gateway, actor=Actor.ADMIN, reason="broken in transit")

    results = at_once(app, 6, attempt)
    amounts = sorted(r for r in results if isinstance(r, int))
    # the desk first: the whole shipment, and the return finds nothing left; the return first:
    # its unit, then the desk the rest. Never a paisa more, whoever wins.
    assert amounts in ([total_a], [150000, total_a - 150000]), results
    assert all(isinstance(r, (int, refunds.NothingToRefund, refunds.RefundTooLarge)) or
               type(r).__name__ in ("ReturnTransitionRefused", "IllegalTransition") for r in results), results
    paid, refunded, events = _money(app, s["order_id"], s["sub_a"])
    assert events == total_a and refunded == total_a <= paid
    with app.app_context():
        assert db.session.get(ReturnRequest, s["return_id"]).refunded_paise == (150000 if len(amounts) == 2 else 0)


def test_the_same_return_refunded_from_many_places_at_once_is_refunded_once(two_shipments):
    s = two_shipments
    app = s["app"]
    results = at_once(app, 8, lambda n: returns.refund_return(s["return_id"], payments.gateway_from_config()))
    assert [r for r in results if isinstance(r, int)] == [150000]
    paid, refunded, events = _money(app, s["order_id"], s["sub_a"])
    assert refunded == events == 150000
