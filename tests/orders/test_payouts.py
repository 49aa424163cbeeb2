"""Payouts (issue #14.2): the hold after delivery and open disputes, batches never larger than
the balance, the NEFT bank file, UTRs (format, once in the marketplace), failed lines back in the
balance; and on PostgreSQL, refunds and payouts racing each other."""
from __future__ import annotations

import datetime as dt
import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.notifications.models import Notification
from marketplace.orders import ledger, payouts, refunds
from marketplace.orders.ledger_models import PayoutLine
from marketplace.orders.models import SubOrder
from marketplace.orders.payments import gateway_from_config
from marketplace.orders.states import Actor
from tests.concurrency import at_once
from tests.fixtures.ledger import after_hold, card_app, check_books, pay_by_card, payee  # noqa: F401


@pytest.fixture
def delivered(app, make_user, payee, make_listing, buy, deliver_suborder):
    """``delivered(seller=None, price_paise=150000, method="cod") -> SubOrder``: bought and delivered now."""

    def factory(seller=None, price_paise=150000, method="cod"):
        seller = seller or payee()
        order = buy(make_user(role=Role.BUYER), [(make_listing(seller=seller, price_paise=price_paise), 1)],
                    payment_method=method)
        if method == "card":
            with app.app_context():
                pay_by_card(order.id)
        deliver_suborder(order.suborders[0].id)
        with app.app_context():
            return db.session.get(SubOrder, order.suborders[0].id)

    return factory


def test_money_is_payable_only_after_the_hold(app, delivered, cell_admin):
    sub = delivered()
    with app.app_context():
        assert payouts.due_sellers(now=utcnow() + dt.timedelta(days=6)) == []
        with pytest.raises(payouts.NothingToPay):
            payouts.make_batch(None, actor_id=cell_admin.id, now=utcnow() + dt.timedelta(days=6))
        due = payouts.due_sellers(now=after_hold())
        assert [(d.seller.id, d.payable_paise) for d in due] == [(sub.seller_id, sub.total_paise)]
        batch = payouts.make_batch(None, actor_id=cell_admin.id, now=after_hold())
        assert [(line.seller_id, line.amount_paise) for line in batch.lines] == [(sub.seller_id, sub.total_paise)]
        check_books()


def test_an_open_dispute_holds_the_money(app, delivered, cell_admin, monkeypatch):
    sub = delivered()
    monkeypatch.setattr(payouts, "PAYOUT_HOLDS", [lambda ids: {sub.id} & ids])
    with app.app_context():
        assert payouts.due_sellers(now=after_hold()) == []
        with pytest.raises(payouts.NothingToPay):
            payouts.make_batch([sub.seller_id], actor_id=cell_admin.id, now=after_hold())
    monkeypatch.setattr(payouts, "PAYOUT_HOLDS", [lambda ids: set()])
    with app.app_context():
        assert payouts.make_batch([sub.seller_id], actor_id=cell_admin.id, now=after_hold()).total_paise == sub.total_paise


def test_a_payout_larger_than_the_balance_is_refused_and_nothing_is_made(app, delivered, cell_admin):
    sub = delivered()
    with app.app_context():
        with pytest.raises(payouts.PayoutTooLarge):
            payouts.make_batch([sub.seller_id], actor_id=cell_admin.id, amounts={sub.seller_id: sub.total_paise + 1},
                               now=after_hold())
        assert db.session.scalar(select(PayoutLine.id)) is None
        assert ledger.seller_balance(sub.seller_id).total_paise == sub.total_paise
        part = payouts.make_batch([sub.seller_id], actor_id=cell_admin.id, amounts={sub.seller_id: 100},
                                  now=after_hold())
        assert part.total_paise == 100
        assert ledger.seller_balance(sub.seller_id).payable_paise == sub.total_paise - 100
        check_books()


def test_a_seller_without_a_full_account_number_is_left_out(app, make_seller, make_user, make_listing, buy,
                                                            deliver_suborder, cell_admin):
    seller = make_seller()  # last four digits only, as before issue #14
    order = buy(make_user(role=Role.BUYER), [(make_listing(seller=seller), 1)])
    deliver_suborder(order.suborders[0].id)
    with app.app_context():
        [due] = payouts.due_sellers(now=after_hold())
        assert "account number" in str(due.problem)
        with pytest.raises(payouts.NothingToPay):
            payouts.make_batch(None, actor_id=cell_admin.id, now=after_hold())


