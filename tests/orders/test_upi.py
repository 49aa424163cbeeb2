"""UPI at checkout (issue #14.4): the link and QR, the buyer's UTR, the officer's confirmation,
the bank-statement import (all or nothing), and expiry of orders whose money never came."""
from __future__ import annotations

import datetime as dt
import io
import re
import urllib.parse

import pytest
from sqlalchemy import func, select

from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.india import ist_date
from marketplace.orders import cancellation, upi
from marketplace.orders.errors import OrderNotPayable
from marketplace.orders.models import BankCredit, Order, Payment, PaymentEvent, SubOrder

VPA = "odopbazaar@sbi"
# a statement's credits are dated today in India: a credit older than its order never pays it
ISO = ist_date(utcnow()).isoformat()
DMY = ist_date(utcnow()).strftime("%d/%m/%Y")


@pytest.fixture
def upi_on(app):
    app.config["UPI_VPA"] = VPA
    app.config["UPI_PAYEE_NAME"] = "ODOP Bazaar"
    return app


@pytest.fixture
def upi_order(upi_on, make_user, make_listing, buy):
    """``upi_order(buyer=None, quantity=1, now=None) -> Order`` placed for UPI."""
    def factory(buyer=None, quantity=1, now=None, listings=None):
        buyer = buyer or make_user()
        items = [(lst, quantity) for lst in (listings or [make_listing(price_paise=125050, stock=5)])]
        return buy(buyer, items, payment_method="upi", now=now)
    return factory


def _fresh(app, order_id):
    with app.app_context():
        order = db.session.get(Order, order_id)
        return order, [s.status for s in order.suborders], [(p.method, p.status, p.paid_paise, p.upi_utr)
                                                            for p in order.payments]


def _stock(app, listing_id):
    from marketplace.catalog.models import Listing
    with app.app_context():
        return db.session.get(Listing, listing_id).stock


def _csv(*rows, header="date,amount,utr,remark"):
    return ("\n".join([header, *rows]) + "\n").encode()


# -- checkout and the payment page ---------------------------------------------------------------

def test_upi_order_waits_for_payment_with_one_pending_upi_payment(app, upi_order):
    order = upi_order()
    order, statuses, pays = _fresh(app, order.id)
    assert statuses == ["pending_payment"]
    assert pays == [("upi", "pending", 0, None)]
    assert order.expires_at is not None


def test_no_upi_without_a_collecting_vpa(app, make_user, make_listing, buy):
    from marketplace.orders.errors import OrdersError
    with pytest.raises(OrdersError) as caught:
        buy(make_user(), [(make_listing(), 1)], payment_method="upi")
    assert caught.value.code == "upi_not_configured"


def test_payment_link_names_vpa_exact_amount_and_order(app, upi_order):
    order = upi_order(quantity=2)
    with app.test_request_context():
        order = db.session.get(Order, order.id)
        link = upi.payment_link(order)
    assert link.startswith("upi://pay?")
    query = dict(urllib.parse.parse_qsl(link.split("?", 1)[1]))
    assert query["pa"] == VPA and query["cu"] == "INR" and query["tr"] == order.number
    assert query["am"] == f"{order.total_paise // 100}.{order.total_paise % 100:02d}"
    assert order.number in query["tn"]


def test_pay_page_shows_link_qr_and_utr_form(app, upi_on, login_as, make_listing, buy):
    client, buyer = login_as("buyer")
    order = buy(buyer, [(make_listing(price_paise=99900), 1)], payment_method="upi")
    page = client.get(f"/orders/{order.id}/pay")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'href="upi://pay?pa=odopbazaar%40sbi&amp;' in html
    assert "<svg" in html and 'data-testid="upi-qr"' in html
    assert 'name="utr"' in html
    assert client.get(f"/orders/{order.id}").status_code == 200


def test_checkout_offers_upi_only_when_configured(app, login_as, make_listing, make_address):
    client, buyer = login_as("buyer")
    make_address(buyer)
    client.post("/cart/add", data={"listing_id": make_listing().id, "quantity": 1})
    assert 'value="upi"' not in client.get("/checkout").get_data(as_text=True)
    app.config["UPI_VPA"] = VPA
    assert 'value="upi"' in client.get("/checkout").get_data(as_text=True)


# -- the buyer's UTR -----------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["4123 5678 9012", "412356789012", "4123-5678-9012", "४१२३५६७८९०१२", "٤١٢٣٥٦٧٨٩٠١٢"])
def test_utr_is_twelve_digits_as_apps_print_it(typed):
    assert upi.clean_utr(typed) == "412356789012"


