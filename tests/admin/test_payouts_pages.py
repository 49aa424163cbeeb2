"""The ODOP cell's payout pages (issue #14.2): sellers due, a batch made from the page, the bank
file as CSV (NEFT layout) and XLSX, lines marked paid with a UTR or failed; bad input is a
translated message, never a 500; other roles get 403."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.admin.models import AuditEntry
from marketplace.extensions import db
from marketplace.orders import ledger, payouts
from marketplace.orders.ledger_models import PayoutBatch, PayoutLine
from tests.fixtures.ledger import check_books, payee  # noqa: F401


@pytest.fixture
def due_sale(app, make_user, payee, make_listing, buy, deliver_suborder):
    """A delivered COD sale of a seller with a full bank account, past the payout hold."""
    seller = payee(account="000123456789", bank_account_name="Ramesh Kumar")
    order = buy(make_user(role=Role.BUYER), [(make_listing(seller=seller, price_paise=123456), 1)])
    deliver_suborder(order.suborders[0].id)
    app.config["PAYOUT_HOLD_DAYS"] = 0
    with app.app_context():
        return seller, db.session.get(type(order.suborders[0]), order.suborders[0].id).total_paise


def test_cell_makes_a_batch_downloads_it_and_marks_it_paid(app, due_sale, cell_admin, staff_client):
    seller, total = due_sale
    client = staff_client(cell_admin)
    page = client.get("/admin/payouts").get_data(as_text=True)
    assert "Ramesh Kumar" in page and "…6789" in page and "000123456789" not in page
    response = client.post("/admin/payouts", data={"seller_ids": [str(seller.id)]})
    assert response.status_code == 302
    with app.app_context():
        batch = db.session.scalar(select(PayoutBatch))
        line = batch.lines[0]
    csv_file = client.get(f"/admin/payouts/{batch.id}/bank.csv")
    assert csv_file.status_code == 200 and "attachment" in csv_file.headers["Content-Disposition"]
    rows = csv_file.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert rows[0] == "Beneficiary Name,Beneficiary Account Number,IFSC,Amount,Payment Reference"
    assert rows[1] == f"Ramesh Kumar,000123456789,SBIN0001234,{payouts.rupees(total)},{line.reference}"
    sheet = load_workbook(io.BytesIO(client.get(f"/admin/payouts/{batch.id}/bank.xlsx").data)).active
    assert [c.value for c in sheet[2]] == ["Ramesh Kumar", "000123456789", "SBIN0001234", payouts.rupees(total),
                                           line.reference]
    assert "000123456789" not in client.get(f"/admin/payouts/{batch.id}").get_data(as_text=True)
    done = client.post(f"/admin/payouts/lines/{line.id}/paid", data={"utr": "SBINN52026120400001"},
                       follow_redirects=True)
    assert "Payout marked paid." in done.get_data(as_text=True)
    again = client.post(f"/admin/payouts/lines/{line.id}/paid", data={"utr": "SBINN52026120400002"},
                        follow_redirects=True)
    assert "already marked paid or failed" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(PayoutLine, line.id).utr == "SBINN52026120400001"
        actions = set(db.session.scalars(select(AuditEntry.action)))
        assert {"payout.batch", "payout.paid"} <= actions
        check_books()


def test_a_payout_above_the_balance_is_refused_on_the_page(app, due_sale, cell_admin, staff_client):
    seller, total = due_sale
    client = staff_client(cell_admin)
    response = client.post("/admin/payouts", data={"seller_ids": [str(seller.id)],
                                                   f"amount-{seller.id}": payouts.rupees(total + 1)},
                           follow_redirects=True)
    assert "more than the payable balance" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(PayoutBatch.id)) is None
        assert ledger.seller_balance(seller.id).total_paise == total


HOSTILE = ["\x00", "😀" * 30, "<script>alert(1)</script>", "x" * 5000, "-5", "1e999999", "NaN"]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_input_on_every_payout_form_is_a_message_never_a_500(app, due_sale, cell_admin, staff_client,
                                                                     hostile):
    seller, total = due_sale
    client = staff_client(cell_admin)
    made = client.post("/admin/payouts", data={"seller_ids": [str(seller.id), hostile],
                                               f"amount-{seller.id}": hostile}, follow_redirects=True)
    assert made.status_code in (200, 400) and "<script>alert(1)</script>" not in made.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(PayoutBatch.id)) is None
        line = payouts.make_batch(None, actor_id=cell_admin.id).lines[0]
    for action, field in (("paid", "utr"), ("failed", "reason")):
        response = client.post(f"/admin/payouts/lines/{line.id}/{action}", data={field: hostile}, follow_redirects=True)
        assert response.status_code in (200, 400), action
        assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    with app.app_context():
        status = db.session.get(PayoutLine, line.id).status
        assert status in ("pending", "failed")  # a hostile reason may be kept as text; a UTR never
        assert db.session.get(PayoutLine, line.id).utr is None
        check_books()


@pytest.mark.parametrize("role", [Role.SELLER, Role.BUYER, Role.ORGANISER])
def test_only_the_odop_cell_sees_payouts(app, login_as, role):
    client, _ = login_as(role)
    assert client.get("/admin/payouts").status_code == 403
    assert client.post("/admin/payouts", data={}).status_code == 403
