"""A return end to end in the browser (issue #19.2), on a phone and on a desktop: a COD order is
delivered → the buyer returns a damaged item with a photo → the seller accepts → the buyer
types the tracking number → the seller marks it received → the ODOP cell records the refund it
paid by UPI → both order pages show every move. No console or CSP error, every page passes axe."""
from __future__ import annotations

import pytest

from tests.e2e.test_checkout import PASSWORD, shop, sign_in  # noqa: F401  (the shop fixture)
from tests.fixtures.catalog import jpeg_bytes
from tests.fixtures.e2e import screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def delivered_cod(live_app, shop):  # noqa: F811
    """Two of the shop's sarees bought cash on delivery, shipped by hand and delivered; an ODOP
    cell user."""
    from sqlalchemy import select

    from marketplace.accounts.models import User
    from marketplace.accounts.services import create_user
    from marketplace.catalog.models import Listing
    from marketplace.extensions import db
    from marketplace.orders import addresses, cart, checkout, fulfilment

    with live_app.app_context():
        buyer = db.session.scalar(select(User).where(User.email == shop["buyer"]))
        listing = db.session.scalar(select(Listing).where(Listing.slug == shop["slug"]))
        address = addresses.save_address(buyer.id, addresses.AddressInput(
            full_name="Asha Buyer", phone="9876543210", line1="12 Hazratganj", line2="",
            city="Lucknow", district="Lucknow", state_code="UP", pin_code="226001"))
        cart.add_item(listing.id, 2, user_id=buyer.id)
        order = checkout.place_order(buyer.id, checkout_token="rma-1", address_id=address.id, payment_method="cod")
        sub = order.suborders[0]
        seller = dict(actor="seller", user_id=sub.seller.user_id, seller_id=sub.seller_id)
        fulfilment.move(sub.id, "accepted", **seller)
        fulfilment.move(sub.id, "shipped", carrier="India Post", tracking_number="EE123456785IN", **seller)
        fulfilment.move(sub.id, "delivered", **seller)
        create_user("cell@example.com", PASSWORD, "ODOP Cell", role="admin")
        return {"order_id": order.id, "sub_id": sub.id, "line_id": sub.lines[0].id}


def _photo_shows(page) -> bool:
    """The return photo (lazy-loaded) is served to this reader and decodes."""
    img = page.locator(".rma-photos img").first
    img.scroll_into_view_if_needed()
    return img.evaluate("img => img.complete && img.naturalWidth > 0 ? true : new Promise(done => {"
                        " img.addEventListener('load', () => done(img.naturalWidth > 0));"
                        " img.addEventListener('error', () => done(false)); })")


def test_a_damaged_item_is_returned_and_refunded_and_both_timelines_show_it(
        live_server, browser, shop, delivered_cod, viewport, tmp_path):  # noqa: F811
    from tests.fixtures.e2e import DESKTOP, PHONE

    size = PHONE if viewport == "phone" else DESKTOP
    base, order_id, sub_id = live_server.url, delivered_cod["order_id"], delivered_cod["sub_id"]
    errors: list[str] = []

    def new_page():
        context = browser.new_context(viewport=size, locale="en-IN")
        page = context.new_page()
        page.set_default_timeout(10000)
        page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
        return page

    photo = tmp_path / "torn-border.jpg"
    photo.write_bytes(jpeg_bytes((640, 480)))

    buyer = new_page()
    sign_in(buyer, base, shop["buyer"])
    buyer.goto(f"{base}/orders/{order_id}")
    buyer.get_by_test_id(f"return-line-{delivered_cod['line_id']}").click()
    buyer.get_by_label("How many to return").fill("1")
    buyer.get_by_label("Why are you returning it?").select_option("damaged")
    buyer.get_by_label("Describe the problem").fill("The zari border is torn <b>near the pallu</b> 😞")
    buyer.locator("input[name=photos]").set_input_files(str(photo))
    buyer.get_by_label("UPI id for the refund (like name@bank)").fill("asha@okaxis")
    buyer.get_by_test_id("return-submit").click()
    item = buyer.locator("[data-testid^=return-]").filter(has=buyer.get_by_test_id("return-state")).first
    assert item.get_by_test_id("return-state").inner_text() == "Return requested"
    assert "<b>near the pallu</b> 😞" in item.inner_text()  # shown as typed, escaped
    assert _photo_shows(buyer)

    seller = new_page()
    sign_in(seller, base, shop["seller"])
    seller.goto(f"{base}/seller/orders/{sub_id}")
    assert _photo_shows(seller)
    seller.get_by_test_id("return-accept").check()
    seller.get_by_test_id("return-answer").click()
    assert seller.get_by_test_id("return-state").inner_text() == "Return accepted"

    buyer.goto(f"{base}/orders/{order_id}")
    buyer.get_by_label("Tracking number of the parcel sent back").fill("RT987654321IN")
    buyer.get_by_test_id("return-ship").click()
    assert buyer.get_by_test_id("return-state").inner_text() == "Sent back to the seller"

    seller.goto(f"{base}/seller/orders/{sub_id}")
    seller.get_by_test_id("return-damaged").check()
    seller.get_by_test_id("return-received").click()
    assert seller.get_by_test_id("return-state").inner_text() == "Received by the seller"

    cell = new_page()
    sign_in(cell, base, "cell@example.com")
    cell.goto(f"{base}/admin/returns?state=received")
    cell.get_by_role("link", name="R000001").click()
    assert "asha@okaxis" in cell.content()
    cell.get_by_label("Payment reference (UTR)").fill("UTR412345678901")
    cell.get_by_test_id("return-paid").click()
    assert cell.get_by_test_id("return-state").inner_text() == "Refund made"

    buyer.goto(f"{base}/orders/{order_id}")
    timeline = buyer.locator(".rma-timeline").inner_text()
    for step in ("Return requested", "Return accepted", "Sent back to the seller", "Received by the seller",
                 "Refund made", "RT987654321IN", "UTR412345678901", "ODOP cell", "Arrived damaged",
                 "Damaged: not back in stock"):
        assert step in timeline, step
    assert buyer.get_by_test_id("return-refunded").inner_text().startswith("₹4,500")
    screenshot(buyer, f"return-refunded-buyer-{viewport}")
    seller.goto(f"{base}/seller/orders/{sub_id}")
    assert "Refund made" in seller.locator(".rma-timeline").inner_text()
    screenshot(seller, f"return-refunded-seller-{viewport}")
    assert not errors, errors
    for page in (buyer, seller, cell):
        page.context.close()