@pytest.mark.parametrize("bad", ["", "12345", "41235678901A", "4123567890123", "4123\x005678\x009012",
                                 "<script>1</script>", "🙂" * 12, "9" * 5000, None])
def test_bad_utr_is_refused(bad):
    with pytest.raises(upi.InvalidUtr):
        upi.clean_utr(bad)


def test_utr_extends_the_wait_and_is_shown(app, upi_on, login_as, make_listing, buy):
    client, buyer = login_as("buyer")
    order = buy(buyer, [(make_listing(), 1)], payment_method="upi")
    response = client.post(f"/orders/{order.id}/upi-reference", data={"utr": "4123 5678 9012"})
    assert response.status_code == 302
    fresh, statuses, pays = _fresh(app, order.id)
    assert pays[0][3] == "412356789012" and statuses == ["pending_payment"]
    assert fresh.expires_at >= utcnow() + dt.timedelta(hours=47)
    assert "412356789012" in client.get(f"/orders/{order.id}").get_data(as_text=True)


@pytest.mark.parametrize("bad", ["12", "<b>x</b>", "\x00" * 12, "1234567890,12", "x" * 10_000])
def test_bad_utr_on_the_form_is_a_translated_error_and_changes_nothing(app, upi_on, login_as, make_listing, buy, bad):
    client, buyer = login_as("buyer", locale="hi")
    order = buy(buyer, [(make_listing(), 1)], payment_method="upi")
    response = client.post(f"/orders/{order.id}/upi-reference", data={"utr": bad})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<b>x</b>" not in html
    if "\x00" not in bad:  # NUL is refused before any view runs, with its own translated page
        assert "UTR" in html
    assert re.search("[\u0900-\u097F]", html)
    assert _fresh(app, order.id)[2][0][3] is None


def test_a_utr_used_twice_is_refused(app, upi_on, login_as, make_listing, buy):
    client, buyer = login_as("buyer")
    first = buy(buyer, [(make_listing(), 1)], payment_method="upi")
    second = buy(buyer, [(make_listing(), 1)], payment_method="upi")
    assert client.post(f"/orders/{first.id}/upi-reference", data={"utr": "412356789012"}).status_code == 302
    again = client.post(f"/orders/{second.id}/upi-reference", data={"utr": "412356789012"})
    assert again.status_code == 400
    assert "already been used" in again.get_data(as_text=True)
    assert _fresh(app, second.id)[2][0][3] is None


def test_someone_elses_order_is_not_found(app, upi_on, login_as, upi_order):
    order = upi_order()
    client, _ = login_as("buyer")
    assert client.post(f"/orders/{order.id}/upi-reference", data={"utr": "412356789012"}).status_code == 404
    assert client.get(f"/orders/{order.id}/pay").status_code == 404


def test_buyer_cannot_cancel_while_their_utr_is_checked(app, upi_order, make_user):
    buyer = make_user()
    order = upi_order(buyer=buyer)
    with app.test_request_context():
        upi.submit_utr(order.id, buyer.id, "412356789012")
        with pytest.raises(upi.UpiPaymentBeingChecked):
            cancellation.cancel_suborder(order.suborders[0].id, actor="buyer", user_id=buyer.id, reason="changed mind")
    assert _fresh(app, order.id)[1] == ["pending_payment"]


def test_cancelling_one_shipment_before_paying_lowers_the_amount(app, upi_on, make_user, make_seller, make_listing, buy):
    buyer = make_user()
    a = make_listing(seller=make_seller(), price_paise=100000)
    b = make_listing(seller=make_seller(), price_paise=50000)
    order = buy(buyer, [(a, 1), (b, 1)], payment_method="upi")
    with app.test_request_context():
        order = db.session.get(Order, order.id)
        first, second = order.suborders
        cancellation.cancel_suborder(first.id, actor="buyer", user_id=buyer.id, reason="only one")
        order = db.session.get(Order, order.id, populate_existing=True)
        payment = upi.pending_upi_payment(order)
        assert payment.amount_paise == upi.amount_due(order) == db.session.get(SubOrder, second.id).total_paise
        assert f"am={second.total_paise // 100}." in upi.payment_link(order)


# -- the officer and the bank statement ----------------------------------------------------------

