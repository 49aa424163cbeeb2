"""localstripe itself delivers the signed webhook to a running server: the order becomes paid."""
import time
import urllib.parse
import urllib.request

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.orders import payments
from marketplace.orders.models import Order
from tests.fixtures.orders import STRIPE_TEST_KEY, STRIPE_WEBHOOK_SECRET


def _register_webhook(localstripe, url):
    body = urllib.parse.urlencode({"url": url, "secret": STRIPE_WEBHOOK_SECRET}).encode()
    urllib.request.urlopen(f"{localstripe}/_config/webhooks/odop", data=body, timeout=5).read()


def _placed_card_order(app):
    from marketplace.accounts.services import create_user
    from marketplace.catalog.districts import load_districts
    from marketplace.catalog.models import District, Listing, Seller
    from marketplace.database import utcnow
    from marketplace.orders import cart, checkout
    from marketplace.orders.addresses import AddressInput, save_address

    load_districts()
    varanasi = db.session.scalar(select(District).where(District.slug == "varanasi"))
    owner = create_user("weaver-live@example.com", "x" * 12, "Weaver", role="seller")
    buyer = create_user("buyer-live@example.com", "x" * 12, "Buyer", role="buyer")
    seller = Seller(user_id=owner.id, slug="weaver-live", district_id=varanasi.id, status="verified",
                    udyam_number="UDYAM-UP-70-0000009", verified_at=utcnow())
    db.session.add(seller)
    db.session.flush()
    listing = Listing(seller_id=seller.id, category_id=varanasi.odop_category_id, slug="live-saree", sku="LS-1",
                      title_en="Saree", title_hi="साड़ी", price_paise=300000, stock=2, weight_g=700,
                      status="published", published_at=utcnow())
    db.session.add(listing)
    db.session.commit()
    address = save_address(buyer.id, AddressInput("Buyer", "9876543210", "1 Road", "", "Patna", "Patna", "BR", "800001"))
    cart.add_item(listing.id, 1, user_id=buyer.id)
    return checkout.place_order(buyer.id, checkout_token="live", address_id=address.id, payment_method="card")


def test_localstripe_webhook_marks_the_order_paid(localstripe, live_app, live_server):
    live_app.config.update(STRIPE_SECRET_KEY=STRIPE_TEST_KEY, STRIPE_API_BASE=localstripe,
                           STRIPE_WEBHOOK_SECRET=STRIPE_WEBHOOK_SECRET)
    _register_webhook(localstripe, live_server.url + "/webhooks/stripe")
    try:
        with live_app.app_context():
            order = _placed_card_order(live_app)
            gateway = payments.gateway_from_config()
            payment = payments.start_card_payment(order, gateway, payment_method="pm_card_visa")
            gateway.confirm_intent(payment.provider_intent_id)  # what Stripe.js does in the browser
            order_id = order.id
        deadline = time.monotonic() + 15
        status = None
        while time.monotonic() < deadline:
            with live_app.app_context():
                status = db.session.get(Order, order_id).suborders[0].status
                db.session.remove()
            if status == "paid":
                break
            time.sleep(0.2)
        assert status == "paid"  # set by the webhook alone: nothing else recorded the payment
    finally:
        _register_webhook(localstripe, "http://127.0.0.1:9/unused")
