"""What each party sees: a seller only its own part of an order (figures included) and only once
it is paid or confirmed; the checkout page leaves the cart alone; an invoice prints the seller as
it was at checkout and exists only for paid or confirmed parts."""
from sqlalchemy import update

from marketplace.accounts.models import Role
from marketplace.catalog.models import Listing, Seller
from marketplace.extensions import db
from marketplace.orders import cart


def test_seller_json_shows_only_its_own_sub_orders_figures(app, login_as, make_user, make_seller, make_listing, buy):
    client, user = login_as(Role.SELLER)
    mine = make_seller("varanasi", user=user)
    other = make_seller("agra")
    order = buy(make_user(role=Role.BUYER), [(make_listing(seller=mine, price_paise=100000), 1),
                                             (make_listing(seller=other, price_paise=700000), 1)])
    own = next(s for s in order.suborders if s.seller_id == mine.id)
    body = client.get(f"/api/v1/orders/{order.id}").json
    assert [s["id"] for s in body["suborders"]] == [own.id]
    assert (body["goods_paise"], body["freight_paise"], body["subsidy_paise"], body["total_paise"]) == (
        own.goods_paise, own.freight_paise, own.subsidy_paise, own.total_paise)
    listed = client.get("/api/v1/orders").json["orders"]
    assert [o["total_paise"] for o in listed] == [own.total_paise]


def test_seller_cannot_open_a_sub_order_before_it_is_paid(app, login_as, make_user, make_seller, make_listing, buy):
    client, user = login_as(Role.SELLER)
    seller = make_seller("varanasi", user=user)
    order = buy(make_user(role=Role.BUYER), [(make_listing(seller=seller), 1)], payment_method="card")
    sub_id = order.suborders[0].id
    for path in (f"/seller/orders/{sub_id}", f"/seller/orders/{sub_id}/packing-slip",
                 f"/seller/orders/{sub_id}/invoice"):
        response = client.get(path)
        assert response.status_code == 404 and order.ship_line1 not in response.get_data(as_text=True), path
    assert client.get(f"/api/v1/orders/{order.id}").status_code == 404
    assert client.get("/api/v1/orders").json["orders"] == []


def test_opening_checkout_does_not_accept_a_changed_price_in_the_cart(app, login_as, make_listing, make_address):
    client, buyer = login_as(Role.BUYER)
    make_address(buyer)
    listing = make_listing(stock=5, price_paise=100000)
    client.post("/cart/add", data={"listing_id": listing.id, "quantity": "1"})
    with app.app_context():
        db.session.execute(update(Listing).where(Listing.id == listing.id).values(price_paise=120000))
        db.session.commit()
    assert client.get("/checkout").status_code == 200
    with app.app_context():
        assert cart.entries(user_id=buyer.id) == {listing.id: (1, 100000)}
    assert "Price changed" in client.get("/cart").get_data(as_text=True)


def test_invoice_keeps_the_sellers_details_from_checkout(app, login_as, make_seller, make_listing, buy):
    client, buyer = login_as(Role.BUYER)
    seller = make_seller("varanasi", gstin="09AAACB1234C1Z5", enterprise_name_en="Kashi Silk House",
                         address="12 Thatheri Bazar", city="Varanasi", pin_code="221001")
    order = buy(buyer, [(make_listing(seller=seller), 1)])
    sub = order.suborders[0]
    with app.app_context():
        db.session.execute(update(Seller).where(Seller.id == seller.id).values(
            gstin="09ZZZZZ9999Z9Z9", enterprise_name_en="Renamed Later", address="New Road"))
        db.session.commit()
    page = client.get(f"/orders/{order.id}/suborders/{sub.id}/invoice").get_data(as_text=True)
    assert "09AAACB1234C1Z5" in page and "Kashi Silk House" in page and "12 Thatheri Bazar" in page
    assert "09ZZZZZ9999Z9Z9" not in page and "Renamed Later" not in page


def test_no_invoice_before_payment_or_after_cancellation(app, login_as, make_listing, buy):
    client, buyer = login_as(Role.BUYER)
    unpaid = buy(buyer, [(make_listing(stock=5), 1)], payment_method="card")
    sub = unpaid.suborders[0]
    assert client.get(f"/orders/{unpaid.id}/suborders/{sub.id}/invoice").status_code == 404
    assert "/invoice" not in client.get(f"/orders/{unpaid.id}").get_data(as_text=True)
    cod = buy(buyer, [(make_listing(stock=5), 1)])
    cod_sub = cod.suborders[0]
    assert client.get(f"/orders/{cod.id}/suborders/{cod_sub.id}/invoice").status_code == 200
    client.post(f"/orders/{cod.id}/suborders/{cod_sub.id}/cancel", data={"reason": "changed mind"})
    assert client.get(f"/orders/{cod.id}/suborders/{cod_sub.id}/invoice").status_code == 404


def test_what_a_seller_sees_is_one_rule_in_python_and_sql(app, make_user, make_seller, make_listing, buy):
    """``SubOrder.seen_by_seller`` is used by the seller queue, the API and the detail pages."""
    from sqlalchemy import select

    from marketplace.orders.fulfilment import seller_queue
    from marketplace.orders.models import SubOrder

    seller = make_seller("varanasi", user=make_user(role=Role.SELLER))
    other = make_seller("agra")
    buy(make_user(role=Role.BUYER), [(make_listing(seller=seller), 1)], payment_method="card")  # unpaid
    paid = buy(make_user(role=Role.BUYER), [(make_listing(seller=seller), 1), (make_listing(seller=other), 1)])
    mine = next(s.id for s in paid.suborders if s.seller_id == seller.id)
    with app.app_context():
        in_sql = set(db.session.scalars(select(SubOrder.id).where(SubOrder.seen_by_seller(seller.id))))
        in_python = {s.id for s in db.session.scalars(select(SubOrder)) if s.seen_by_seller(seller.id)}
        assert in_sql == in_python == {mine}
        assert [s.id for s in seller_queue(seller.id)] == [mine]
        assert not any(s.seen_by_seller(None) for s in db.session.scalars(select(SubOrder)))
