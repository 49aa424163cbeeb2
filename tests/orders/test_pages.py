"""Pages and JSON: cart for guests and buyers, checkout, orders, seller queue, documents, and
ownership on every orders route (a buyer sees only their orders, a seller only their sub-orders)."""
import re

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.orders import cart
from marketplace.orders.models import Address, Order, SubOrder


@pytest.fixture
def buyer(make_user):
    return make_user(role=Role.BUYER)


def test_guest_cart_merges_into_the_buyers_cart_on_sign_in(app, client, auth, buyer, make_listing):
    a, b = make_listing(stock=5), make_listing(stock=5, moq=2)
    with app.app_context():
        cart.add_item(a.id, 1, user_id=buyer.id)
    assert client.post("/cart/add", data={"listing_id": a.id, "quantity": 2}).status_code == 302
    client.post("/cart/add", data={"listing_id": b.id, "quantity": 2})
    page = client.get("/cart").get_data(as_text=True)
    assert a.title_en in page and b.title_en in page
    auth.login(buyer)
    with app.app_context():
        assert cart.entries(user_id=buyer.id) == {a.id: (3, 150000), b.id: (2, 150000)}
    with client.session_transaction() as session:
        assert not session.get("cart")


def test_cart_refuses_more_than_stock_and_less_than_moq_with_a_message(client, make_listing):
    listing = make_listing(stock=3, moq=2)
    page = client.post("/cart/add", data={"listing_id": listing.id, "quantity": 5}, follow_redirects=True)
    assert "Only 3 units" in page.get_data(as_text=True)
    page = client.post("/cart/add", data={"listing_id": listing.id, "quantity": 1}, follow_redirects=True)
    assert "at least 2 units" in page.get_data(as_text=True)
    page = client.post("/cart/add", data={"listing_id": "abc", "quantity": "x"}, follow_redirects=True)
    assert page.status_code == 200
    page = client.post("/cart/add", data={"listing_id": 999999, "quantity": 1}, follow_redirects=True)
    assert "no longer for sale" in page.get_data(as_text=True)
    assert "Your cart is empty" in client.get("/cart").get_data(as_text=True)


def test_cart_shows_price_and_stock_changes(app, client, make_listing):
    listing = make_listing(stock=5, price_paise=100000)
    client.post("/cart/add", data={"listing_id": listing.id, "quantity": 4})
    from marketplace.catalog.models import Listing

    with app.app_context():
        row = db.session.get(Listing, listing.id)
        row.price_paise, row.stock = 120000, 2
        db.session.commit()
    page = client.get("/cart").get_data(as_text=True)
    assert "Price changed from ₹1,000.00 to ₹1,200.00" in page
    assert "Only 2 in stock" in page
    assert "go-checkout" not in page


def test_bulk_tier_price_applies_in_the_cart(client, make_listing):
    listing = make_listing(stock=50, price_paise=10000, tiers=[(10, 9000), (25, 8000)])
    client.post("/cart/add", data={"listing_id": listing.id, "quantity": 10})
    page = client.get("/cart").get_data(as_text=True)
    assert "₹900.00" in page  # 10 × ₹90


def _csrf_free_checkout(client, app, buyer):
    page = client.get("/checkout").get_data(as_text=True)
    token = re.search(r'name="checkout_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="checkout_token"', page)
    total = re.search(r'name="expected_charges_paise"[^>]*value="(\d+)"', page) or re.search(
        r'value="(\d+)"[^>]*name="expected_charges_paise"', page)
    with app.app_context():
        address_id = db.session.scalar(select(Address.id).where(Address.user_id == buyer.id))
    return page, token.group(1), total.group(1), address_id


