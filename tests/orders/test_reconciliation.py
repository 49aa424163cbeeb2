"""The ODOP cell's money reports (issue #14.6): payouts by district and month, and the list of
differences between the money received and the orders."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.orders import cod, payouts, reconciliation, refunds, upi
from marketplace.orders.models import Order, Payment, SubOrder
from tests.fixtures.ledger import after_hold, payee  # noqa: F401
from tests.orders.test_payouts import delivered  # noqa: F401  (a fixture)


@pytest.fixture
def upi_paid(app, make_user, make_listing, buy, cell_admin):
    """``upi_paid(seller=None) -> Order`` bought by UPI and found in the bank statement."""
    app.config["UPI_VPA"] = "odopbazaar@sbi"

    def factory(seller=None, utr="712356789012"):
        listing = make_listing(seller=seller) if seller else make_listing()
        order = buy(make_user(role=Role.BUYER), [(listing, 1)], payment_method="upi")
        with app.test_request_context():
            upi.confirm_received(order.id, utr_text=utr, amount_paise=order.total_paise, credited_on=dt.date(2026, 12, 4),
                                 actor_id=cell_admin.id)
            return db.session.get(Order, order.id)
    return factory


def kinds(now=None):
    return sorted((d.kind, d.amount_paise) for d in reconciliation.differences(now=now))


def test_books_that_agree_show_no_difference(app, upi_paid, delivered, cell_admin):
    upi_paid()
    sub = delivered()
    with app.test_request_context():
        cod.import_remittance(f"awb,amount,remitted_on,reference\n{sub.tracking_number},{sub.total_paise / 100:.2f},"
                              "2026-12-04,CRF1\n".encode(), actor_id=cell_admin.id)
        assert kinds(now=utcnow() + dt.timedelta(days=30)) == []


def test_each_kind_of_difference_is_found_with_its_amount(app, upi_paid, delivered, make_user, cell_admin):
    order = upi_paid()
    sub = delivered()  # cash on delivery, never remitted
    with app.test_request_context():
        # money in the account that paid no order
        upi.import_statement(b"date,amount,utr,remark\n2026-12-04,250.00,998877665544,gift\n", actor_id=cell_admin.id)
        # a UPI-paid shipment cancelled: its money is owed back
        paid_sub = db.session.get(Order, order.id).suborders[0]
        from marketplace.orders import cancellation
        cancellation.cancel_suborder(paid_sub.id, actor="buyer", user_id=order.buyer_id, reason="twice")
        assert kinds() == [("refund_due", paid_sub.total_paise), ("unmatched_credit", 25000)]
        # eleven days on, the courier still holds the cash
        assert ("cod_not_remitted", sub.total_paise) in kinds(now=utcnow() + dt.timedelta(days=11))
        # a refund recorded outside the books: the ledger's UPI cash no longer matches the payments
        payment = db.session.scalar(select(Payment).where(Payment.order_id == order.id))
        payment.refunded_paise += 100
        db.session.commit()
        assert ("cash_mismatch", -100) in kinds()
        payment.refunded_paise -= 100
        db.session.commit()
        refunds.refund_by_transfer(paid_sub.id, reference="SBIN2026120400099", actor_id=cell_admin.id)
        assert kinds() == [("unmatched_credit", 25000)]


def test_a_shipment_marked_paid_without_money_is_found(app, make_user, make_listing, buy, cell_admin):
    app.config["UPI_VPA"] = "odopbazaar@sbi"
    order = buy(make_user(role=Role.BUYER), [(make_listing(), 1)], payment_method="upi")
    with app.test_request_context():
        from marketplace.orders.fulfilment import try_change
        sub = db.session.get(SubOrder, order.suborders[0].id)
        try_change(sub, "paid", actor="admin", actor_id=cell_admin.id, note="by mistake")
        db.session.commit()
        assert kinds() == [("paid_without_money", sub.total_paise)]


def test_payout_report_by_district(app, delivered, payee, cell_admin):
    first, second = delivered(seller=payee()), delivered(seller=payee(account="223456789012"))
    later = after_hold()
    with app.test_request_context():
        district = db.session.get(SubOrder, first.id).seller.district_id
        batch = payouts.make_batch(None, actor_id=cell_admin.id, now=later)
        lines = sorted(batch.lines, key=lambda line: line.seller_id)
        payouts.mark_paid(lines[0].id, "SBINN52026120400001", actor_id=cell_admin.id, now=later)
        payouts.mark_failed(lines[1].id, "Account closed", actor_id=cell_admin.id, now=later)
        row = reconciliation.payout_report({district}, later - dt.timedelta(days=1), later + dt.timedelta(days=1))[district]
        assert row.paid_paise == lines[0].amount_paise and row.failed_paise == lines[1].amount_paise
        assert row.payable_paise == lines[1].amount_paise and row.held_paise == 0  # the failed line came back
        before = reconciliation.payout_report({district}, utcnow() - dt.timedelta(days=2), utcnow() - dt.timedelta(days=1))
        assert before[district] == reconciliation.PayoutRow(district, 0, 0, 0, 0)
        now_row = reconciliation.payout_report({district}, utcnow() - dt.timedelta(days=1), utcnow() + dt.timedelta(hours=1))
        assert now_row[district].held_paise == first.total_paise + second.total_paise


def test_money_pages_and_exports(app, upi_paid, cell_admin, staff_client, login_as):
    upi_paid()
    client = staff_client(cell_admin)
    page = client.get("/admin/money")
    assert page.status_code == 200 and 'data-testid="no-differences"' in page.get_data(as_text=True)
    assert client.get("/admin/money?month=2026-13").status_code == 400
    assert client.get("/admin/money?month=<script>").status_code == 400
    csv_text = client.get("/admin/money/districts.csv?month=2026-12").get_data().decode("utf-8-sig")
    assert csv_text.startswith("District,") and "Varanasi" in csv_text
    assert client.get("/admin/money/differences.csv").status_code == 200
    for role in ("buyer", "seller", "organiser"):
        other, _ = login_as(role)
        assert other.get("/admin/money").status_code in (403, 404)
