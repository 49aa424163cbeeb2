"""A buyer pays by UPI on a phone, from the QR page to a payment the ODOP cell finds in the bank
statement (issue #14.4), in a real browser."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.test_checkout import PASSWORD, add_lucknow_address, shop, sign_in  # noqa: F401  (shop is a fixture)
from tests.fixtures.e2e import screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def upi_shop(live_app, shop):  # noqa: F811
    from marketplace.accounts.services import create_user

    live_app.config["UPI_VPA"] = "odopbazaar@sbi"
    with live_app.app_context():
        officer = create_user("cell@example.com", PASSWORD, "Cell Officer", role="admin")
    return {**shop, "officer": officer.email}


def test_upi_order_from_qr_to_a_payment_found_in_the_statement(live_server, page, browser, upi_shop, tmp_path):
    base = live_server.url
    page.goto(f"{base}/products/{upi_shop['slug']}")
    page.get_by_test_id("add-to-cart").click()
    page.get_by_test_id("confirm-add-to-cart").click()
    page.get_by_test_id("go-checkout").click()
    page.get_by_label("Email").fill(upi_shop["buyer"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(base + "/checkout")
    add_lucknow_address(page)
    page.get_by_label("UPI (BHIM").check()
    page.get_by_test_id("place-order").click()

    # the payment page: a link that opens the UPI app, and its QR, both fitting a 360 px phone
    link = page.get_by_test_id("upi-link")
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href.startswith("upi://pay?pa=odopbazaar%40sbi&") and "&cu=INR" in href
    qr = page.get_by_test_id("upi-qr").locator("svg")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] <= 360
    number = page.locator("h1").inner_text().split()[-1]
    assert number.startswith("OB") and f"tr={number}" in href
    screenshot(page, "upi-pay-phone")

    page.get_by_label("UPI transaction reference (UTR)").fill("12")  # a typo first
    page.get_by_role("button", name="I have paid").click()
    expect(page.locator(".field.has-error")).to_contain_text("12-digit")
    page.get_by_label("UPI transaction reference (UTR)").fill("4123 5678 9012")
    page.get_by_role("button", name="I have paid").click()
    expect(page.get_by_test_id("upi-checking").first).to_contain_text("412356789012")
    order_url = page.url
    amount = href.split("am=")[1].split("&")[0]

    officer_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-IN")
    officer = officer_context.new_page()
    sign_in(officer, base, upi_shop["officer"])
    officer.goto(base + "/admin/upi")
    expect(officer.locator("body")).to_contain_text(number)
    from marketplace.database import utcnow
    from marketplace.india import ist_date
    today = ist_date(utcnow()).strftime("%d/%m/%Y")
    statement = tmp_path / "statement.csv"
    statement.write_text("Value Date,Credit,RRN,Narration\n"
                         f"{today},{amount},412356789012,UPI/ODOP Bazaar {number}\n"
                         f"{today},250.00,998877665544,UPI/someone else\n", encoding="utf-8")
    officer.get_by_label("Bank statement").set_input_files(str(statement))
    officer.get_by_role("button", name="Import").click()
    result = officer.get_by_test_id("statement-result")
    expect(result).to_contain_text(number)
    expect(result).to_contain_text("No order waiting for payment has this UTR")
    screenshot(officer, "upi-desk-after-import")
    officer_context.close()

    page.goto(order_url)
    assert "Paid" in page.get_by_test_id("status").inner_text()
    screenshot(page, "upi-order-paid-phone")