def test_bank_file_is_the_neft_layout_with_the_full_account_number(app, delivered, payee, cell_admin):
    sub = delivered(seller=payee(account="000123456789", bank_account_name="Ramesh Kumar"), price_paise=123456)
    with app.app_context():
        batch = payouts.make_batch(None, actor_id=cell_admin.id, now=after_hold())
        line = batch.lines[0]
        assert payouts.NEFT_HEADER == ("Beneficiary Name", "Beneficiary Account Number", "IFSC", "Amount",
                                       "Payment Reference")
        assert payouts.export_rows(batch) == [("Ramesh Kumar", "000123456789", "SBIN0001234",
                                               payouts.rupees(sub.total_paise), line.reference)]
        assert payouts.rupees(123456) == "1234.56" and payouts.rupees(5) == "0.05"
        assert "000123456789" not in line.account_encrypted


def test_utr_is_checked_and_used_once_in_the_whole_marketplace(app, delivered, payee, cell_admin):
    delivered(seller=payee())
    delivered(seller=payee(account="555566667777"))
    with app.app_context():
        first, second = payouts.make_batch(None, actor_id=cell_admin.id, now=after_hold()).lines
        for bad in ("", "SHORT1", "UTR-WITH-DASHES-0001", "A" * 23, "SBIN\x0052026120400001", "😀" * 16,
                    "<script>alert(1)</script>"):
            with pytest.raises(payouts.BadUtr):
                payouts.mark_paid(first.id, bad, actor_id=cell_admin.id)
        payouts.mark_paid(first.id, " sbinn52026120400001 ", actor_id=cell_admin.id)
        assert db.session.get(PayoutLine, first.id).utr == "SBINN52026120400001"
        with pytest.raises(payouts.UtrUsed):
            payouts.mark_paid(second.id, "SBINN52026120400001", actor_id=cell_admin.id)
        with pytest.raises(payouts.LineDecided):
            payouts.mark_paid(first.id, "SBINN52026120400002", actor_id=cell_admin.id)
        assert db.session.get(PayoutLine, second.id).status == "pending"
        told = db.session.scalar(select(Notification).where(Notification.user_id == first.seller.user_id)
                                 .order_by(Notification.id.desc()))
        assert told.subject == "Payout sent to your bank account" and "SBINN52026120400001" in told.body
        check_books()


def test_a_failed_line_goes_back_to_the_balance_and_into_the_next_batch(app, delivered, cell_admin):
    sub = delivered()
    with app.app_context():
        line = payouts.make_batch(None, actor_id=cell_admin.id, now=after_hold()).lines[0]
        assert ledger.seller_balance(sub.seller_id).total_paise == 0
        with pytest.raises(payouts.ReasonNeeded):
            payouts.mark_failed(line.id, " \x00 ", actor_id=cell_admin.id)
        payouts.mark_failed(line.id, "Account closed (R03)", actor_id=cell_admin.id)
        assert ledger.seller_balance(sub.seller_id) == ledger.SellerBalance(0, sub.total_paise)
        again = payouts.make_batch(None, actor_id=cell_admin.id, now=after_hold())
        assert again.total_paise == sub.total_paise
        with pytest.raises(payouts.LineDecided):
            payouts.mark_paid(line.id, "SBINN52026120400009", actor_id=cell_admin.id)
        check_books()


def test_refund_after_payout_leaves_a_debt_the_next_sale_pays(card_app, delivered, payee, cell_admin):
    seller = payee()
    sub = delivered(seller=seller, method="card")
    with card_app.app_context():
        payouts.make_batch(None, actor_id=cell_admin.id, now=after_hold())
        refunds.refund_suborder(sub.id, gateway_from_config(), actor=Actor.ADMIN, amount_paise=1000)
        assert ledger.seller_balance(seller.id) == ledger.SellerBalance(0, -1000)
        with pytest.raises(payouts.NothingToPay):
            payouts.make_batch([seller.id], actor_id=cell_admin.id, now=after_hold())
        check_books()


