"""A buyer files a complaint about a delivered order from a phone, the seller answers it in the
thread, and the District Industries Centre's officer resolves it with a replacement; the buyer
sees the outcome on the order page. Real browser, no CSP or accessibility errors."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from marketplace.accounts import services
from marketplace.accounts.models import Role
from marketplace.catalog.districts import load_districts
from marketplace.catalog.models import District, Listing, Seller, organiser_districts
from marketplace.database import utcnow
from marketplace.extensions import db
from tests.fixtures.e2e import PHONE, screenshot

pytestmark = pytest.mark.e2e
PASSWORD = "shikayat-darj-42"


@pytest.fixture
def order_world(live_app):
    from marketplace.orders import cart, checkout
    from marketplace.orders.addresses import AddressInput, save_address
    from marketplace.orders.claims import ensure_default_policy

    with live_app.app_context():
        load_districts()
        ensure_default_policy()
        varanasi = db.session.scalar(select(District).where(District.slug == "varanasi"))
        officer = services.create_user("dic.varanasi@example.com", PASSWORD, "Ramesh Kumar", role=Role.ORGANISER)
        db.session.execute(organiser_districts.insert().values(user_id=officer.id, district_id=varanasi.id))
        owner = services.create_user("weaver@example.com", PASSWORD, "Kamla Devi", role=Role.SELLER)
        buyer = services.create_user("buyer@example.com", PASSWORD, "Asha Verma", role=Role.BUYER)
        seller = Seller(user_id=owner.id, slug="kashi-silk", district_id=varanasi.id,
                        enterprise_name_en="Kashi Silk House", enterprise_name_hi="काशी सिल्क हाउस",
                        udyam_number="UDYAM-UP-70-0012345", pin_code="221001", status="verified", verified_at=utcnow())
        db.session.add(seller)
        db.session.flush()
        listing = Listing(seller_id=seller.id, category_id=varanasi.odop_category_id, slug="katan-saree", sku="KS-1",
                          title_en="Katan silk saree", title_hi="कतान सिल्क साड़ी", price_paise=450000, stock=5,
                          status="published", weight_g=900, length_cm=35, width_cm=25, height_cm=5,
                          published_at=utcnow())
        db.session.add(listing)
        db.session.commit()
        address = save_address(buyer.id, AddressInput(full_name="Asha Verma", phone="9876543210", line1="12 Hazratganj",
                                                      line2="", city="Lucknow", district="Lucknow", state_code="UP",
                                                      pin_code="226001"))
        cart.add_item(listing.id, 1, user_id=buyer.id)
        order = checkout.place_order(buyer.id, checkout_token="e2e-complaint-1", address_id=address.id,
                                     payment_method="cod")
        return {"order_id": order.id, "suborder_id": order.suborders[0].id}


def _sign_in(page, base, email):
    page.goto(base + "/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_complaint_filed_on_a_phone_is_answered_and_resolved(live_server, browser, page, order_world):
    base, order_id = live_server.url, order_world["order_id"]

    # the buyer, on a phone
    _sign_in(page, base, "buyer@example.com")
    page.goto(f"{base}/orders/{order_id}")
    page.get_by_test_id(f"complaint-new-{order_world['suborder_id']}").click()
    page.get_by_label("Wrong item").check()
    page.get_by_label("Subject").fill("Blue saree instead of red 😟")
    page.get_by_label("What happened, and what would you like done?").fill(
        "I ordered the red Katan saree and received a blue one. <b>Please</b> send the red one.")
    screenshot(page, "complaint-form-phone")
    page.get_by_test_id("complaint-submit").click()
    expect(page.locator("h1")).to_contain_text("Complaint GR-")
    number = page.locator("h1").inner_text().split()[-1]
    expect(page.get_by_test_id("complaint-status")).to_have_text("Open")
    expect(page.locator("body")).to_contain_text("<b>Please</b>")  # shown as typed, not as markup
    screenshot(page, "complaint-thread-phone")

    # the seller answers
    seller = browser.new_context(viewport=PHONE, locale="en-IN").new_page()
    _sign_in(seller, base, "weaver@example.com")
    seller.goto(f"{base}/seller/complaints")
    seller.get_by_role("link", name=number).click()
    seller.get_by_label("Your message").fill("Sorry! The red one goes out tomorrow.")
    seller.get_by_test_id("complaint-send").click()
    expect(seller.get_by_test_id("complaint-message")).to_contain_text("The red one goes out tomorrow")
    seller.context.close()

    # the DIC officer resolves it
    officer = browser.new_context(viewport=PHONE, locale="en-IN").new_page()
    _sign_in(officer, base, "dic.varanasi@example.com")
    officer.goto(f"{base}/admin/orders/complaints")
    officer.get_by_role("link", name=number).click()
    officer.get_by_test_id("complaint-resolve").click()  # no outcome chosen: told so, nothing closes
    expect(officer.locator("body")).to_contain_text("Choose the outcome")
    officer.get_by_label("Replacement").check()
    officer.get_by_label("Note to the buyer (the reason, if rejected)").fill("The seller sends the red saree.")
    officer.get_by_test_id("complaint-resolve").click()
    expect(officer.get_by_test_id("complaint-outcome")).to_have_text("Replacement")
    screenshot(officer, "complaint-resolved-officer-phone")
    officer.context.close()

    # the buyer sees it on the order page and in the thread
    page.goto(f"{base}/orders/{order_id}")
    expect(page.get_by_test_id("complaint-timeline")).to_contain_text("Complaint resolved")
    page.get_by_role("link", name=number).click()
    expect(page.get_by_test_id("complaint-outcome")).to_have_text("Replacement")
    screenshot(page, "complaint-outcome-phone")