def test_checkout_page_shows_freight_and_subsidy_before_placing(app, client, auth, buyer, make_listing,
                                                                 subsidy_policy):
    listing = make_listing(stock=5)
    auth.login(buyer)
    client.post("/cart/add", data={"listing_id": listing.id, "quantity": 1})
    bad = client.post("/checkout/address", data={"full_name": "Asha", "phone": "12345", "line1": "1 Rd",
                                                 "city": "Agra", "district": "Agra", "state_code": "XX",
                                                 "pin_code": "0123"})
    assert bad.status_code == 400
    text = bad.get_data(as_text=True)
    assert "6-digit PIN" in text and "10-digit Indian mobile" in text
    ok = client.post("/checkout/address", data={"full_name": "Asha", "phone": "98765 43210", "line1": "1 Rd",
                                                "city": "Agra", "district": "Agra", "state_code": "UP",
                                                "pin_code": "282001"})
    assert ok.status_code == 302
    page, token, total, address_id = _csrf_free_checkout(client, app, buyer)
    assert "Within Uttar Pradesh" in page and "Freight subsidy (ODOP, confirmed when you place the order)" in page and "eligible" in page
    assert "Uttar Pradesh" in page and "Ladakh" in page  # the state/UT list
    response = client.post("/checkout", data={"address_id": address_id, "payment_method": "cod",
                                              "checkout_token": token, "expected_charges_paise": total})
    assert response.status_code == 302
    again = client.post("/checkout", data={"address_id": address_id, "payment_method": "cod",
                                           "checkout_token": token, "expected_charges_paise": total})
    assert again.headers["Location"] == response.headers["Location"]
    with app.app_context():
        orders = db.session.scalars(select(Order)).all()
        assert len(orders) == 1 and str(orders[0].goods_paise + orders[0].freight_paise) == total
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Confirmed (cash on delivery)" in detail and "Freight subsidy: eligible" in detail


def test_seller_fulfils_from_the_queue_and_buyer_sees_the_timeline(app, client, login_as, buyer, auth,
                                                                   make_seller, make_listing, buy):
    seller_client, seller_user = login_as(Role.SELLER)
    seller = make_seller(user=seller_user, gstin="09AAACB1234C1Z5")
    listing = make_listing(seller=seller, stock=5, hsn_code="5007", gst_rate_bp=500, price_paise=105000)
    order = buy(buyer, [(listing, 2)])
    sub_id = order.suborders[0].id
    queue = seller_client.get("/seller/orders/").get_data(as_text=True)
    assert order.suborders[0].number in queue
    assert seller_client.post(f"/seller/orders/{sub_id}/ship", data={"carrier": "India Post",
                                                                     "tracking_number": "EE1IN"}).status_code == 302
    assert "Accept the order before you book its shipment" in seller_client.get(f"/seller/orders/{sub_id}").get_data(as_text=True)
    seller_client.post(f"/seller/orders/{sub_id}/accept")
    seller_client.post(f"/seller/orders/{sub_id}/ship", data={"carrier": "", "tracking_number": ""})
    with app.app_context():
        assert db.session.get(SubOrder, sub_id).status == "accepted"
    seller_client.post(f"/seller/orders/{sub_id}/ship", data={"carrier": "India Post", "tracking_number": "EE1IN"})
    seller_client.post(f"/seller/orders/{sub_id}/deliver")
    with app.app_context():
        sub = db.session.get(SubOrder, sub_id)
        assert sub.status == "delivered" and sub.tracking_number == "EE1IN"
        assert [h.to_status for h in sub.history] == ["confirmed", "accepted", "shipped", "delivered"]  # COD: no payment awaited
        assert sub.order.payments[0].status == "succeeded"  # cash collected on delivery
    invoice = seller_client.get(f"/seller/orders/{sub_id}/invoice").get_data(as_text=True)
    assert "Tax invoice" in invoice and "09AAACB1234C1Z5" in invoice and "5007" in invoice
    assert "₹2,000.00" in invoice and "₹50.00" in invoice  # taxable 2 × ₹1,000, CGST 2.5%
    slip = seller_client.get(f"/seller/orders/{sub_id}/packing-slip").get_data(as_text=True)
    assert listing.sku in slip and "Packing slip" in slip
    auth.login(buyer)
    detail = client.get(f"/orders/{order.id}").get_data(as_text=True)
    assert "Delivered" in detail and "India Post" in detail and "Timeline" in detail
    assert client.get(f"/orders/{order.id}/suborders/{sub_id}/invoice").status_code == 200


