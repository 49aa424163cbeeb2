"""A lead becomes an order in a real browser: the seller sends a quote from the leads page, the
buyer accepts it, checks out at the agreed price, and both see the lead won with the order."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.e2e.test_meets import PASSWORD, seed
from tests.fixtures.e2e import screenshot

pytestmark = pytest.mark.e2e


def sign_in(page, base, email):
    page.goto(base + "/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_seller_quote_becomes_the_buyers_order_and_wins_the_lead(live_server, browser, page):
    from marketplace.accounts.models import User
    from marketplace.buyers.models import Lead
    from marketplace.catalog.models import Seller
    from marketplace.extensions import db

    seed(live_server.app)
    base = live_server.url
    with live_server.app.app_context():
        buyer = db.session.scalar(select(User).where(User.email == "shop0@example.com"))
        seller = db.session.scalar(select(Seller).where(Seller.slug == "weaver-0"))
        lead = Lead(buyer_user_id=buyer.id, seller_id=seller.id, source="request", stage="negotiating")
        db.session.add(lead)
        db.session.commit()
        lead_id = lead.id

    seller_page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-IN").new_page()
    seller_page.set_default_timeout(10000)
    sign_in(seller_page, base, "weaver0@example.com")
    seller_page.goto(base + "/meets/leads")
    seller_page.get_by_test_id(f"quote-lead-{lead_id}").click()
    seller_page.get_by_label("Quantity (units)").fill("6")
    seller_page.get_by_label("Agreed price per unit (₹)").fill("4,250")
    seller_page.get_by_label("Valid until").fill((dt.date.today() + dt.timedelta(days=10)).isoformat())
    seller_page.get_by_role("button", name="Send quote").click()
    expect(seller_page.locator("body")).to_contain_text("Your quote was sent to the buyer.")

    sign_in(page, base, "shop0@example.com")
    page.goto(base + "/meets/leads")
    page.get_by_role("link", name=re.compile("Quote: 6")).click()
    screenshot(page, "quote")
    page.get_by_test_id("accept-quote").click()
    expect(page.locator("body")).to_contain_text("₹25,500.00")  # 6 × ₹4,250 (the catalogue says ₹5,000 a unit)
    page.get_by_test_id("go-checkout").click()
    page.get_by_label("Full name").fill("Shop Zero")
    page.get_by_label("Mobile number").fill("9876543210")
    page.get_by_label("House, street").fill("14 Gomti Nagar")
    page.get_by_label("City, town or village").fill("Lucknow")
    page.get_by_label("District").fill("Lucknow")
    page.get_by_label("State or union territory").select_option("UP")
    page.get_by_label("PIN code").fill("226010")
    page.get_by_test_id("save-address").click()
    page.get_by_label("Cash on delivery").check()
    page.get_by_test_id("place-order").click()
    expect(page.locator("body")).to_contain_text("Thank you! Your order")
    order_url = page.url

    page.goto(base + "/meets/leads")
    expect(page.locator("body")).to_contain_text("Won · ₹25,500.00")
    page.get_by_test_id(f"lead-order-{lead_id}").click()
    assert page.url == order_url
    seller_page.goto(base + "/meets/leads")
    seller_page.get_by_test_id(f"lead-order-{lead_id}").click()
    assert "/seller/orders/" in seller_page.url
    screenshot(seller_page, "quote-order-seller")
