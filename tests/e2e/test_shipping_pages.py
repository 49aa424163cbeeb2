"""The seller ships an order by hand and prints its label on a phone (issue #13): the Print
button prints (no inline script: the Content-Security-Policy holds), the label is an A6 page,
and the shipping pages pass axe at 360 px."""
from __future__ import annotations

import re

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.test_checkout import shop, sign_in  # noqa: F401  (the shop fixture)
from tests.fixtures.e2e import screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def accepted(live_app, shop):  # noqa: F811
    """One cash-on-delivery sub-order of the shop's saree, accepted by the seller."""
    from sqlalchemy import select

    from marketplace.accounts.models import User
    from marketplace.catalog.models import Listing
    from marketplace.extensions import db
    from marketplace.orders import addresses, cart, checkout, fulfilment

    with live_app.app_context():
        buyer = db.session.scalar(select(User).where(User.email == shop["buyer"]))
        listing = db.session.scalar(select(Listing).where(Listing.slug == shop["slug"]))
        address = addresses.save_address(buyer.id, addresses.AddressInput(
            full_name="Asha Buyer", phone="9876543210", line1="12 Hazratganj", line2="Near GPO",
            city="Lucknow", district="Lucknow", state_code="UP", pin_code="226001"))
        cart.add_item(listing.id, 2, user_id=buyer.id)
        order = checkout.place_order(buyer.id, checkout_token="ship-1", address_id=address.id, payment_method="cod")
        sub = order.suborders[0]
        fulfilment.move(sub.id, "accepted", actor="seller", user_id=sub.seller.user_id, seller_id=sub.seller_id)
        return {"sub_id": sub.id, "order_id": order.id}


def test_the_seller_ships_by_hand_and_prints_an_a6_label(live_server, page, browser, shop, accepted):  # noqa: F811
    base, sub_id = live_server.url, accepted["sub_id"]
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="en-IN", bypass_csp=True)
    checker = context.new_page()
    sign_in(checker, base, shop["seller"])
    for path in (f"/seller/orders/{sub_id}", "/seller/orders/"):  # the shipping form, the checkboxes
        checker.goto(base + path)
        assert_accessible(checker, f"{path} before shipping [360 px]")
    sign_in(page, base, shop["seller"])
    page.goto(f"{base}/seller/orders/{sub_id}")
    page.get_by_label("Carrier").fill("India Post")
    page.get_by_label("Tracking number").fill("EE123456785IN")
    page.get_by_test_id("ship").click()
    assert "EE123456785IN" in page.get_by_test_id("awb").inner_text()
    page.get_by_test_id("label-link").click()
    assert page.locator("svg.barcode").count() == 1
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") == 1
    pdf = page.pdf(prefer_css_page_size=True)
    width, height = (float(v) for v in re.search(rb"MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (105, 148)  # A6, in mm
    screenshot(page, "shipping-label-a6")

    for path in (f"/seller/orders/{sub_id}", f"/seller/orders/{sub_id}/label", f"/seller/orders/{sub_id}/label?size=a4",
                 "/seller/orders/"):
        checker.goto(base + path)
        assert_accessible(checker, f"{path} [360 px]")
    context.close()

    buyer = browser.new_context(viewport={"width": 360, "height": 780}, locale="en-IN", bypass_csp=True).new_page()
    sign_in(buyer, base, shop["buyer"])
    buyer.goto(f"{base}/orders/{accepted['order_id']}")
    link = buyer.get_by_test_id("tracking-link")
    assert link.get_attribute("rel") == "noopener noreferrer" and "EE123456785IN" in link.get_attribute("href")
    assert_accessible(buyer, "buyer's order page with a shipment [360 px]")
    buyer.context.close()
