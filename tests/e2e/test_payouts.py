"""The ODOP cell pays a seller in a real browser (issue #14): a payout batch made from the sellers
due, its NEFT bank file downloaded, the line marked paid with the bank's UTR; the seller then sees
the sale, the payout and its UTR on their statement and prints it. No CSP error on any page."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from marketplace.accounts import services
from marketplace.accounts.models import Role
from marketplace.catalog.bank_details import encrypt_account
from marketplace.catalog.districts import load_districts
from marketplace.catalog.models import District, Listing, Seller
from marketplace.database import utcnow
from marketplace.extensions import db
from tests.fixtures.e2e import DESKTOP, screenshot

pytestmark = pytest.mark.e2e
PASSWORD = "mango-river-7731"
UTR = "SBINN52026120400042"


def build_world(app) -> dict:
    """A verified Varanasi seller with a full bank account and one delivered cash-on-delivery
    order, the hold set to 0 days (so it is due at once), and an ODOP cell user."""
    from marketplace.orders import cart, checkout, fulfilment
    from marketplace.orders.addresses import AddressInput, save_address

    app.config["PAYOUT_HOLD_DAYS"] = 0
    with app.app_context():
        load_districts()
        varanasi = db.session.scalar(select(District).where(District.slug == "varanasi"))
        services.create_user("cell@example.com", PASSWORD, "ODOP Cell", role=Role.ADMIN, locale="en")
        owner = services.create_user("kashi@example.com", PASSWORD, "Ramesh Maurya", role=Role.SELLER, locale="en")
        buyer = services.create_user("buyer@example.com", PASSWORD, "Asha Verma", role=Role.BUYER, locale="en")
        seller = Seller(user_id=owner.id, slug="kashi-silk", district_id=varanasi.id,
                        enterprise_name_en="Kashi Silk House", enterprise_name_hi="काशी सिल्क हाउस",
                        udyam_number="UDYAM-UP-70-0012345", pin_code="221001", status="verified", verified_at=utcnow(),
                        bank_account_name="Ramesh Maurya", bank_ifsc="SBIN0001234", bank_account_last4="9012",
                        bank_account_encrypted=encrypt_account("123456789012"))
        db.session.add(seller)
        db.session.flush()
        listing = Listing(seller_id=seller.id, category_id=varanasi.odop_category_id, slug="katan-saree", sku="KS-1",
                          title_en="Katan silk saree", title_hi="कतान सिल्क साड़ी", price_paise=450000, stock=5,
                          status="published", weight_g=900, length_cm=35, width_cm=25, height_cm=5, published_at=utcnow())
        db.session.add(listing)
        db.session.commit()
        address = save_address(buyer.id, AddressInput(full_name="Asha Verma", phone="9876543210", line1="12 Hazratganj",
                                                      line2="", city="Lucknow", district="Lucknow", state_code="UP",
                                                      pin_code="226001"))
        cart.add_item(listing.id, 1, user_id=buyer.id)
        order = checkout.place_order(buyer.id, checkout_token="e2e-payout-1", address_id=address.id,
                                     payment_method="cod")
        sub = order.suborders[0]
        for target, extra in (("accepted", {}), ("shipped", {"carrier": "India Post", "tracking_number": "EE1IN"}),
                              ("delivered", {})):
            fulfilment.move(sub.id, target, actor="seller", user_id=owner.id, seller_id=seller.id, **extra)
        return {"number": sub.number, "total": sub.total_paise}


def sign_in(page, url, email):
    page.goto(url + "/account/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()


def test_cell_pays_a_seller_who_sees_it_on_the_statement(live_app, live_server, browser, tmp_path):
    world = build_world(live_app)
    url = live_server.url
    context = browser.new_context(viewport=DESKTOP, locale="en-IN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10000)
    try:
        sign_in(page, url, "cell@example.com")
        page.goto(url + "/admin/payouts")
        row = page.locator("table.payout-due tr", has_text="Kashi Silk House")
        expect(row).to_contain_text("…9012")
        row.locator("input[type=checkbox]").check()
        screenshot(page, "payouts-due")
        page.get_by_role("button", name="Make payout batch").click()
        expect(page.locator("body")).to_contain_text("Payout batch PB")
        with page.expect_download() as info:
            page.get_by_role("link", name="Bank file (CSV, NEFT bulk upload)").click()
        path = tmp_path / "bank.csv"
        info.value.save_as(path)
        lines = path.read_bytes().decode("utf-8-sig").splitlines()
        assert lines[0] == "Beneficiary Name,Beneficiary Account Number,IFSC,Amount,Payment Reference"
        assert lines[1].startswith("Ramesh Maurya,123456789012,SBIN0001234,")
        assert "123456789012" not in page.content()  # the page shows the last four digits only
        page.get_by_label("UTR (bank reference)").fill("too-short")
        page.get_by_role("button", name="Mark paid").click()
        expect(page.locator("body")).to_contain_text("A UTR has 16 to 22 letters and digits")
        page.get_by_label("UTR (bank reference)").fill(UTR)
        page.get_by_role("button", name="Mark paid").click()
        expect(page.locator("body")).to_contain_text("Payout marked paid.")
        expect(page.locator("table.payout-lines")).to_contain_text(UTR)
        screenshot(page, "payout-batch-paid")
    finally:
        context.close()

    context = browser.new_context(viewport=DESKTOP, locale="en-IN")
    page = context.new_page()
    page.set_default_timeout(10000)
    try:
        sign_in(page, url, "kashi@example.com")
        page.goto(url + "/seller/orders/")
        page.get_by_test_id("statement-link").click()
        body = page.locator("body")
        expect(body).to_contain_text("Statement of account")
        expect(body).to_contain_text(world["number"])
        expect(body).to_contain_text("Payout to your bank account")
        expect(body).to_contain_text(UTR)
        expect(page.get_by_test_id("closing")).to_have_text("₹0.00")
        screenshot(page, "seller-statement")
        page.get_by_role("button", name="Print").click()
        assert page.evaluate("window.__printed") == 1
        page.emulate_media(media="print")
        expect(page.locator("header.site-header")).to_be_hidden()
        expect(page.locator("form.ledger-period").first).to_be_hidden()
    finally:
        context.close()