def test_officer_confirms_a_payment_and_the_order_is_paid(app, upi_order, cell_admin, staff_client):
    order = upi_order()
    client = staff_client(cell_admin)
    page = client.get("/admin/upi")
    assert page.status_code == 200 and order.number in page.get_data(as_text=True)
    amount = f"{order.total_paise / 100:.2f}"
    response = client.post(f"/admin/upi/orders/{order.id}/confirm",
                           data={"utr": "512356789012", "amount": amount, "credited_on": "2026-12-04"})
    assert response.status_code == 302
    _, statuses, pays = _fresh(app, order.id)
    assert statuses == ["paid"] and pays == [("upi", "succeeded", order.total_paise, "512356789012")]
    with app.app_context():
        assert db.session.scalar(select(BankCredit.status).where(BankCredit.utr == "512356789012")) == "matched"
        from marketplace.admin.models import AuditEntry
        assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "upi.confirm")) == 1


def test_officer_cannot_confirm_a_wrong_amount_or_a_used_utr(app, upi_order, cell_admin, staff_client):
    one, two = upi_order(), upi_order()
    client = staff_client(cell_admin)
    wrong = client.post(f"/admin/upi/orders/{one.id}/confirm",
                        data={"utr": "512356789012", "amount": "1.00", "credited_on": "2026-12-04"})
    assert wrong.status_code == 400 and "not what the order owes" in wrong.get_data(as_text=True)
    ok = client.post(f"/admin/upi/orders/{one.id}/confirm",
                     data={"utr": "512356789012", "amount": f"{one.total_paise / 100:.2f}", "credited_on": "2026-12-04"})
    assert ok.status_code == 302
    reused = client.post(f"/admin/upi/orders/{two.id}/confirm",
                         data={"utr": "512356789012", "amount": f"{two.total_paise / 100:.2f}", "credited_on": "2026-12-04"})
    assert reused.status_code == 400 and "already been used" in reused.get_data(as_text=True)
    assert _fresh(app, two.id)[1] == ["pending_payment"]


@pytest.mark.parametrize("role", ["buyer", "seller", "organiser"])
def test_upi_desk_is_for_the_odop_cell_only(app, upi_on, login_as, role):
    client, _ = login_as(role)
    assert client.get("/admin/upi").status_code in (403, 404)
    assert client.post("/admin/upi/statement").status_code in (400, 403, 404)


def test_statement_pays_orders_by_utr_and_by_remark(app, upi_order, make_user, cell_admin):
    buyer = make_user()
    by_utr, by_remark, short = upi_order(buyer=buyer), upi_order(buyer=buyer), upi_order(buyer=buyer)
    with app.test_request_context():
        upi.submit_utr(by_utr.id, buyer.id, "612356789012")
        data = _csv(f"{ISO},\"{by_utr.total_paise / 100:,.2f}\",612356789012,UPI/P2M/PAYMENT",
                    f"{DMY},{by_remark.total_paise / 100:.2f},712356789012,UPI/ODOP Bazaar {by_remark.number}",
                    f"{DMY},{short.total_paise / 100 - 1:.2f},812356789012,ODOP Bazaar {short.number}",
                    "04-12-2026,500.00,NEFT0000123456,transfer from a trader")
        result = upi.import_statement(data, actor_id=cell_admin.id)
    assert sorted(n for _, n in result.matched) == sorted([by_utr.number, by_remark.number])
    assert sorted(why for _, why in result.unmatched) == ["amount_differs", "no_order"]
    assert _fresh(app, by_utr.id)[1] == ["paid"] and _fresh(app, by_remark.id)[1] == ["paid"]
    assert _fresh(app, short.id)[1] == ["pending_payment"]
    with app.test_request_context():  # importing the same statement again adds nothing
        again = upi.import_statement(data, actor_id=cell_admin.id)
        assert len(again.repeated) == 4 and not again.matched
        assert db.session.scalar(select(func.count(BankCredit.id))) == 4
        assert db.session.scalar(select(func.count(PaymentEvent.id)).where(PaymentEvent.kind == "upi.credit")) == 2