def test_buyer_cannot_cancel_after_acceptance(app, client, auth, buyer, make_seller, make_listing, buy):
    seller = make_seller()
    order = buy(buyer, [(make_listing(seller=seller, stock=5), 1)])
    sub_id = order.suborders[0].id
    from marketplace.orders import fulfilment

    with app.app_context():
        fulfilment.move(sub_id, "accepted", actor="seller", user_id=seller.user_id, seller_id=seller.id)
    auth.login(buyer)
    page = client.post(f"/orders/{order.id}/suborders/{sub_id}/cancel", data={"reason": "too slow"},
                       follow_redirects=True).get_data(as_text=True)
    assert "not allowed" in page
    with app.app_context():
        assert db.session.get(SubOrder, sub_id).status == "accepted"


# --------------------------------------------------------------------------- ownership

@pytest.fixture
def two_orders(app, make_user, make_seller, make_listing, buy, login_as):
    """Order A (buyer A, seller A) and order B (buyer B, seller B); clients signed in as A."""
    buyer_client, buyer_a = login_as(Role.BUYER)
    seller_client, seller_user_a = login_as(Role.SELLER)
    seller_a = make_seller(user=seller_user_a)
    seller_b = make_seller(district="agra")
    buyer_b = make_user(role=Role.BUYER)
    order_a = buy(buyer_a, [(make_listing(seller=seller_a, stock=5), 1)])
    order_b = buy(buyer_b, [(make_listing(seller=seller_b, stock=5), 1)])
    return buyer_client, seller_client, order_a, order_b


def test_buyer_sees_only_their_own_orders(two_orders):
    buyer_client, _, order_a, order_b = two_orders
    sub_b = order_b.suborders[0].id
    assert buyer_client.get(f"/orders/{order_a.id}").status_code == 200
    for url in (f"/orders/{order_b.id}", f"/orders/{order_b.id}/pay", f"/orders/{order_b.id}/paid",
                f"/orders/{order_b.id}/suborders/{sub_b}/invoice"):
        assert buyer_client.get(url).status_code == 404, url
    assert buyer_client.post(f"/orders/{order_b.id}/suborders/{sub_b}/cancel",
                             data={"reason": "x"}).status_code == 404
    assert buyer_client.post(f"/orders/{order_a.id}/suborders/{sub_b}/cancel",
                             data={"reason": "x"}).status_code == 404
    listing = buyer_client.get("/orders").get_data(as_text=True)
    assert order_a.number in listing and order_b.number not in listing
    api = buyer_client.get("/api/v1/orders").json
    assert [o["id"] for o in api["orders"]] == [order_a.id]
    assert buyer_client.get(f"/api/v1/orders/{order_a.id}").json["suborders"][0]["subsidy"]["reason"] == "policy_inactive"
    missing = buyer_client.get(f"/api/v1/orders/{order_b.id}")
    assert missing.status_code == 404 and missing.json["error"]["code"] == "not_found"
    assert buyer_client.get("/api/v1/orders/abc").status_code == 404


def test_seller_sees_only_their_own_suborders(two_orders):
    _, seller_client, order_a, order_b = two_orders
    sub_a, sub_b = order_a.suborders[0].id, order_b.suborders[0].id
    assert seller_client.get(f"/seller/orders/{sub_a}").status_code == 200
    for url in (f"/seller/orders/{sub_b}", f"/seller/orders/{sub_b}/invoice", f"/seller/orders/{sub_b}/packing-slip"):
        assert seller_client.get(url).status_code == 404, url
    for action in ("accept", "deliver"):
        assert seller_client.post(f"/seller/orders/{sub_b}/{action}").status_code == 404
    assert seller_client.post(f"/seller/orders/{sub_b}/cancel", data={"reason": "x"}).status_code == 404
    assert seller_client.post(f"/seller/orders/{sub_b}/ship",
                              data={"carrier": "x", "tracking_number": "y"}).status_code == 404
    queue = seller_client.get("/seller/orders/").get_data(as_text=True)
    assert order_a.suborders[0].number in queue and order_b.suborders[0].number not in queue
    api = seller_client.get("/api/v1/orders").json
    assert [o["id"] for o in api["orders"]] == [order_a.id]
    assert seller_client.get(f"/api/v1/orders/{order_b.id}").status_code == 404
    assert seller_client.get(f"/api/v1/orders/{order_a.id}").status_code == 200