# --------------------------------------------------------------------------- PostgreSQL races

@pytest.mark.postgres
def test_two_batches_at_once_pay_a_seller_once(app, delivered, cell_admin):
    sub = delivered()

    def attempt(n):
        return payouts.make_batch([sub.seller_id], actor_id=cell_admin.id, now=after_hold()).total_paise

    results = at_once(app, 2, attempt)
    assert sorted(str(r) if isinstance(r, int) else type(r).__name__ for r in results) == sorted(
        [str(sub.total_paise), "NothingToPay"])
    with app.app_context():
        assert ledger.seller_balance(sub.seller_id).total_paise == 0
        check_books()


@pytest.mark.postgres
def test_refunds_and_payouts_at_once_keep_the_books(card_app, delivered, payee, cell_admin):
    seller = payee()
    subs = [delivered(seller=seller, method="card", price_paise=p) for p in (150000, 90000, 60000)]
    total = sum(s.total_paise for s in subs)
    with card_app.app_context():
        # released before the race: the refunds hit the payable balance the batches read
        payouts.make_batch([seller.id], actor_id=cell_admin.id, amounts={seller.id: 1}, now=after_hold())
    def attempt(n):
        if n < 3:
            return ("refund", refunds.refund_suborder(subs[n].id, gateway_from_config(), actor=Actor.ADMIN,
                                                      amount_paise=5000 + n))
        return ("batch", payouts.make_batch([seller.id], actor_id=cell_admin.id, now=after_hold()).total_paise)

    results = at_once(card_app, 5, attempt)
    errors = [r for r in results if isinstance(r, Exception) and not isinstance(r, payouts.NothingToPay)]
    assert errors == []
    refunded = sum(r[1] for r in results if isinstance(r, tuple) and r[0] == "refund")
    batched = sum(r[1] for r in results if isinstance(r, tuple) and r[0] == "batch")
    assert refunded == 5000 + 5001 + 5002
    with card_app.app_context():
        balance = ledger.seller_balance(seller.id)
        # every paisa is somewhere: paid out, refunded, or still owed (below zero: refunded after payout)
        assert balance.total_paise == total - 1 - batched - refunded
        lines = list(db.session.scalars(select(PayoutLine).where(PayoutLine.seller_id == seller.id)))
        assert all(line.amount_paise > 0 for line in lines)
        assert sum(line.amount_paise for line in lines) == 1 + batched
        check_books()


def test_an_open_complaint_holds_the_money_until_it_is_withdrawn(app, delivered, cell_admin):
    """The real holds (not a stand-in): a complaint about the shipment keeps its money back."""
    from marketplace.orders import grievances
    sub = delivered()
    with app.app_context():
        order = db.session.get(SubOrder, sub.id).order
        ticket = grievances.open_ticket(order.buyer_id, order.id, category="damaged", subject="Broken on arrival",
                                        text="The pot arrived in three pieces.", suborder_id=sub.id)
        assert payouts.releasable({sub.id}, now=after_hold()) == set()
        assert payouts.due_sellers(now=after_hold()) == []
        grievances.withdraw(ticket.id, order.buyer_id, note="the seller sent another")
        assert payouts.releasable({sub.id}, now=after_hold()) == {sub.id}


def test_an_open_return_holds_the_money(app, delivered):
    from marketplace.orders import returns
    from marketplace.orders.return_models import ReturnRequest
    sub = delivered()
    with app.app_context():
        s = db.session.get(SubOrder, sub.id)
        line = s.lines[0]
        db.session.add(ReturnRequest(suborder_id=s.id, order_line_id=line.id, buyer_id=s.order.buyer_id, quantity=1,
                                     reason="damaged", details="", state="requested", amount_paise=line.unit_price_paise,
                                     refunded_paise=0, requested_at=utcnow(), answer_due_at=utcnow()))
        db.session.commit()
        assert returns.held_by_open_returns({s.id}) == {s.id}
        assert payouts.releasable({s.id}, now=after_hold()) == set()
