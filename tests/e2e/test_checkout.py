"""A buyer goes from a product page to a delivered order (cash on delivery) in a real browser;
the seller accepts, ships and delivers it from their order queue."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.fixtures.e2e import screenshot

pytestmark = pytest.mark.e2e

PASSWORD = "mitti-ke-diye-7"


@pytest.fixture
def shop(live_app):
    """A verified Varanasi seller with one published saree, the default subsidy policy, a buyer."""
    from marketplace.accounts.services import create_user
    from marketplace.catalog.districts import load_districts
    from marketplace.catalog.models import District, Listing, Seller
    from marketplace.database import utcnow
    from marketplace.extensions import db
    from marketplace.orders.claims import ensure_default_policy
    from sqlalchemy import select

    with live_app.app_context():
        load_districts()
        ensure_default_policy()
        seller_user = create_user("weaver@example.com", PASSWORD, "Ramesh Weaver", role="seller")
        buyer = create_user("buyer@example.com", PASSWORD, "Asha Buyer", role="buyer")
        varanasi = db.session.scalar(select(District).where(District.slug == "varanasi"))
        seller = Seller(user_id=seller_user.id, slug="ramesh-silk", district_id=varanasi.id,
                        enterprise_name_en="Ramesh Silk House", enterprise_name_hi="रमेश सिल्क हाउस",
                        udyam_number="UDYAM-UP-70-0012345", status="verified", verified_at=utcnow(),
                        address="Madanpura", city="Varanasi", pin_code="221001", phone="9839012345")
        db.session.add(seller)
        db.session.flush()
        listing = Listing(seller_id=seller.id, category_id=varanasi.odop_category_id, slug="banarasi-saree-red",
                          sku="BS-RED-1", title_en="Red Banarasi silk saree", title_hi="लाल बनारसी रेशमी साड़ी",
                          price_paise=450000, stock=3, moq=1, weight_g=700, length_cm=30, width_cm=25,
                          height_cm=5, status="published", published_at=utcnow(), hsn_code="5007",
                          gst_rate_bp=500)
        db.session.add(listing)
        db.session.commit()
        return {"slug": listing.slug, "buyer": buyer.email, "seller": seller_user.email}


def add_lucknow_address(page):
    """On the checkout page: save a Lucknow delivery address for the buyer."""
    page.get_by_label("Full name").fill("Asha Buyer")
    page.get_by_label("Mobile number").fill("9876543210")
    page.get_by_label("House, street").fill("14 Gomti Nagar")
    page.get_by_label("City, town or village").fill("Lucknow")
    page.get_by_label("District").fill("Lucknow")
    page.get_by_label("State or union territory").select_option("UP")
    page.get_by_label("PIN code").fill("226010")
    page.get_by_test_id("save-address").click()


def sign_in(page, base, email, next_path=None):
    page.goto(base + "/account/login" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_new_buyer_registers_from_checkout_and_comes_back_to_it(live_server, page, shop):
    """Cart → checkout → "Create an account" → "check your mail" → sign in → checkout (issue #17.4)."""
    base = live_server.url
    page.goto(f"{base}/products/{shop['slug']}")
    page.get_by_test_id("add-to-cart").click()
    page.get_by_test_id("confirm-add-to-cart").click()
    page.get_by_test_id("go-checkout").click()
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Buy ODOP products").check()
    page.get_by_label("Your name").fill("Neha Newcomer")
    page.get_by_label("Email").fill("neha@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("body")).to_contain_text("Check your mail: we have sent a message to neha@example.com.")
    page.get_by_label("Email").fill("neha@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(f"{base}/checkout")
    expect(page.get_by_label("PIN code")).to_be_visible()
    screenshot(page, "checkout-after-sign-up")
    page.goto(f"{base}/cart")  # and the guest's cart came along
    expect(page.locator("body")).to_contain_text("Red Banarasi silk saree")


def test_product_to_delivered_order_with_cash_on_delivery(live_server, page, browser, shop):
    base = live_server.url
    page.goto(f"{base}/products/{shop['slug']}")
    page.get_by_label("Quantity").fill("2")
    page.get_by_test_id("add-to-cart").click()
    # the cached product page carries no CSRF token: a first-time visitor confirms once
    page.get_by_test_id("confirm-add-to-cart").click()
    expect(page.locator("body")).to_contain_text("Red Banarasi silk saree")
    page.get_by_test_id("go-checkout").click()
    # a guest is asked to sign in, then comes back to checkout with the cart kept
    page.get_by_label("Email").fill(shop["buyer"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(base + "/checkout")
    add_lucknow_address(page)
    # freight and the subsidy are shown before the order is placed
    assert page.get_by_test_id("freight").inner_text().startswith("₹")
    assert "Freight subsidy: eligible" in page.get_by_test_id("subsidy-flag").inner_text()
    screenshot(page, "checkout")
    page.get_by_label("Cash on delivery").check()
    page.get_by_test_id("place-order").click()
    expect(page.locator("body")).to_contain_text("Thank you! Your order")
    assert "Confirmed (cash on delivery)" in page.get_by_test_id("status").inner_text()
    order_url = page.url

    seller_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-IN")
    seller = seller_context.new_page()
    sign_in(seller, base, shop["seller"])
    seller.goto(base + "/seller/orders/")
    seller.locator("table.orders-table a").first.click()
    seller.get_by_test_id("accept").click()
    assert "Accepted by seller" in seller.get_by_test_id("status").inner_text()
    seller.get_by_label("Carrier").fill("India Post")
    seller.get_by_label("Tracking number").fill("EE123456789IN")
    seller.get_by_test_id("ship").click()
    assert "Shipped" in seller.get_by_test_id("status").inner_text()
    seller.get_by_test_id("deliver").click()
    assert "Delivered" in seller.get_by_test_id("status").inner_text()
    screenshot(seller, "seller-delivered")
    seller_context.close()

    page.goto(order_url)
    assert "Delivered" in page.get_by_test_id("status").inner_text()
    expect(page.locator("body")).to_contain_text("EE123456789IN")
    assert "Freight subsidy: eligible" in page.get_by_test_id("subsidy-flag").inner_text()
    screenshot(page, "buyer-delivered")

    # the tax invoice fits the phone (it was 511 px wide); its table scrolls inside the page
    page.get_by_role("link", name="Invoice").click()
    expect(page.locator("h1")).to_contain_text("OB")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    screenshot(page, "buyer-invoice-phone")


def test_typing_the_pin_fills_in_city_district_and_state(live_server, page, shop):
    """Issue 13: the buyer types the PIN first; the page asks /api/v1/pins/<pin> and fills the
    rest in; an unknown PIN is said in the status line."""
    base = live_server.url
    sign_in(page, base, shop["buyer"])
    page.goto(f"{base}/products/{shop['slug']}")
    page.get_by_test_id("add-to-cart").click()
    page.goto(base + "/checkout")
    page.get_by_label("PIN code").fill("999999")
    expect(page.locator("[data-pin-status]")).to_contain_text("We do not know this PIN code")
    page.get_by_label("PIN code").fill("211001")
    expect(page.get_by_label("District")).to_have_value("Prayagraj")
    expect(page.get_by_label("State or union territory")).to_have_value("UP")
    expect(page.get_by_label("City, town or village")).to_have_value("Allahabad")
    expect(page.locator("[data-pin-status]")).to_contain_text("Prayagraj, Uttar Pradesh")
    page.get_by_label("PIN code").fill("110001")  # the city filled in follows the PIN, a typed one stays
    expect(page.get_by_label("District")).to_have_value("New Delhi")
    expect(page.get_by_label("City, town or village")).to_have_value("New Delhi")
    page.get_by_label("City, town or village").fill("Connaught Place")
    page.get_by_label("PIN code").fill("226010")
    expect(page.get_by_label("State or union territory")).to_have_value("UP")
    expect(page.get_by_label("City, town or village")).to_have_value("Connaught Place")