def test_other_roles_cannot_use_buyer_and_seller_pages(app, login_as):
    for role, urls in ((Role.SELLER, ["/checkout", "/orders"]), (Role.BUYER, ["/seller/orders/"]),
                       (Role.ORGANISER, ["/checkout", "/seller/orders/", "/api/v1/orders"])):
        client, _ = login_as(role)
        for url in urls:
            assert client.get(url).status_code == 403, (role, url)


def test_reading_the_cart_sets_no_cookie_so_catalogue_pages_stay_cacheable(client):
    response = client.get("/cart")
    assert response.status_code == 200
    assert not response.headers.getlist("Set-Cookie")


def test_visitor_without_session_confirms_once_then_adds(app, client, make_listing):
    listing = make_listing(stock=5, moq=2)
    page = client.get(f"/cart/add?listing_id={listing.id}&quantity=3")
    assert page.status_code == 200
    assert listing.title_en in page.get_data(as_text=True)
    client.post("/cart/add", data={"listing_id": listing.id, "quantity": 3})
    assert listing.title_en in client.get("/cart").get_data(as_text=True)
    assert client.get("/cart/add?listing_id=nonsense").status_code == 302


def test_seller_sees_the_claim_of_a_subsidised_shipment(app, login_as, make_seller, make_listing, buy, make_user,
                                                         subsidy_policy, deliver_suborder):
    from marketplace.orders import claims

    seller_client, seller_user = login_as(Role.SELLER, locale="hi")
    seller = make_seller(user=seller_user)
    order = buy(make_user(role=Role.BUYER), [(make_listing(seller=seller), 1)])
    sub_id = order.suborders[0].id
    deliver_suborder(sub_id)
    with app.app_context():
        claim_id = db.session.get(SubOrder, sub_id).claim.id
        claims.move_claim(claim_id, "approved", actor_id=seller_user.id)
        claims.move_claim(claim_id, "paid", actor_id=seller_user.id, dbt_reference="PFMS-77")
    page = seller_client.get(f"/seller/orders/{sub_id}").get_data(as_text=True)
    assert "विक्रेता को भुगतान किया गया" in page and "PFMS-77" in page
    assert "भाड़ा अनुदान: पात्र" in page


def test_checkout_and_order_pages_in_hindi(app, login_as, make_listing, make_address, subsidy_policy):
    client, buyer = login_as(Role.BUYER, locale="hi")
    make_address(buyer)
    listing = make_listing(stock=5)
    client.post("/cart/add", data={"listing_id": listing.id, "quantity": 1})
    page = client.get("/checkout").get_data(as_text=True)
    assert "केंद्र शासित प्रदेश" in page and "लद्दाख" in page and "भाड़ा अनुदान" in page
    assert "₹" in page and "डिलीवरी पर नकद भुगतान" in page
    cart_page = client.get("/cart").get_data(as_text=True)
    assert "आपकी टोकरी" in cart_page


def test_header_badge_counts_units_in_the_cart(client, auth, buyer, make_listing):
    listing = make_listing(stock=9)
    client.post("/cart/add", data={"listing_id": listing.id, "quantity": 2})
    assert '<span class="badge">2</span>' in client.get("/cart").get_data(as_text=True)
    auth.login(buyer)  # the guest cart moves into the stored one
    client.post("/cart/add", data={"listing_id": listing.id, "quantity": 3})
    assert '<span class="badge">5</span>' in client.get("/cart").get_data(as_text=True)
