"""Ids and quantities typed into URLs and forms: superscript digits and numbers beyond any
database column give a clear 404/400 or a form message, never a server error."""
import pytest

from marketplace.accounts.models import Role

HUGE = "99999999999999999999"


@pytest.mark.parametrize("path", ["/api/v1/orders/%C2%B2", f"/api/v1/orders/{HUGE}", "/api/v1/orders/-1"])
def test_order_api_answers_404_json_for_ids_that_are_no_ids(login_as, path):
    client, _ = login_as(Role.BUYER)
    response = client.get(path)
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_buyer_pages_answer_404_for_a_huge_order_id(login_as):
    client, _ = login_as(Role.BUYER)
    assert client.get(f"/orders/{HUGE}").status_code == 404
    assert client.post(f"/orders/{HUGE}/pay").status_code == 404


def test_seller_pages_answer_404_for_a_huge_suborder_id(login_as, make_seller):
    client, user = login_as(Role.SELLER)
    make_seller(user=user)
    assert client.get(f"/seller/orders/{HUGE}").status_code == 404
    assert client.get(f"/seller/orders/{HUGE}/invoice").status_code == 404


def test_cart_refuses_huge_or_foreign_digit_ids_with_a_message(client, make_listing):
    listing = make_listing(stock=5)
    for query in (f"listing_id={HUGE}", "listing_id=%C2%B2", f"listing_id={listing.id}&quantity={HUGE}"):
        response = client.get(f"/cart/add?{query}")
        assert response.status_code in (200, 302), query
    assert client.post("/cart/add", data={"listing_id": HUGE, "quantity": "1"}).status_code == 302
    assert client.post("/cart/update", data={"listing_id": HUGE, "quantity": "1"}).status_code == 302
    assert client.post("/cart/update", data={"listing_id": "²", "quantity": "1"}).status_code == 302


def test_checkout_with_a_huge_address_id_changes_nothing(app, login_as, make_listing, make_address):
    client, buyer = login_as(Role.BUYER)
    make_address(buyer)
    listing = make_listing(stock=5)
    client.post("/cart/add", data={"listing_id": listing.id, "quantity": "1"})
    assert client.get(f"/checkout?address_id={HUGE}").status_code == 200
    response = client.post("/checkout", data={"address_id": HUGE, "payment_method": "cod",
                                              "checkout_token": "t-huge"})
    assert response.status_code == 302
    from marketplace.extensions import db
    from marketplace.orders.models import Order

    with app.app_context():
        assert db.session.query(Order).count() == 0
