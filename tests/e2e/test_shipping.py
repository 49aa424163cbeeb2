"""Shipping for real, in a real browser (issue #13): a Varanasi weaver working in Hindi on a
phone accepts a cash-on-delivery order, books it with the courier (the fake courier on loopback,
speaking the aggregator's HTTP API) and prints the label; the courier's tracking webhooks move
the parcel to delivered; the buyer follows it on the phone in English; the ODOP cell sees the
claim carrier-confirmed and approves it."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.fixtures.e2e import DESKTOP, PHONE, screenshot

pytestmark = pytest.mark.e2e

PASSWORD = "resham-ka-dhaga-9"


@pytest.fixture
def world(live_app, live_courier):
    """A verified Varanasi seller (Hindi, a workshop address for the courier) with a saree, a
    Lucknow buyer's COD order for it, and the ODOP cell's admin."""
    from marketplace.accounts.services import create_user
    from marketplace.catalog.districts import load_districts
    from marketplace.catalog.models import District, Listing, Seller
    from marketplace.database import utcnow
    from marketplace.extensions import db
    from marketplace.orders import cart, checkout
    from marketplace.orders.addresses import AddressInput, save_address
    from marketplace.orders.claims import ensure_default_policy

    live_app.config["SHIPPING_PICKUP_LOCATION"] = ""  # the courier comes to the weaver's workshop
    with live_app.app_context():
        load_districts()
        ensure_default_policy()
        owner = create_user("bunkar@example.com", PASSWORD, "Salim Ansari", role="seller", locale="hi")
        buyer = create_user("asha@example.com", PASSWORD, "Asha Verma", role="buyer", locale="en")
        create_user("cell@example.com", PASSWORD, "ODOP Cell", role="admin", locale="en")
        varanasi = db.session.scalar(select(District).where(District.slug == "varanasi"))
        seller = Seller(user_id=owner.id, slug="ansari-silk", district_id=varanasi.id,
                        enterprise_name_en="Ansari Silk Weavers", enterprise_name_hi="अंसारी सिल्क बुनकर",
                        udyam_number="UDYAM-UP-70-0054321", status="verified", verified_at=utcnow(),
                        address="Kothi 12, Madanpura", city="Varanasi", pin_code="221001", phone="9839012345",
                        bank_account_name="Salim Ansari", bank_ifsc="SBIN0001234", bank_account_last4="4321")
        db.session.add(seller)
        db.session.flush()
        listing = Listing(seller_id=seller.id, category_id=varanasi.odop_category_id, slug="katan-saree-green",
                          sku="KS-G-1", title_en="Green katan silk saree", title_hi="हरी कतान सिल्क साड़ी",
                          price_paise=520000, stock=4, moq=1, weight_g=800, length_cm=35, width_cm=25, height_cm=5,
                          status="published", published_at=utcnow(), hsn_code="5007", gst_rate_bp=500)
        db.session.add(listing)
        db.session.commit()
        address = save_address(buyer.id, AddressInput(full_name="Asha Verma", phone="9876543210", line1="12 Hazratganj",
                                                      line2="", city="Lucknow", district="", state_code="",
                                                      pin_code="226001"))
        cart.add_item(listing.id, 1, user_id=buyer.id)
        order = checkout.place_order(buyer.id, checkout_token="e2e-ship-1", address_id=address.id,
                                     payment_method="cod")
        return {"order_id": order.id, "sub_id": order.suborders[0].id}


def sign_in(page, base, email):
    page.goto(base + "/account/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()


def test_a_weaver_ships_through_the_courier_and_the_claim_is_carrier_confirmed(
        live_server, browser, world, live_courier):
    base = live_server.url
    # -- the weaver, in Hindi, on a phone ---------------------------------------------------
    weaver = browser.new_context(viewport=PHONE, locale="hi-IN").new_page()
    weaver.set_default_timeout(10000)
    sign_in(weaver, base, "bunkar@example.com")
    weaver.goto(f"{base}/seller/orders/{world['sub_id']}")
    assert weaver.locator("html").get_attribute("lang") == "hi"
    weaver.get_by_test_id("accept").click()
    expect(weaver.get_by_test_id("status")).to_contain_text("विक्रेता ने स्वीकार किया")
    # the parcel is prefilled from the listing; the courier's prices are offered, cheapest first
    expect(weaver.get_by_test_id("book-form")).to_be_visible()
    assert weaver.get_by_test_id("book-form").locator("input[name=weight_g]").input_value() == "800"
    expect(weaver.locator("fieldset.rates")).to_contain_text("Delhivery Surface")
    screenshot(weaver, "shipping-book-hindi-phone")
    weaver.get_by_test_id("book").click()
    awb = weaver.get_by_test_id("awb").inner_text().strip()
    assert awb and live_courier.count("addpickup") == 1  # the workshop became a pickup location
    expect(weaver.get_by_test_id("shipping")).to_contain_text("पिकअप")
    screenshot(weaver, "shipping-booked-hindi-phone")
    weaver.get_by_test_id("label-link").click()
    expect(weaver.locator("body")).to_contain_text(awb)
    assert weaver.locator("svg").count() >= 1  # the AWB as a Code128 barcode
    screenshot(weaver, "shipping-label-a6")

    # -- the courier's tracking webhooks ------------------------------------------------------
    hook = base + "/webhooks/courier/aggregator"
    for status_id in (42, 18, 17, 7):  # picked up, in transit, out for delivery, delivered
        assert live_courier.push_webhook(hook, awb, status_id).status_code == 200
    assert live_courier.push_webhook(hook, awb, 18).status_code == 200  # late: changes nothing
    assert live_courier.push_webhook(hook, awb, 7, secret="forged").status_code == 401
    weaver.goto(f"{base}/seller/orders/{world['sub_id']}")
    expect(weaver.get_by_test_id("status")).to_contain_text("पहुँचा दिया गया")  # delivered

    # -- the buyer follows the parcel, in English, on a phone ---------------------------------
    buyer = browser.new_context(viewport=PHONE, locale="en-IN").new_page()
    buyer.set_default_timeout(10000)
    sign_in(buyer, base, "asha@example.com")
    buyer.goto(f"{base}/orders/{world['order_id']}")
    expect(buyer.get_by_test_id("status")).to_contain_text("Delivered")
    body = buyer.locator("body")
    for seen in ("Picked up by the courier", "In transit", "Out for delivery", awb):
        expect(body).to_contain_text(seen)
    link = buyer.locator(f"a[href*='{awb}']").first
    assert "delhivery.com" in link.get_attribute("href")
    screenshot(buyer, "shipping-buyer-tracking-phone")

    # -- the ODOP cell approves the carrier-confirmed claim -----------------------------------
    cell = browser.new_context(viewport=DESKTOP, locale="en-IN").new_page()
    cell.set_default_timeout(10000)
    sign_in(cell, base, "cell@example.com")
    cell.goto(base + "/admin/claims")
    expect(cell.locator("td.proof[data-proof=carrier]").first).to_contain_text("Carrier-confirmed")
    cell.locator("input[name=claim_ids]").first.check()
    cell.get_by_label("Decision", exact=True).select_option("approve")
    cell.get_by_role("button", name="Apply to ticked claims").click()
    expect(cell.locator("body")).to_contain_text("1 claim updated.")
    screenshot(cell, "shipping-claim-approved")
    for context in (weaver.context, buyer.context, cell.context):
        context.close()