def test_a_statement_with_junk_lines_imports_nothing_and_names_each_line(app, upi_order, cell_admin, staff_client):
    order = upi_order()
    good = f"{ISO},{order.total_paise / 100:.2f},912356789012,{order.number}"
    data = _csv(good, "yesterday,12.00,912356789013,x", "2026-12-04,1.005,912356789014,x",
                "2026-12-04,10.00,<script>,x", "2026-12-04,10.00,912356789012,same utr", "2026-12-04,10.00,912356789015,\x07bell")
    client = staff_client(cell_admin)
    response = client.post("/admin/upi/statement", data={"statement": (io.BytesIO(data), "statement.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    for line in (3, 4, 5, 6, 7):
        assert f"Line {line}:" in html
    assert "Line 2:" not in html and "<script>," not in html
    assert _fresh(app, order.id)[1] == ["pending_payment"]
    with app.app_context():
        assert db.session.scalar(select(func.count(BankCredit.id))) == 0


@pytest.mark.parametrize("data", [b"", b"\xff\xfe\x00junk", b"date,amount\n2026-12-04,1.00\n", b"a\x00b,c\n",
                                  b"date,amount,utr,remark\n", "date,amount,utr,remark\n\"unclosed,1,2,3\n".encode()])
def test_unreadable_statements_are_refused(app, upi_on, cell_admin, staff_client, data):
    client = staff_client(cell_admin)
    response = client.post("/admin/upi/statement", data={"statement": (io.BytesIO(data), "s.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "nothing has changed" in response.get_data(as_text=True)


def test_an_unmatched_credit_is_matched_by_hand(app, upi_order, cell_admin, staff_client):
    order = upi_order()
    with app.test_request_context():
        result = upi.import_statement(_csv(f"{ISO},{order.total_paise / 100:.2f},112356789012,from a friend"),
                                      actor_id=cell_admin.id)
        assert [why for _, why in result.unmatched] == ["no_order"]
        credit_id = db.session.scalar(select(BankCredit.id))
    client = staff_client(cell_admin)
    assert client.post(f"/admin/upi/credits/{credit_id}/match", data={"order_number": "OB9999999"}).status_code == 400
    assert client.post(f"/admin/upi/credits/{credit_id}/match", data={"order_number": "<i>"}).status_code == 400
    assert client.post(f"/admin/upi/credits/{credit_id}/match", data={"order_number": order.number}).status_code == 302
    assert _fresh(app, order.id)[1] == ["paid"]
    # a matched credit cannot pay a second order
    other = upi_order()
    client.post(f"/admin/upi/credits/{credit_id}/match", data={"order_number": other.number})
    assert _fresh(app, other.id)[1] == ["pending_payment"]


def test_a_credit_imported_before_the_buyer_types_the_utr_pays_at_once(app, upi_order, make_user, cell_admin):
    buyer = make_user()
    order = upi_order(buyer=buyer)
    with app.test_request_context():
        upi.import_statement(_csv(f"{ISO},{order.total_paise / 100:.2f},212356789012,UPI"), actor_id=cell_admin.id)
        payment = upi.submit_utr(order.id, buyer.id, "212356789012")
        assert payment.status == "succeeded"
    assert _fresh(app, order.id)[1] == ["paid"]


# -- expiry --------------------------------------------------------------------------------------

def test_unpaid_upi_order_expires_and_releases_stock(app, upi_order, make_listing):
    listing = make_listing(stock=5)
    order = upi_order(listings=[listing], quantity=2)
    assert _stock(app, listing.id) == 3
    with app.test_request_context():
        assert cancellation.expire_unpaid(now=utcnow() + dt.timedelta(minutes=29)) == 0
        assert cancellation.expire_unpaid(now=utcnow() + dt.timedelta(minutes=31)) == 1
    _, statuses, pays = _fresh(app, order.id)
    assert statuses == ["cancelled"] and pays[0][1] == "cancelled"
    assert _stock(app, listing.id) == 5


def test_an_order_with_a_utr_waits_two_days_for_its_money(app, upi_order, make_user):
    buyer = make_user()
    order = upi_order(buyer=buyer)
    with app.test_request_context():
        upi.submit_utr(order.id, buyer.id, "312356789012")
        assert cancellation.expire_unpaid(now=utcnow() + dt.timedelta(hours=47)) == 0
        assert cancellation.expire_unpaid(now=utcnow() + dt.timedelta(hours=49)) == 1
    assert _fresh(app, order.id)[1] == ["cancelled"]


def test_a_credit_for_an_expired_order_stays_for_the_officer(app, upi_order, cell_admin):
    order = upi_order()
    with app.test_request_context():
        cancellation.expire_unpaid(now=utcnow() + dt.timedelta(hours=1))
        result = upi.import_statement(_csv(f"{ISO},{order.total_paise / 100:.2f},412356789099,{order.number}"),
                                      actor_id=cell_admin.id)
    assert [why for _, why in result.unmatched] == ["no_order"]
    assert _fresh(app, order.id)[1] == ["cancelled"]


def test_order_json_names_the_payment_method(app, upi_on, login_as, make_listing, buy):
    client, buyer = login_as("buyer")
    order = buy(buyer, [(make_listing(), 1)], payment_method="upi")
    body = client.get(f"/api/v1/orders/{order.id}").get_json()
    assert body["payment_method"] == "upi"


# -- the ledger and refunds of UPI money ---------------------------------------------------------

def test_a_upi_payment_credits_the_seller_in_the_ledger(app, upi_order, cell_admin):
    from marketplace.orders import ledger
    order = upi_order()
    with app.test_request_context():
        upi.import_statement(_csv(f"{ISO},{order.total_paise / 100:.2f},512356789099,{order.number}"),
                             actor_id=cell_admin.id)
        sub = db.session.get(Order, order.id).suborders[0]
        assert ledger.account_balance(ledger.CASH_UPI) == order.total_paise
        assert ledger.seller_balance(sub.seller_id).held_paise == sub.goods_paise + sub.freight_paise - sub.subsidy_paise
        assert ledger.unbalanced_transactions() == []


def test_a_cancelled_upi_shipment_is_refunded_by_transfer_with_its_reference(app, upi_order, make_user, cell_admin,
                                                                               staff_client):
    from marketplace.orders import ledger
    buyer = make_user()
    order = upi_order(buyer=buyer)
    with app.test_request_context():
        upi.import_statement(_csv(f"{ISO},{order.total_paise / 100:.2f},612356789099,{order.number}"),
                             actor_id=cell_admin.id)
        sub_id = db.session.get(Order, order.id).suborders[0].id
        cancellation.cancel_suborder(sub_id, actor="buyer", user_id=buyer.id, reason="ordered twice")
    client = staff_client(cell_admin)
    assert order.number in client.get("/admin/orders?due=1").get_data(as_text=True)
    page = client.get(f"/admin/orders/{sub_id}").get_data(as_text=True)
    assert 'name="reference"' in page
    for bad in ("", "<b>", "x" * 60, "\u0966\u0967\u0968\u0969"):
        assert client.post(f"/admin/orders/{sub_id}/refund", data={"reason": "cancelled", "reference": bad}).status_code == 400
    ok = client.post(f"/admin/orders/{sub_id}/refund", data={"reason": "cancelled", "reference": "SBIN2026120400042"})
    assert ok.status_code == 302
    _, statuses, pays = _fresh(app, order.id)
    assert statuses == ["refunded"]
    with app.app_context():
        payment = db.session.scalar(select(Payment).where(Payment.order_id == order.id))
        assert payment.refunded_paise == payment.paid_paise == order.total_paise
        seller_id = db.session.get(SubOrder, sub_id).seller_id
        assert ledger.seller_balance(seller_id).total_paise == 0
        assert ledger.account_balance(ledger.CASH_UPI) == 0 and ledger.unbalanced_transactions() == []
    # nothing is left: a second record is refused
    assert client.post(f"/admin/orders/{sub_id}/refund",
                       data={"reason": "again", "reference": "SBIN2026120400043"}).status_code == 400



def test_a_credit_older_than_the_order_never_pays_it(app, upi_order, make_user, cell_admin):
    """Money received before the order existed (perhaps already sent back by the cell) is not its payment."""
    buyer = make_user()
    order = upi_order(buyer=buyer)
    with app.test_request_context():
        upi.import_statement(_csv(f"2026-01-02,{order.total_paise / 100:.2f},222356789012,old credit"),
                             actor_id=cell_admin.id)
        payment = upi.submit_utr(order.id, buyer.id, "222356789012")
        assert payment.status == "pending"
        credit_id = db.session.scalar(select(BankCredit.id).where(BankCredit.utr == "222356789012"))
        with pytest.raises(OrderNotPayable):
            upi.match_credit(credit_id, order.number, actor_id=cell_admin.id)
    assert _fresh(app, order.id)[1] == ["pending_payment"]


def test_typing_the_utr_again_does_not_hold_the_stock_longer(app, upi_order, make_user):
    buyer = make_user()
    order = upi_order(buyer=buyer)
    with app.test_request_context():
        upi.submit_utr(order.id, buyer.id, "332356789012")
        first = db.session.get(Order, order.id).expires_at
        upi.submit_utr(order.id, buyer.id, "332356789012", now=utcnow() + dt.timedelta(hours=47))
        assert db.session.get(Order, order.id, populate_existing=True).expires_at == first
