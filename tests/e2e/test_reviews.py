"""A buyer whose saree was delivered rates and reviews it on a phone, from the order page, with a
photo; the review, the stars' text and the average show on the product page (issue #19.4).
The browser fixtures fail the test on any Content-Security-Policy violation and on a page wider
than the phone."""
from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.e2e.test_checkout import shop, sign_in  # noqa: F401 (shop: a fixture)
from tests.fixtures.catalog import jpeg_bytes
from tests.fixtures.e2e import screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def delivered(live_app, shop):  # noqa: F811
    """The buyer's order of the saree, delivered (through the services, as the pages do)."""
    from sqlalchemy import select

    from marketplace.accounts.models import User
    from marketplace.catalog.models import Listing
    from marketplace.extensions import db
    from marketplace.orders import cart, checkout, fulfilment
    from marketplace.orders.addresses import AddressInput, save_address
    from marketplace.orders.shipping import service as shipping
    from marketplace.orders.shipping.carriers import TrackingCode, TrackingUpdate
    from marketplace.orders.states import Actor

    with live_app.app_context():
        buyer = db.session.scalar(select(User).where(User.email == shop["buyer"]))
        listing = db.session.scalar(select(Listing).where(Listing.slug == shop["slug"]))
        address = save_address(buyer.id, AddressInput(full_name="Asha Buyer", phone="9876543210", line1="12 Hazratganj",
                                                      line2="", city="Lucknow", district="Lucknow", state_code="UP",
                                                      pin_code="226001"))
        cart.add_item(listing.id, 1, user_id=buyer.id)
        order = checkout.place_order(buyer.id, checkout_token="e2e-review", address_id=address.id, payment_method="cod")
        sub = order.suborders[0]
        seller_user_id, seller_id, awb = sub.seller.user_id, sub.seller_id, f"EE{sub.id:08d}0IN"
        fulfilment.move(sub.id, "accepted", actor=Actor.SELLER, user_id=seller_user_id, seller_id=seller_id)
        shipping.ship_by_hand(sub.id, seller_id=seller_id, user_id=seller_user_id, carrier_name="India Post",
                              tracking_number=awb)
        shipping.apply_updates("manual", [TrackingUpdate(awb=awb, code=TrackingCode.DELIVERED, key=f"{awb}:delivered",
                                                         happened_at=dt.datetime.now(dt.timezone.utc), location="Lucknow GPO")])
        return {"order_id": order.id, "line_id": sub.lines[0].id}


def test_a_delivered_buyer_reviews_on_a_phone_and_the_review_shows(live_server, page, shop, delivered, tmp_path):  # noqa: F811
    base = live_server.url
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    photo = tmp_path / "saree.jpg"
    photo.write_bytes(jpeg_bytes(size=(400, 300)))
    sign_in(page, base, shop["buyer"])
    page.goto(f"{base}/orders/{delivered['order_id']}")
    page.get_by_test_id(f"review-line-{delivered['line_id']}").click()
    expect(page.get_by_role("heading", name="Rate and review")).to_be_visible()
    page.get_by_label("4 stars: good").check()
    page.get_by_label("Your review (optional, in Hindi or English)").fill(
        "रंग बहुत सुंदर है, but the zari is a little loose. <b>Still</b> worth it 🙂")
    page.get_by_label("Photos (optional, up to 4; JPEG, PNG or WebP)").set_input_files(str(photo))
    screenshot(page, "review-form-phone")
    page.get_by_test_id("submit-review").click()
    expect(page.locator("body")).to_contain_text("Thank you: your review is on the product page.")
    expect(page.get_by_test_id(f"review-line-{delivered['line_id']}")).to_have_text("Your review")

    page.goto(f"{base}/products/{shop['slug']}")
    summary = page.get_by_test_id("rating-summary").first
    expect(summary).to_contain_text("4.0 out of 5")
    expect(summary).to_contain_text("1 rating")
    review = page.get_by_test_id("review").first
    expect(review).to_contain_text("<b>Still</b> worth it 🙂")  # shown as typed, never as markup
    expect(review).to_contain_text("Bought and delivered")
    expect(review.get_by_role("img", name="Photo 1 from the buyer")).to_be_visible()
    review.scroll_into_view_if_needed()
    screenshot(page, "review-on-product-phone")
    assert errors == []  # no script error, no refused resource (CSP violations fail the fixture too)
