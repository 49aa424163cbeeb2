"""Races between status changes of one order, on PostgreSQL: a buyer's cancel against the
expiry job, and against the payment webhook. Stock and subsidy come back exactly once, and a
cancelled part never turns into a paid one."""
import datetime as dt
import threading
import time

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.catalog.models import Listing
from marketplace.extensions import db
from marketplace.orders import cancellation, fulfilment, payments
from marketplace.orders.models import OrderStatusChange, Payment, SubOrder, SubsidyLedger
from marketplace.orders.states import Actor
from tests.orders.test_partial_payments import FakeGateway

pytestmark = pytest.mark.postgres


def _cancel_held_open(app, monkeypatch, sub_id, buyer_id, other, errors):
    """The buyer cancels; while its transaction is still open (stock back, not yet committed),
    ``other`` runs in a second thread; then the cancel commits. Both threads are joined."""
    paused, go = threading.Event(), threading.Event()
    real_notify = fulfilment._notify

    def slow_notify(sub, target, actor):
        if actor == Actor.BUYER:
            paused.set()
            go.wait(10)
        return real_notify(sub, target, actor)

    monkeypatch.setattr(fulfilment, "_notify", slow_notify)

    def run(fn):
        with app.app_context():
            try:
                fn()
            except Exception as exc:  # reported by the test
                errors.append(exc)
            finally:
                db.session.remove()

    cancel = threading.Thread(target=run, args=(lambda: cancellation.cancel_suborder(
        sub_id, actor=Actor.BUYER, user_id=buyer_id, reason="changed mind"),))
    cancel.start()
    assert paused.wait(10)
    second = threading.Thread(target=run, args=(other,))
    second.start()
    time.sleep(1.0)  # the second one is now waiting for the buyer's locks
    go.set()
    cancel.join(20)
    second.join(20)


def _moves(sub_id):
    return [(h.from_status, h.to_status) for h in db.session.scalars(
        select(OrderStatusChange).where(OrderStatusChange.suborder_id == sub_id).order_by(OrderStatusChange.id))]


def test_cancel_racing_the_expiry_job_gives_stock_and_subsidy_back_once(app, make_user, make_listing, buy,
                                                                       subsidy_policy, monkeypatch):
    listing = make_listing(stock=10)
    buyer = make_user(role=Role.BUYER)
    order = buy(buyer, [(listing, 3)], payment_method="card")
    sub_id = order.suborders[0].id
    with app.app_context():
        sub = db.session.get(SubOrder, sub_id)
        assert sub.subsidy_paise > 0 and db.session.get(Listing, listing.id).stock == 7
    errors = []
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)
    _cancel_held_open(app, monkeypatch, sub_id, buyer.id,
                      lambda: cancellation.expire_unpaid(now=later), errors)
    assert errors == []
    with app.app_context():
        assert db.session.get(Listing, listing.id).stock == 10
        ledger = db.session.scalar(select(SubsidyLedger).where(SubsidyLedger.seller_id == listing.seller_id))
        assert (ledger.amount_paise, ledger.claims) == (0, 0)
        assert _moves(sub_id) == [(None, "pending_payment"), ("pending_payment", "cancelled")]


def test_payment_webhook_racing_a_cancel_never_makes_the_cancelled_part_paid(app, make_user, make_listing, buy,
                                                                            subsidy_policy, monkeypatch):
    listing = make_listing(stock=10)
    buyer = make_user(role=Role.BUYER)
    order = buy(buyer, [(listing, 2)], payment_method="card")
    sub_id = order.suborders[0].id
    gateway = FakeGateway()
    monkeypatch.setattr(payments, "gateway_from_config", lambda config=None: gateway)
    with app.app_context():
        from marketplace.orders.models import Order

        payment = payments.start_card_payment(db.session.get(Order, order.id), gateway)
        intent_id, amount = payment.provider_intent_id, payment.amount_paise
    errors = []
    _cancel_held_open(app, monkeypatch, sub_id, buyer.id,
                      lambda: payments.payment_succeeded(intent_id, amount, event_id="evt_race"), errors)
    assert errors == []
    with app.app_context():
        sub = db.session.get(SubOrder, sub_id)
        # the buyer's card was charged after the cancel: the money goes straight back
        assert sub.status == "refunded"
        assert _moves(sub_id) == [(None, "pending_payment"), ("pending_payment", "cancelled"),
                                  ("cancelled", "refunded")]
        assert gateway.refunds == [(intent_id, amount)]
        paid = db.session.scalar(select(Payment).where(Payment.provider_intent_id == intent_id))
        assert paid.refunded_paise == paid.paid_paise == amount
        assert db.session.get(Listing, listing.id).stock == 10
        assert db.session.scalar(select(func.count()).select_from(SubsidyLedger).where(
            SubsidyLedger.amount_paise != 0)) == 0
