"""The seller's statement (issue #14.3): a month or an April–March financial year, opening
balance, each sale, fee, refund and payout with its order number, closing balance; page
(English and Hindi, printable) and CSV."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.catalog.models import Category, Listing
from marketplace.extensions import db
from marketplace.india import ist_date
from marketplace.orders import payouts, statement
from marketplace.orders.models import SubOrder
from tests.fixtures.accounts import sign_in_directly
from tests.fixtures.ledger import after_hold, payee  # noqa: F401


def sold_and_paid_out(app, make_user, payee, make_listing, buy, deliver_suborder, cell_admin, fee_bp="200"):
    seller = payee()
    listing = make_listing(seller=seller, price_paise=250000)
    with app.app_context():
        slug = db.session.scalar(select(Category.slug).join(Listing, Listing.category_id == Category.id)
                                 .where(Listing.id == listing.id))
        app.config["MARKETPLACE_FEE_BP"] = {slug: fee_bp}
    order = buy(make_user(role=Role.BUYER), [(listing, 1)])
    deliver_suborder(order.suborders[0].id)
    with app.app_context():
        line = payouts.make_batch(None, actor_id=cell_admin.id, now=after_hold(0) + dt.timedelta(days=8)).lines[0]
        payouts.mark_paid(line.id, "HDFCN52026120400777", actor_id=cell_admin.id)
        sub = db.session.get(SubOrder, order.suborders[0].id)
        return seller, sub, sub.number


def test_statement_of_this_month_adds_up(app, make_user, payee, make_listing, buy, deliver_suborder, cell_admin):
    seller, sub, number = sold_and_paid_out(app, make_user, payee, make_listing, buy, deliver_suborder, cell_admin)
    with app.app_context():
        today = ist_date(dt.datetime.now(dt.timezone.utc))
        st_month = statement.statement(seller.id, statement.month_period(today.year, today.month))
        kinds = [line.kind for line in st_month.lines]
        assert kinds[:2] == ["sale", "freight"] or kinds[0] == "sale"
        assert "fee" in kinds and "gst_on_fee" in kinds and kinds[-1] == "payout"
        assert st_month.opening_paise == 0 and st_month.closing_paise == 0
        assert st_month.total("fee") == -5000 and st_month.total("gst_on_fee") == -900
        assert st_month.total("payout") == -(sub.total_paise - 5900)
        assert all(line.order_number == number for line in st_month.lines if line.kind != "payout")
        fy = statement.statement(seller.id, statement.fy_period(statement.current_fy()))
        assert fy.lines == st_month.lines
        later = statement.month_period(today.year + 1, today.month)
        assert statement.statement(seller.id, later).opening_paise == 0
        earlier = statement.month_period(today.year - 1, today.month)
        assert statement.statement(seller.id, earlier).lines == []


def test_statement_page_and_csv_in_hindi_and_english(app, make_user, payee, make_listing, buy,
                                                     deliver_suborder, cell_admin):
    seller, sub, number = sold_and_paid_out(app, make_user, payee, make_listing, buy, deliver_suborder, cell_admin)
    with app.app_context():
        owner = db.session.get(type(seller), seller.id).user
    client = app.test_client()
    sign_in_directly(app, client, owner)
    page = client.get("/seller/orders/statement").get_data(as_text=True)
    assert "Statement of account" in page and number in page and "HDFCN52026120400777" in page
    assert "data-print" in page and "Opening balance" in page and "Closing balance" in page
    assert "Today: ₹0.00 payable to you, ₹0.00 not payable yet" in page  # all of it was paid out
    csv_rows = client.get("/seller/orders/statement.csv").get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert csv_rows[0] == "Date,Entry,Order,Reference,Amount (₹),Balance (₹)"
    assert "Opening balance" in csv_rows[1] and "Closing balance" in csv_rows[-1]
    assert any(f",{number}," in row and "-50.00" in row for row in csv_rows)
    fy = client.get(f"/seller/orders/statement?fy={statement.current_fy()}").get_data(as_text=True)
    assert number in fy
    with app.app_context():
        db.session.get(type(owner), owner.id).locale = "hi"
        db.session.commit()
    hindi = client.get("/seller/orders/statement").get_data(as_text=True)
    assert "खाता विवरण" in hindi
    for bad in ("month=2026-13", "month=\x00", "fy=abcd", "month=😀", "fy=99999"):
        assert client.get(f"/seller/orders/statement?{bad}").status_code == 400
        assert client.get(f"/seller/orders/statement.csv?{bad}").status_code == 400


def test_only_sellers_have_a_statement(app, login_as):
    for role in (Role.BUYER, Role.ADMIN):
        client, _ = login_as(role)
        assert client.get("/seller/orders/statement").status_code == 403


def test_every_entry_kind_and_payout_status_has_a_label_in_both_languages(app):
    from babel.messages.pofile import read_po

    from marketplace.orders.ledger_models import EntryKind, PayoutLineStatus

    from pathlib import Path

    with open(Path(__file__).resolve().parents[2] / "translations/hi/LC_MESSAGES/messages.po", "rb") as handle:
        hindi = {m.id: m.string for m in read_po(handle) if m.id and not m.fuzzy}
    for codes, table in ((EntryKind, statement.ENTRY_LABELS), (PayoutLineStatus, payouts.PAYOUT_LINE_LABELS)):
        for code in codes:
            assert code in table, code
            assert hindi.get(table[code]._args[0]), code
